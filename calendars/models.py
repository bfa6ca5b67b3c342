"""A private calendar feed per user: sessions, agreement reviews and review visits
for Outlook or Google Calendar.

The feed's address carries a secret token. Only a SHA-256 hash of it is kept,
so a copy of the database cannot be used to read anyone's calendar; the full
address is shown once, when it is made or renewed.
"""

from django.conf import settings
from django.db import models


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(help_text="When the current address was made.")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
