from django.urls import path

from mentoring import views

urlpatterns = [
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("reflections/", views.reflection_list, name="reflection_list"),
    path("confidential-access/", views.confidential_access_log, name="confidential_access_log"),
]
