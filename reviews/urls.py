from django.urls import path

from reviews import views

urlpatterns = [
    path("reviews/", views.visit_list, name="visit_list"),
    path("reviews/new/", views.visit_create, name="visit_create"),
    path("reviews/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("reviews/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("reviews/<int:pk>/status/", views.visit_status, name="visit_status"),
    path("reviews/<int:pk>/reopen/", views.visit_reopen, name="visit_reopen"),
    path(
        "reviews/<int:pk>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "reviews/recommendations/<int:pk>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path("reviews/<int:pk>/action-plan/", views.action_plan, name="action_plan"),
    path("reviews/<int:pk>/action-plan.pdf", views.action_plan_pdf, name="action_plan_pdf"),
    path(
        "reviews/recommendations/<int:pk>/actions/new/",
        views.action_create,
        name="action_create",
    ),
    path("reviews/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path(
        "reviews/actions/<int:pk>/updates/new/",
        views.progress_update_create,
        name="progress_update_create",
    ),
    path("reviews/<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("reviews/documents/<int:pk>/", views.document_download, name="document_download"),
    path("reviews/documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
]
