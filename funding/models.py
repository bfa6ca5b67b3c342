"""Who pays for mentoring, and how much they set aside in each financial year.

A ``Budget`` is one funder's allocation for a council (or, with no council, for the
whole programme) in one financial year. What it has committed and spent is worked out
from placements and approved claims (mentoring/money.py); nothing here stores a total
that could drift from them.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.validators import single_line
from councils.models import Council
from funding import access
from funding.years import financial_year_bounds, financial_year_label, financial_year_of


class FunderQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.managers_only(self, user)


class Funder(models.Model):
    """A body that pays for mentoring: a government department's grant, a council's own
    budget, a regional body."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government department"
        COUNCIL = "council", "A council's own budget"
        REGIONAL = "regional", "Regional body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True, validators=[single_line])
    kind = models.CharField(max_length=12, choices=Kind.choices)

    objects = FunderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class FinancialYearQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.managers_only(self, user)

    def closed(self):
        return self.filter(closed_at__isnull=False)


class FinancialYear(models.Model):
    """1 April to 31 March. Once closed, no claim for a day in it is accepted."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year it starts in: 2026 for 2026/27."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = FinancialYearQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return financial_year_label(self.start_year)

    @property
    def starts_on(self):
        return financial_year_bounds(self.start_year)[0]

    @property
    def ends_on(self):
        return financial_year_bounds(self.start_year)[1]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @classmethod
    def is_day_closed(cls, day) -> bool:
        return cls.objects.closed().filter(start_year=financial_year_of(day)).exists()

    @classmethod
    def current(cls, day=None) -> int:
        return financial_year_of(day or timezone.localdate())


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.budgets_visible_to(self, user)


class Budget(models.Model):
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="budgets")
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
        help_text="Leave empty for a budget that funds the whole programme.",
    )
    financial_year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="budgets"
    )
    allocated = models.DecimalField(
        max_digits=11, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(max_length=200, blank=True, validators=[single_line])

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year__start_year", "funder__name", "council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["funder", "council", "financial_year"],
                name="one_budget_per_funder_council_year",
                violation_error_message="This funder already has a budget for this council "
                "in this financial year.",
            ),
            models.UniqueConstraint(
                fields=["funder", "financial_year"],
                condition=Q(council__isnull=True),
                name="one_programme_budget_per_funder_year",
                violation_error_message="This funder already has a programme-wide budget "
                "in this financial year.",
            ),
            models.CheckConstraint(
                condition=Q(allocated__gte=0),
                name="budget_allocated_not_negative",
                violation_error_message="The amount allocated cannot be negative.",
            ),
        ]

    def __str__(self):
        where = self.council.name if self.council_id else "the programme"
        return f"{self.funder} for {where}, {self.financial_year.label}"
