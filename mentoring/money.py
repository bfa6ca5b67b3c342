"""What mentoring costs: the fee of a claim, and each budget's allocated, committed,
spent and remaining money.

A claim's fee is fixed when it is approved, at the rate of the day worked (a mentor's
own rate, else the funder's), so a later change of rate never changes what was paid.
A budget meets the claims and placements of its funder at its council in its financial
year; a funder's programme-wide budget meets those of councils it has no budget for.

Figures are summed in the database, grouped by funder, council and financial year: a
page of budgets costs the same few queries whatever the number of claims.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from funding.models import Budget, Funder
from funding.years import financial_year_bounds
from mentoring.models import ClaimExpense, DayClaim, DayRate, Placement, PlacementStatus

ZERO = Decimal("0.00")
MONEY = models.DecimalField(max_digits=12, decimal_places=2)
WARN_AT = 80  # per cent of a budget, or of a placement's days


def day_rate_on(*, mentor_id: int, funder_id: int | None, day) -> Decimal | None:
    """The rate of a whole day: the mentor's own on that day, else the funder's."""
    for rate in (
        DayRate.objects.on(day).filter(mentor_id=mentor_id).order_by("-starts_on").first(),
        funder_id
        and DayRate.objects.on(day).filter(funder_id=funder_id).order_by("-starts_on").first(),
    ):
        if rate:
            return rate.amount
    return None


def claim_fee(claim: DayClaim) -> Decimal | None:
    """What the claim is paid: nothing for a volunteer's day (an induction buddy's);
    the day rate, halved for a half day; None where no rate applies."""
    placement = claim.placement
    if not placement.mentoring_type.paid:
        return ZERO
    rate = day_rate_on(
        mentor_id=claim.mentor_id, funder_id=placement.funder_id, day=claim.worked_on
    )
    if rate is None:
        return None
    return (rate * claim.days).quantize(Decimal("0.01"))


def financial_year_expression(field: str):
    """The year the financial year of a date field starts in, in the database."""
    return Case(
        When(**{f"{field}__month__gte": 4}, then=ExtractYear(field)),
        default=ExtractYear(field) - 1,
        output_field=models.IntegerField(),
    )


def _funder_rate_on_start():
    return Subquery(
        DayRate.objects.filter(
            funder_id=OuterRef("funder_id"), starts_on__lte=OuterRef("started_on")
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("started_on")))
        .order_by("-starts_on")
        .values("amount")[:1],
        output_field=MONEY,
    )


def _by_year(rows, field: str, year: int | None):
    """``rows`` with ``fy``, the financial year of ``field``: one year as a range of
    dates (which an index serves), every year as an expression."""
    if year is None:
        return rows.annotate(fy=financial_year_expression(field))
    return rows.filter(**{f"{field}__range": financial_year_bounds(year)}).annotate(
        fy=Value(year, output_field=models.IntegerField())
    )


def committed_by_key(year: int | None = None) -> dict:
    """(funder, council, financial year) → the placements' agreed cost: their cost where
    set, else their agreed days at the funder's rate on the day they start. A placement
    is committed in the financial year it starts; a withdrawn one commits nothing."""
    rows = _by_year(
        Placement.objects.filter(funder__isnull=False).exclude(status=PlacementStatus.WITHDRAWN),
        "started_on",
        year,
    ).annotate(
        agreed=Coalesce(
            "cost",
            F("mentor_days_agreed") * _funder_rate_on_start(),
            Value(ZERO),
            output_field=MONEY,
        )
    )
    totals = rows.order_by().values("funder_id", "council_id", "fy").annotate(total=Sum("agreed"))
    return {(r["funder_id"], r["council_id"], r["fy"]): r["total"] or ZERO for r in totals}


def spent_by_key(year: int | None = None, *, until=None, council_id: int | None = None) -> dict:
    """(funder, council, financial year) → approved fees and their expenses, by the
    financial year of the day worked; with ``until`` (a date), only days worked by then;
    with ``council_id``, only that council's."""
    spent: dict = defaultdict(lambda: ZERO)
    claims = DayClaim.objects.filter(
        status=DayClaim.Status.APPROVED, placement__funder__isnull=False
    )
    if until is not None:
        claims = claims.filter(worked_on__lte=until)
    if council_id is not None:
        claims = claims.filter(placement__council_id=council_id)
    claims = _by_year(claims, "worked_on", year)
    fees = (
        claims.order_by()
        .values("placement__funder_id", "placement__council_id", "fy")
        .annotate(total=Sum("fee"))
    )
    expenses = (
        claims.order_by()
        .values("placement__funder_id", "placement__council_id", "fy")
        .annotate(total=Sum("expenses__amount"))
    )
    for rows in (fees, expenses):
        for r in rows:
            key = (r["placement__funder_id"], r["placement__council_id"], r["fy"])
            spent[key] += r["total"] or ZERO
    return spent


