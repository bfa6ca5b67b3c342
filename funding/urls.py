from django.urls import path

from funding import views

urlpatterns = [
    path("funders/", views.funder_list, name="funder_list"),
    path("funders/new/", views.funder_create, name="funder_create"),
    path("funders/<int:pk>/edit/", views.funder_edit, name="funder_edit"),
    path("financial-years/", views.financial_year_list, name="financial_year_list"),
    path("financial-years/new/", views.financial_year_create, name="financial_year_create"),
    path(
        "financial-years/<int:pk>/close/", views.financial_year_close, name="financial_year_close"
    ),
    path(
        "financial-years/<int:pk>/reopen/",
        views.financial_year_reopen,
        name="financial_year_reopen",
    ),
    path("budgets/new/", views.budget_create, name="budget_create"),
    path("budgets/<int:pk>/edit/", views.budget_edit, name="budget_edit"),
]
