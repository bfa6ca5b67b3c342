from django.urls import path

from privacy import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("privacy/my-data/", views.my_data, name="privacy_my_data"),
    path("privacy/my-data/export.<str:fmt>", views.my_data_export, name="privacy_my_data_export"),
    path("privacy/people/", views.people, name="privacy_people"),
    path("privacy/people/<str:kind>/<int:pk>/", views.person_detail, name="privacy_person"),
    path(
        "privacy/people/<str:kind>/<int:pk>/export.<str:fmt>",
        views.person_export,
        name="privacy_person_export",
    ),
    path(
        "privacy/people/<str:kind>/<int:pk>/erase/",
        views.person_erase,
        name="privacy_person_erase",
    ),
]
