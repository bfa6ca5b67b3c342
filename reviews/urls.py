from django.urls import path

from reviews import views

urlpatterns = [
    path("reviews/", views.visit_list, name="visit_list"),
    path("reviews/<int:pk>/", views.visit_detail, name="visit_detail"),
]
