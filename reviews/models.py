"""Review visits of a council, their recommendations and the action plan."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.validators import single_line
from councils.models import Council
from reviews import access


class VisitKind(models.TextChoices):
    PROGRESS_REVIEW = "progress-review", "Progress review"
    CORPORATE_PEER_CHALLENGE = "corporate-peer-challenge", "Corporate peer challenge"
    CHECK_IN = "check-in", "Check-in of an earlier visit"
    MENTORING_REVIEW = "mentoring-review", "Mentoring review"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ON_SITE = "on-site", "On site"
    REPORT_DRAFTED = "report-drafted", "Report drafted"
    PUBLISHED = "published", "Published"


# Where a visit may go from each status. A published visit goes back only by
# being reopened, with a reason (``services.visit_reopen``).
NEXT_STATUSES = {
    VisitStatus.PLANNED: [VisitStatus.ON_SITE, VisitStatus.REPORT_DRAFTED, VisitStatus.PUBLISHED],
    VisitStatus.ON_SITE: [VisitStatus.PLANNED, VisitStatus.REPORT_DRAFTED, VisitStatus.PUBLISHED],
    VisitStatus.REPORT_DRAFTED: [VisitStatus.ON_SITE, VisitStatus.PUBLISHED],
    VisitStatus.PUBLISHED: [],
}


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ReviewVisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.visits_visible_to(self, user)


class ReviewVisit(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="review_visits")
    kind = models.CharField(max_length=30, choices=VisitKind.choices)
    title = models.CharField(max_length=200, validators=[single_line])
    checks_visit = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_ins",
        help_text="For a check-in: the visit whose recommendations it checks.",
    )
    first_day = models.DateField("first day on site")
    last_day = models.DateField("last day on site")
    question = models.TextField("the question asked", blank=True)
    scope = models.TextField(blank=True)
    out_of_scope = models.TextField(blank=True)
    evidence = models.TextField("evidence considered", blank=True)
    findings = models.TextField(blank=True)
    judgement = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    published_on = models.DateField(null=True, blank=True)

    objects = ReviewVisitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="visit_last_day_after_first",
                violation_error_message="The last day on site cannot be before the first.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="check-in") | Q(checks_visit__isnull=False),
                name="check_in_names_its_visit",
                violation_error_message="A check-in must name the visit it checks.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.first_day:%B %Y})"

    @property
    def is_published(self) -> bool:
        return self.status == VisitStatus.PUBLISHED

    @property
    def is_check_in(self) -> bool:
        return self.kind == VisitKind.CHECK_IN

    def next_statuses(self) -> list[VisitStatus]:
        return list(NEXT_STATUSES[VisitStatus(self.status)])

    def status_change_errors(self, to_status: str, *, today) -> list[str]:
        """Why this visit cannot move to ``to_status`` today, in plain words (none: it can)."""
        if to_status == self.status:
            return [f"The visit is already {self.get_status_display().lower()}."]
        if self.is_published:
            return ["A published visit is reopened, with a reason, before its status changes."]
        if to_status not in self.next_statuses():
            return [f"A visit cannot go from {self.get_status_display().lower()} to that status."]
        errors = []
        if to_status == VisitStatus.ON_SITE and self.first_day > today:
            errors.append(f"The peer team is not on site before {self.first_day:%d/%m/%Y}.")
        if (
            to_status in (VisitStatus.REPORT_DRAFTED, VisitStatus.PUBLISHED)
            and self.last_day > today
        ):
            errors.append(
                f"The report follows the last day on site ({self.last_day:%d/%m/%Y}), "
                "which has not passed yet."
            )
        if to_status == VisitStatus.PUBLISHED:
            if not self.findings.strip():
                errors.append(
                    "Write the peers' new observations before publishing."
                    if self.is_check_in
                    else "Write the findings before publishing."
                )
            if not self.is_check_in and not self.judgement.strip():
                errors.append("Write the judgement before publishing.")
        return errors

    def clean(self):
        errors = {}
        if self.first_day and self.last_day and self.last_day < self.first_day:
            errors["last_day"] = "The last day on site cannot be before the first."
        if self.kind == VisitKind.CHECK_IN and not self.checks_visit_id:
            errors["checks_visit"] = "A check-in must name the visit it checks."
        if self.checks_visit_id:
            if self.checks_visit_id == self.pk:
                errors["checks_visit"] = "A visit cannot check itself."
            elif self.council_id and self.checks_visit.council_id != self.council_id:
                errors["checks_visit"] = "A check-in checks a visit to the same council."
        if errors:
            raise ValidationError(errors)


class VisitStatusChange(models.Model):
    """Each change of a visit's status, who made it and (to reopen) why. Kept for good."""

    visit = models.ForeignKey(ReviewVisit, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=VisitStatus.choices)
    to_status = models.CharField(max_length=20, choices=VisitStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_status_changes",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["visit", "-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=VisitStatus.PUBLISHED) | ~Q(reason=""),
                name="reopening_a_visit_gives_a_reason",
                violation_error_message="Give the reason for reopening a published visit.",
            ),
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} to {self.get_to_status_display()}"

    @property
    def is_reopening(self) -> bool:
        return self.from_status == VisitStatus.PUBLISHED


