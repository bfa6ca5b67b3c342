"""Mentors' monthly statements and the recharge schedules of councils and funders.

A statement lists a mentor's approved day claims whose day worked falls in the month,
with their fees and expenses. A recharge schedule lists the approved claims of the
placements at one council paid by one funder in a month. Placements are named by
council and mentoring type only, never by their mentees: a statement may go to a
finance team. Nothing here reads a session or its notes.

Each figure is a fixed number of queries whatever the number of claims.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncMonth

from mentoring.models import DayClaim, claim_day_value
from mentoring.money import ZERO, claim_expenses_subquery
from reports import access
from reports.selectors import month_end, month_start

CENT = Decimal("0.01")


def month_of(year: int, month: int) -> datetime.date | None:
    """The first day of the month, or None for a month the calendar has not."""
    try:
        return datetime.date(year, month, 1)
    except (ValueError, OverflowError):
        return None


def approved_claims():
    return DayClaim.objects.filter(status=DayClaim.Status.APPROVED)


def _in_month(qs, month: datetime.date):
    return qs.filter(worked_on__gte=month_start(month), worked_on__lte=month_end(month))


def placement_label(placement) -> str:
    """A placement as a statement names it: its council and mentoring type, no people."""
    return f"{placement.council.name}, {placement.mentoring_type.name}"


@dataclass
class Totals:
    days: Decimal = Decimal("0")
    fees: Decimal = ZERO
    expenses: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.fees + self.expenses

    def add(self, *, days, fee, expenses) -> None:
        self.days += days
        self.fees += fee or ZERO
        self.expenses += expenses or ZERO


@dataclass
class Statement:
    mentor: object
    month: datetime.date
    claims: list = field(default_factory=list)
    expenses: list = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def month_end(self) -> datetime.date:
        return month_end(self.month)

    @property
    def filename(self) -> str:
        return f"statement-{self.mentor.pk}-{self.month:%Y-%m}"


def statement_of(*, mentor, month: datetime.date) -> Statement:
    """The mentor's approved claims worked in the month, their expenses and totals:
    two queries."""
    month = month_start(month)
    claims = list(
        _in_month(approved_claims().filter(mentor=mentor), month)
        .select_related("placement__council", "placement__mentoring_type")
        .prefetch_related("expenses")
        .order_by("worked_on", "pk")
    )
    statement = Statement(mentor=mentor, month=month)
    for claim in claims:
        claim.placement_label = placement_label(claim.placement)
        claim.expense_list = list(claim.expenses.all())
        claim.expense_total = sum((e.amount for e in claim.expense_list), ZERO)
        statement.claims.append(claim)
        statement.expenses.extend(claim.expense_list)
        statement.totals.add(days=claim.days, fee=claim.fee, expenses=claim.expense_total)
    return statement


STATEMENT_CSV_HEADER = [
    "Date",
    "Placement",
    "Length",
    "Days",
    "What the time was for",
    "Description",
    "Fee",
    "Expenses",
    "Total",
]


def statement_csv_rows(statement: Statement):
    for c in statement.claims:
        fee = c.fee or ZERO
        yield [
            c.worked_on.isoformat(),
            c.placement_label,
            c.get_length_display(),
            c.days,
            c.get_purpose_display(),
            c.description,
            fee,
            c.expense_total,
            fee + c.expense_total,
        ]
    t = statement.totals
    yield ["Total", "", "", t.days, "", "", t.fees, t.expenses, t.total]


def latest_month() -> datetime.date | None:
    """The first day of the latest month with an approved claim (from the index)."""
    latest = approved_claims().aggregate(latest=Max("worked_on"))["latest"]
    return latest.replace(day=1) if latest else None


def statement_months(user, *, month: datetime.date | None = None, search: str = ""):
    """Mentor × month rows with approved claims the user may read, newest first: the
    month, the mentor, the claims, days and fees (one query a page)."""
    claims = access.statement_claims_visible_to(approved_claims(), user)
    if month:
        claims = _in_month(claims, month)
    if search:
        claims = claims.filter(mentor__full_name__icontains=search)
    return (
        claims.annotate(month=TruncMonth("worked_on"))
        .order_by()
        .values("month", "mentor_id", "mentor__full_name")
        .annotate(claims=Count("pk"), days=Sum(claim_day_value()), fees=Sum("fee"))
        .order_by("-month", "mentor__full_name", "mentor_id")
    )


def recharge_months(*, month: datetime.date | None = None):
    """Month × council × funder rows with approved claims of funded placements, newest
    first (one query a page)."""
    claims = approved_claims().filter(placement__funder__isnull=False)
    if month:
        claims = _in_month(claims, month)
    return (
        claims.annotate(month=TruncMonth("worked_on"))
        .order_by()
        .values(
            "month",
            "placement__council__slug",
            "placement__council__name",
            "placement__funder_id",
            "placement__funder__name",
        )
        .annotate(claims=Count("pk"), days=Sum(claim_day_value()), fees=Sum("fee"))
        .order_by("-month", "placement__council__name", "placement__funder__name")
    )


@dataclass
class RechargeSchedule:
    council: object
    funder: object
    month: datetime.date
    claims: list = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def month_end(self) -> datetime.date:
        return month_end(self.month)

    @property
    def filename(self) -> str:
        return f"recharge-{self.council.slug}-funder-{self.funder.pk}-{self.month:%Y-%m}"


def recharge_schedule_of(*, council, funder, month: datetime.date) -> RechargeSchedule:
    """The approved claims worked in the month on the council's placements that the
    funder pays for, with each claim's expenses summed in the database: one query."""
    month = month_start(month)
    claims = list(
        _in_month(
            approved_claims().filter(placement__council=council, placement__funder=funder),
            month,
        )
        .select_related("mentor", "placement__mentoring_type")
        .annotate(expense_total=claim_expenses_subquery())
        .order_by("worked_on", "mentor__full_name", "pk")
    )
    schedule = RechargeSchedule(council=council, funder=funder, month=month)
    for claim in claims:
        # SQLite sums decimals as floats: back to pence.
        claim.expense_total = Decimal(claim.expense_total).quantize(CENT)
        claim.line_total = (claim.fee or ZERO) + claim.expense_total
        schedule.claims.append(claim)
        schedule.totals.add(days=claim.days, fee=claim.fee, expenses=claim.expense_total)
    return schedule


RECHARGE_CSV_HEADER = ["Date", "Mentor", "Mentoring type", "Days", "Fee", "Expenses", "Total"]


def recharge_csv_rows(schedule: RechargeSchedule):
    for c in schedule.claims:
        yield [
            c.worked_on.isoformat(),
            c.mentor.full_name,
            c.placement.mentoring_type.name,
            c.days,
            c.fee or ZERO,
            c.expense_total,
            c.line_total,
        ]
    t = schedule.totals
    yield ["Total", "", "", t.days, t.fees, t.expenses, t.total]
