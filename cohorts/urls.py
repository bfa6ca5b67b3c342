from django.urls import path

from cohorts import views

urlpatterns = [
    path("cohorts/", views.run_list, name="cohort_run_list"),
    path("cohorts/new/", views.run_create, name="cohort_run_create"),
    path("cohorts/<int:pk>/", views.run_detail, name="cohort_run_detail"),
    path("cohorts/<int:pk>/publish/", views.drafts_publish, name="cohort_drafts_publish"),
    path("cohorts/<int:pk>/discard/", views.drafts_discard, name="cohort_drafts_discard"),
    path("cohorts/<int:pk>/drafts/<int:draft_pk>/", views.draft_edit, name="cohort_draft_edit"),
]
