"""Confidence check-ins and ward visits (added to mentoring/urls.py)."""

from django.urls import path

from mentoring.views import confidence, ward

urlpatterns = [
    path("confidence/", confidence.confidence_overview, name="confidence_overview"),
    path("confidence/new/", confidence.confidence_create, name="confidence_create"),
    path("confidence/mentees/<int:pk>/", confidence.confidence_detail, name="confidence_detail"),
    path("ward-visits/<int:pk>/", ward.ward_visit_detail, name="ward_visit_detail"),
    path("ward-visits/<int:pk>/report.pdf", ward.ward_visit_pdf, name="ward_visit_pdf"),
    path("ward-visits/<int:pk>/report/", ward.ward_report_edit, name="ward_report_edit"),
    path("ward-visits/<int:pk>/issues/new/", ward.ward_issue_create, name="ward_issue_create"),
    path("ward-issues/<int:pk>/edit/", ward.ward_issue_edit, name="ward_issue_edit"),
    path("ward-issues/<int:pk>/delete/", ward.ward_issue_delete, name="ward_issue_delete"),
]