class Figures:
    """Allocated, committed and spent money, and what follows from them."""

    allocated: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def over_by(self) -> Decimal:
        """How far spending has gone past the allocation (zero within it)."""
        return max(-self.remaining, ZERO)

    def percent(self, amount) -> int:
        if not self.allocated:
            return 100 if amount else 0
        return int(amount * 100 / self.allocated)

    @property
    def spent_percent(self) -> int:
        return self.percent(self.spent)

    @property
    def committed_percent(self) -> int:
        return self.percent(self.committed)

    @property
    def warning(self) -> str:
        """ "over" past 100% of the allocation, "near" from 80%, of the larger of the
        spent and committed."""
        used = max(self.spent_percent, self.committed_percent)
        if used > 100:
            return "over"
        if used >= WARN_AT:
            return "near"
        return ""


@dataclass
class BudgetFigures(Figures):
    budget: Budget
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def allocated(self) -> Decimal:
        return self.budget.allocated


@dataclass
class FunderTotals(Figures):
    """A funder's budgets of a year, added up."""

    funder: Funder
    rows: list = field(default_factory=list)
    allocated: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO


def _assign(budgets: list[Budget], totals: dict) -> dict[int, Decimal]:
    """Each key's total to the council's budget from that funder and year, else to the
    funder's programme-wide budget of that year."""
    by_key = {(b.funder_id, b.council_id, b.financial_year.start_year): b for b in budgets}
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (funder_id, council_id, fy), total in totals.items():
        budget = by_key.get((funder_id, council_id, fy)) or by_key.get((funder_id, None, fy))
        if budget:
            out[budget.pk] += total
    return out


def budgets_with_figures(budgets, *, year: int | None = None) -> list[BudgetFigures]:
    """The budgets (a queryset) with what each has committed and spent: three queries."""
    budgets = list(budgets.select_related("funder", "council", "financial_year"))
    everything = list(
        Budget.objects.select_related("financial_year").filter(
            financial_year__start_year__in={b.financial_year.start_year for b in budgets}
        )
    )
    committed = _assign(everything, committed_by_key(year))
    spent = _assign(everything, spent_by_key(year))
    return [BudgetFigures(b, committed=committed[b.pk], spent=spent[b.pk]) for b in budgets]


def budget_of(*, funder_id: int | None, council_id: int, year: int) -> Budget | None:
    """The budget that meets a placement's costs in a financial year."""
    if not funder_id:
        return None
    found = Budget.objects.select_related("financial_year", "funder", "council").filter(
        funder_id=funder_id, financial_year__start_year=year
    )
    return found.filter(council_id=council_id).first() or found.filter(council__isnull=True).first()


def by_funder(figures: list[BudgetFigures]) -> list[FunderTotals]:
    totals: dict[int, FunderTotals] = {}
    for row in figures:
        funder = row.budget.funder
        total = totals.setdefault(funder.pk, FunderTotals(funder))
        total.rows.append(row)
        total.allocated += row.allocated
        total.committed += row.committed
        total.spent += row.spent
    return sorted(totals.values(), key=lambda t: t.funder.name)


def money_this_year(year: int) -> list[FunderTotals]:
    """Each funder's budgets of a financial year with their figures: five queries."""
    budgets = Budget.objects.filter(financial_year__start_year=year).order_by(
        "funder__name", "council__name", "pk"
    )
    return by_funder(budgets_with_figures(budgets, year=year))


def claim_expenses_subquery():
    """The sum of each claim's expenses, for ``annotate`` on claims: in their own query."""
    return Coalesce(
        Subquery(
            ClaimExpense.objects.filter(claim=OuterRef("pk"))
            .order_by()
            .values("claim")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )
