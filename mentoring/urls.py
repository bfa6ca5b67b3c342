from django.urls import path

from mentoring.views import (
    agreements,
    confidence,
    confidential_access,
    mentors,
    placements,
    reflections,
    sessions,
    ward,
)

urlpatterns = [
    path("placements/", placements.placement_list, name="placement_list"),
    path("placements/export.csv", placements.placement_export, name="placement_export"),
    path("placements/new/", placements.placement_create, name="placement_create"),
    path("placements/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/edit/", placements.placement_edit, name="placement_edit"),
    path(
        "placements/<int:pk>/status/<str:action>/",
        placements.placement_status,
        name="placement_status",
    ),
    path("sessions/", sessions.session_list, name="session_list"),
    path(
        "placements/<int:placement_pk>/log-session/", sessions.session_create, name="session_create"
    ),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", sessions.session_delete, name="session_delete"),
    path(
        "placements/<int:placement_pk>/agreements/new/",
        agreements.agreement_start,
        name="agreement_start",
    ),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/change/", agreements.agreement_change, name="agreement_change"),
    path("agreements/<int:pk>/pdf/", agreements.agreement_pdf_view, name="agreement_pdf"),
    path(
        "agreements/<int:pk>/<str:action>/",
        agreements.agreement_action,
        name="agreement_action",
    ),
    path("reflections/new/", reflections.reflection_create, name="reflection_create"),
    path("protocol/", agreements.protocol_edit, name="protocol_edit"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("mentors/", mentors.mentor_list, name="mentor_list"),
    path("mentors/export.csv", mentors.mentor_export, name="mentor_export"),
    path("mentors/new/", mentors.mentor_create, name="mentor_create"),
    path("mentors/<int:pk>/", mentors.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/edit/", mentors.mentor_edit, name="mentor_edit"),
    path("reflections/", reflections.reflection_list, name="reflection_list"),
    path(
        "confidential-access/",
        confidential_access.confidential_access_log,
        name="confidential_access_log",
    ),
    path("pair-accounts/", confidential_access.pair_access_list, name="pair_access_list"),
    path(
        "pair-accounts/<int:pk>/confirm/",
        confidential_access.pair_access_confirm,
        name="pair_access_confirm",
    ),
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