class DocumentKind(models.TextChoices):
    LETTER = "letter", "Letter"
    REPORT = "report", "Report"
    OTHER = "other", "Other document"


def document_upload_to(instance, filename: str) -> str:
    """A random stored name: the person's file name is kept in ``original_name`` only."""
    suffix = PurePath(filename).suffix.lower()
    return f"review-documents/{instance.visit_id}/{uuid.uuid4().hex}{suffix}"


class VisitDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.of_visible_visits(self, user, "visit")


class VisitDocument(models.Model):
    """The letter, the report or another document of a visit. Stored in media storage
    and served only through a view that checks who may see the visit."""

    visit = models.ForeignKey(ReviewVisit, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    title = models.CharField(max_length=200, validators=[single_line])
    file = models.FileField(upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_documents",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = VisitDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "kind", "-uploaded_at", "-pk"]

    def __str__(self):
        return self.title


class PeerTeamMember(models.Model):
    visit = models.ForeignKey(ReviewVisit, on_delete=models.CASCADE, related_name="peer_team")
    name = models.CharField(max_length=150, validators=[single_line])
    role = models.CharField(
        max_length=150, help_text="e.g. Lead peer, Member peer.", validators=[single_line]
    )
    organisation = models.CharField(max_length=150, validators=[single_line])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_team_places",
    )

    class Meta:
        ordering = ["visit", "pk"]

    def __str__(self):
        return f"{self.name}, {self.role}, {self.organisation}"


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.of_visible_visits(self, user, "visit")


class Recommendation(models.Model):
    visit = models.ForeignKey(ReviewVisit, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    theme = models.CharField(max_length=100, blank=True, validators=[single_line])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "number"],
                name="recommendation_number_unique_per_visit",
                violation_error_message="That number is already used for this visit.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="recommendation_number_positive",
                violation_error_message="Recommendations are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.of_visible_visits(self, user, "recommendation__visit")

    def overdue(self, day=None):
        day = day or timezone.localdate()
        return self.filter(completed_on__isnull=True, due_on__lt=day)

    def with_latest_update(self):
        """Each action with its latest progress update's date, RAG and text (one query)."""
        latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-written_on", "-pk")
        return self.annotate(
            latest_update_on=Subquery(latest.values("written_on")[:1]),
            latest_update_rag=Subquery(latest.values("rag")[:1]),
            latest_update_text=Subquery(latest.values("text")[:1]),
        )


class Action(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(
        max_length=150,
        help_text="Who is responsible, e.g. Assistant Chief Executive.",
        validators=[single_line],
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        help_text="The owner's account, where they have one (for reminders).",
    )
    due_on = models.DateField()
    rag = models.CharField("RAG status", max_length=10, choices=RAG.choices, default=RAG.AMBER)
    completed_on = models.DateField("done on", null=True, blank=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "due_on", "pk"]

    def __str__(self):
        return self.description[:80]

    def is_overdue(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.completed_on is None and self.due_on < day


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField(default=timezone.localdate)
    text = models.TextField()
    rag = models.CharField("RAG status", max_length=10, choices=RAG.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    author_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="Who wrote it, if they have no account.",
        validators=[single_line],
    )

    class Meta:
        ordering = ["action", "-written_on", "-pk"]

    def __str__(self):
        return f"Update of {self.written_on:%d/%m/%Y} ({self.get_rag_display()})"
