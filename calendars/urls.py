from django.urls import path

from calendars import views

urlpatterns = [
    path("accounts/calendar/", views.calendar_feed, name="calendar_feed"),
    path("accounts/calendar/renew/", views.calendar_feed_renew, name="calendar_feed_renew"),
    path("accounts/calendar/turn-off/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed_ics, name="calendar_feed_ics"),
]
