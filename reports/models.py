"""Monthly progress reports for commissioners, and the manager's narrative.

One report per council and calendar month, enforced by the database: a
second render of the same month replaces the file on the same row. The PDF is
stored in media storage and served only through a view that checks who may
read it (programme managers, and the commissioners of that council).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from councils.models import Council
from reports import access


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being produced"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


def month_label(month: datetime.date) -> str:
    return f"{month:%B %Y}"


def report_upload_to(instance, filename: str) -> str:
    """A fresh name for each render, so the new file is in place before the old goes."""
    return (
        f"monthly-reports/{instance.council.slug}/"
        f"{instance.council.slug}-{instance.month:%Y-%m}-{uuid.uuid4().hex[:12]}.pdf"
    )


class MonthlyReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.reports_visible_to(self, user)

    def councils_visible_to(self, user):
        """The councils whose reports pages the user may open."""
        return access.report_councils_visible_to(user)


class MonthlyReport(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="monthly_reports")
    month = models.DateField(help_text="The first day of the month reported on.")
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    file = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    checksum = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    run_id = models.CharField(
        max_length=255, blank=True, help_text="The Celery task that produced it, or 'manual'."
    )
    error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the commissioners were sent a link (once)."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["council", "month"], name="one_report_per_month"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""),
                name="done_report_has_file",
                violation_error_message="A report that is ready has its file.",
            ),
        ]

    def __str__(self):
        return f"{self.council}: {month_label(self.month)}"

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def month_has_ended(self) -> bool:
        return self.month < timezone.localdate().replace(day=1)

    @property
    def status_label(self) -> str:
        """The status in words; a report of a month not yet over is not "Ready": its
        figures are the month's so far."""
        if self.status == ReportStatus.DONE and not self.month_has_ended:
            return "In progress (the month has not ended)"
        return self.get_status_display()

    @property
    def download_name(self) -> str:
        return f"monthly-report-{self.council.slug}-{self.month:%Y-%m}.pdf"


class ReportNarrative(models.Model):
    """What the programme manager writes for a council's month, before it is sent."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="report_narratives")
    month = models.DateField(help_text="The first day of the month.")
    text = models.TextField(
        "narrative",
        blank=True,
        help_text="Progress, concerns and next steps in the programme manager's words. "
        "It is printed in the report as written; never put what was said in a "
        "mentoring session here.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["council", "month"], name="one_narrative_per_month")
        ]

    def __str__(self):
        return f"Narrative for {self.council}, {month_label(self.month)}"


class StatementEmail(models.Model):
    """That a month's statement link went to a mentor, or the recharge schedules' link to
    the programme managers (no mentor): recorded before sending, so a retried task or a
    second run sends nothing twice."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", "Mentor's statement"
        RECHARGES = "recharges", "Recharge schedules"

    mentor = models.ForeignKey(
        "mentoring.Mentor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statement_emails",
    )
    month = models.DateField(help_text="The first day of the month.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "kind", "mentor"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "month", "kind"], name="one_statement_email_per_month"
            ),
            models.UniqueConstraint(
                fields=["month", "kind"],
                condition=Q(mentor__isnull=True),
                name="one_recharge_email_per_month",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {month_label(self.month)}"
