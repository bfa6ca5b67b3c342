from django.urls import path

from induction import views

urlpatterns = [
    path("induction/schemes/<int:pk>/", views.buddy_pairing_list, name="buddy_pairing_list"),
    path(
        "induction/schemes/<int:pk>/pairings/new/",
        views.buddy_pairing_create,
        name="buddy_pairing_create",
    ),
    path("induction/pairings/<int:pk>/end/", views.buddy_pairing_end, name="buddy_pairing_end"),
    path(
        "induction/schemes/<int:pk>/events/new/",
        views.training_event_create,
        name="training_event_create",
    ),
    path("induction/events/<int:pk>/edit/", views.training_event_edit, name="training_event_edit"),
]
