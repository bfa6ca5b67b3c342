"""In-app notifications, and the record of every reminder sent.

A ``Reminder`` row is the reminder's key (kind, object, recipient, due date),
unique in the database: whoever finds the same reminder again (a second run,
a retried task, a second worker) finds the row and sends nothing. A run claims
a row with a conditional update before sending, and marks it sent after; a
send that fails is recorded on the row and tried again on the next run.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from notifications import access
from notifications.rules import NOTIFICATION_KINDS, ReminderKind

# A claim older than this belonged to a run that died mid-send: it may be taken again.
CLAIM_STALE_AFTER = datetime.timedelta(minutes=15)
# After this many failed sends a reminder waits for a person (the admin shows its error).
MAX_ATTEMPTS = 10


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.notifications_visible_to(self, user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something the programme told a person, shown under the bell.

    The title and body are plain, factual text; never confidential content.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=NOTIFICATION_KINDS)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="A page of this site.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def claimable(self, now=None):
        """Unsent, not being sent by a live run, and not given up on."""
        now = now or timezone.now()
        return self.unsent().filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_STALE_AFTER),
            attempts__lt=MAX_ATTEMPTS,
        )


class Reminder(models.Model):
    """One reminder for one person about one thing falling due on one date."""

    kind = models.CharField(max_length=40, choices=ReminderKind.choices)
    object_type = models.CharField(max_length=60, help_text="e.g. mentoring.placement")
    object_id = models.PositiveBigIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.UUIDField(
        null=True, blank=True, editable=False, help_text="The sending run that holds it."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "recipient", "due_on"],
                name="reminder_sent_once",
            )
        ]
        indexes = [models.Index(fields=["sent_at"], name="reminder_unsent")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def key(self) -> tuple:
        return (self.kind, self.object_type, self.object_id, self.recipient_id, self.due_on)
