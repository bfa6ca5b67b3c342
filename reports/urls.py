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

STATEMENT = "statements/<int:mentor_pk>/<int:year>-<int:month>/"
RECHARGE = "recharges/<slug:council_slug>/<int:funder_pk>/<int:year>-<int:month>/"

urlpatterns += [
    path("statements/", views.statement_list, name="statement_list"),
    path(STATEMENT, views.statement_detail, name="statement_detail"),
    path(f"{STATEMENT}pdf", views.statement_pdf, name="statement_pdf"),
    path(f"{STATEMENT}csv", views.statement_csv, name="statement_csv"),
    path("recharges/", views.recharge_list, name="recharge_list"),
    path(f"{RECHARGE}csv", views.recharge_csv, name="recharge_csv"),
    path(f"{RECHARGE}pdf", views.recharge_pdf, name="recharge_pdf"),
]
