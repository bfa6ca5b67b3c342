from django.urls import path

from councils import political_group_views as groups
from councils import views

urlpatterns = [
    path("councils/", views.council_list, name="council_list"),
    path("councils/new/", views.council_create, name="council_create"),
    path("councils/<int:pk>/", views.council_detail, name="council_detail"),
    path("councils/<int:pk>/edit/", views.council_update, name="council_update"),
    path(
        "councils/<int:pk>/governance/",
        views.governance_change_create,
        name="governance_change_create",
    ),
    path(
        "councils/<int:pk>/groups/new/",
        groups.political_group_create,
        name="political_group_create",
    ),
    path("groups/<int:pk>/", groups.political_group_detail, name="political_group_detail"),
    path("groups/<int:pk>/edit/", groups.political_group_edit, name="political_group_edit"),
    path(
        "groups/<int:pk>/members/new/",
        groups.political_group_member_create,
        name="political_group_member_create",
    ),
    path(
        "groups/<int:pk>/members/<int:member_pk>/end/",
        groups.political_group_member_end_view,
        name="political_group_member_end",
    ),
    path("councillors/", views.councillor_list, name="councillor_list"),
    path("councillors/export.csv", views.councillor_export, name="councillor_export"),
    path("councillors/new/", views.councillor_create, name="councillor_create"),
    path("councillors/<int:pk>/", views.councillor_detail, name="councillor_detail"),
    path("councillors/<int:pk>/edit/", views.councillor_update, name="councillor_update"),
    path(
        "councillors/<int:pk>/roles/",
        views.role_appointment_create,
        name="role_appointment_create",
    ),
    path(
        "councillors/<int:pk>/roles/<int:appointment_pk>/end/",
        views.role_appointment_end,
        name="role_appointment_end",
    ),
    path(
        "councillors/<int:pk>/left-office/",
        views.councillor_leave_office,
        name="councillor_leave_office",
    ),
    path("elections/import/", views.election_import, name="election_import"),
    path(
        "elections/import/preview/",
        views.election_import_preview,
        name="election_import_preview",
    ),
    path(
        "elections/import/confirm/",
        views.election_import_confirm,
        name="election_import_confirm",
    ),
    path(
        "elections/import/sample.csv",
        views.election_import_sample,
        name="election_import_sample",
    ),
]
