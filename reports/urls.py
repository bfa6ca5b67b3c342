from django.urls import path

from reports import views

urlpatterns = [
    path("councils/<slug:slug>/reports/", views.report_list, name="report_list"),
    path("councils/<slug:slug>/reports/new/", views.report_request, name="report_request"),
    path("councils/<slug:slug>/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path(
        "councils/<slug:slug>/reports/<int:pk>/monthly-report.pdf",
        views.report_download,
        name="report_download",
    ),
    path(
        "councils/<slug:slug>/reports/narrative/<int:year>-<int:month>/",
        views.narrative_edit,
        name="narrative_edit",
    ),
]
