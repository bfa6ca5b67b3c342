"""A cohort run: a whole intake of councillors matched to mentors in one go, as drafts
the programme manager checks, changes, discards or publishes as placements."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from cohorts import access
from councils.models import Council, Councillor, Election
from mentoring.models import Funding, Mentor, MentoringType, Placement


class Intake(models.TextChoices):
    NEW_MEMBERS = (
        "new-members",
        "New members: first elected at or since the council's latest all-out election",
    )
    CABINET = "cabinet", "The council's cabinet: Leader, Deputy Leader and Cabinet members"


class CohortRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.runs_visible_to(self, user)


class CohortRun(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="cohort_runs")
    mentoring_type = models.ForeignKey(
        MentoringType, on_delete=models.PROTECT, related_name="cohort_runs"
    )
    intake = models.CharField(max_length=20, choices=Intake.choices)
    election = models.ForeignKey(
        Election,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohort_runs",
        help_text="For new members: the election they were first elected at.",
    )
    # The terms every placement published from the run starts with.
    started_on = models.DateField()
    planned_end_on = models.DateField(null=True, blank=True)
    mentor_days_agreed = models.DecimalField(
        "peer mentor days agreed",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("365"))],
    )
    funding = models.CharField(max_length=20, choices=Funding.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohort_runs",
    )
    made_at = models.DateTimeField(auto_now_add=True)

    objects = CohortRunQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("started_on")),
                name="cohort_run_planned_end_after_start",
                violation_error_message="The planned end cannot be before the start.",
            )
        ]

    def __str__(self):
        return f"{self.mentoring_type} for {self.council}, {self.get_intake_display().lower()}"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    DISCARDED = "discarded", "Discarded"


class DraftMatch(models.Model):
    """One mentee of a run with the mentor the run chose (none when every allowed mentor
    had reached the run's limit), why, and, once published, the placement made."""

    run = models.ForeignKey(CohortRun, on_delete=models.CASCADE, related_name="drafts")
    councillor = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="cohort_drafts"
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, null=True, blank=True, related_name="cohort_drafts"
    )
    score = models.SmallIntegerField(default=0)
    reasons = models.TextField(blank=True, help_text="One reason a line.")
    warnings = models.TextField(blank=True, help_text="One warning a line.")
    status = models.CharField(max_length=20, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    problem = models.TextField(
        blank=True, help_text="Why the draft could not be published when it was last tried."
    )
    placement = models.ForeignKey(
        Placement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohort_drafts",
    )

    class Meta:
        ordering = ["councillor__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "councillor"],
                name="cohort_draft_one_per_mentee",
                violation_error_message="A councillor is matched once in a run.",
            )
        ]

    def __str__(self):
        return f"{self.councillor} with {self.mentor or 'no mentor yet'}"

    @property
    def reason_list(self) -> list[str]:
        return [line for line in self.reasons.splitlines() if line]

    @property
    def warning_list(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if line]
