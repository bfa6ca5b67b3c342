"""The record that a person's data was erased: when and why, never who they were."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SubjectType(models.TextChoices):
    COUNCILLOR = "councillor", "Councillor"
    OFFICER = "officer", "Officer"
    MENTOR = "mentor", "Mentor"
    USER = "user", "Sign-in account"


class ErasureTrigger(models.TextChoices):
    RETENTION = "retention", "The retention period passed"
    REQUEST = "request", "A programme manager, on request"


class ErasureRecord(models.Model):
    """One record (councillor, officer, mentor or account) that was anonymised.

    Keeps the erasure from being run twice and lets a programme manager answer
    "was this person's data erased, and when?". Holds ids only.
    """

    subject_type = models.CharField(max_length=20, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField()
    erased_at = models.DateTimeField(default=timezone.now)
    trigger = models.CharField(max_length=20, choices=ErasureTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="erasure_once_per_record"
            )
        ]

    def __str__(self):
        return f"{self.get_subject_type_display()} #{self.subject_id} erased"
