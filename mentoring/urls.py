from django.urls import path

from mentoring.views import agreements, mentors, pair, placements, sessions

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
    path("sessions/", placements.session_list, name="session_list"),
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
    path("agreements/<int:pk>/pdf/", agreements.agreement_pdf_view, name="agreement_pdf"),
    path(
        "agreements/<int:pk>/<str:action>/",
        agreements.agreement_action,
        name="agreement_action",
    ),
    path("reflections/new/", sessions.reflection_create, name="reflection_create"),
    path("protocol/", agreements.protocol_edit, name="protocol_edit"),
    path("sessions/<int:pk>/", pair.session_detail, name="session_detail"),
    path("mentors/", mentors.mentor_list, name="mentor_list"),
    path("mentors/export.csv", mentors.mentor_export, name="mentor_export"),
    path("mentors/new/", mentors.mentor_create, name="mentor_create"),
    path("mentors/<int:pk>/", mentors.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/edit/", mentors.mentor_edit, name="mentor_edit"),
    path("reflections/", pair.reflection_list, name="reflection_list"),
    path("confidential-access/", pair.confidential_access_log, name="confidential_access_log"),
    path("pair-accounts/", pair.pair_access_list, name="pair_access_list"),
    path("pair-accounts/<int:pk>/confirm/", pair.pair_access_confirm, name="pair_access_confirm"),
]

from mentoring import urls_extra  # noqa: E402

urlpatterns += urls_extra.urlpatterns
