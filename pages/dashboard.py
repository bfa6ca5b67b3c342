"""The programme at a glance, for programme managers.

A fixed handful of aggregate queries, whatever the size of the programme. They sum
over every active placement, so their cost grows with the programme: the figures are
kept in the cache for a minute, and any change to what they count (saved or deleted
through the ORM) starts a new generation of them at once.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, Exists, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from core.cache import cached_figures
from councils.models import RoleAppointment
from funding.models import Budget, FinancialYear, Funder
from funding.years import financial_year_label
from mentoring.models import (
    AgreementStatus,
    ClaimExpense,
    DayClaim,
    DayRate,
    Funding,
    LearningAgreement,
    Mentor,
    Placement,
    PlacementMentee,
    PlacementStatus,
    Session,
    claim_days_subquery,
)
from mentoring.money import money_this_year
from reviews.models import Action, ReviewVisit


def sources():
    """The models whose rows the figures count (the dashboard's and the budgets')."""
    return (Placement, PlacementMentee, Session, LearningAgreement, Action, ReviewVisit,
            Mentor, RoleAppointment, DayClaim, Funder, Budget, DayRate, ClaimExpense)  # fmt: skip


def cached_dashboard(today: datetime.date | None = None) -> dict:
    """dashboard(), computed at most once a minute while nothing it counts changes
    (core/cache.py); ``computed_at`` says when."""
    today = today or timezone.localdate()
    return cached_figures(
        f"dashboard:{today.isoformat()}",
        lambda: {**dashboard(today), "computed_at": timezone.now()},
    )


def municipal_year_start(day: datetime.date) -> datetime.date:
    """The municipal year runs from May to May."""
    year = day.year if day.month >= 5 else day.year - 1
    return datetime.date(year, 5, 1)


def dashboard(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    six_weeks_ago = today - datetime.timedelta(weeks=6)
    year_start = municipal_year_start(today)
    month_start = today.replace(day=1)
    last_month_start = month_start - relativedelta(months=1)

    active = Q(status=PlacementStatus.ACTIVE)
    recent_session = Exists(
        Session.objects.filter(placement=OuterRef("pk"), held_on__gte=six_weeks_ago)
    )
    # One pass over the proposed agreements rather than a lookup per placement.
    awaiting_signature = Q(
        pk__in=LearningAgreement.objects.filter(status=AgreementStatus.PROPOSED).values("placement")
    )
    this_year = Q(started_on__gte=year_start) & ~Q(status=PlacementStatus.WITHDRAWN)
    # Days of the active placements' claims: looked up per active placement (by the
    # claim's placement index) rather than by scanning every claim ever made.
    approved = claim_days_subquery(DayClaim.Status.APPROVED)
    pending = claim_days_subquery(*DayClaim.PENDING)
    figures = Placement.objects.aggregate(
        active_days_approved=Sum(Case(When(active, then=approved), default=Value(Decimal(0)))),
        active_days_pending=Sum(Case(When(active, then=pending), default=Value(Decimal(0)))),
        active=Count("pk", filter=active),
        days_agreed=Sum("mentor_days_agreed", filter=active),
        quiet=Count("pk", filter=active & Q(started_on__lt=six_weeks_ago) & ~Q(recent_session)),
        awaiting_signature=Count("pk", filter=awaiting_signature),
        flagged=Count("pk", filter=~Q(needs_attention="")),
        **{
            f"cost_{funding.name.lower()}": Sum("cost", filter=this_year & Q(funding=funding))
            for funding in Funding
        },
    )
    sessions = Session.objects.filter(held_on__gte=last_month_start).aggregate(
        this_month=Count("pk", filter=Q(held_on__gte=month_start, held_on__lte=today)),
        last_month=Count("pk", filter=Q(held_on__gte=last_month_start, held_on__lt=month_start)),
    )
    by_council = (
        Placement.objects.filter(active)
        .values("council_id", "council__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "council__name")
    )
    by_type = (
        Placement.objects.filter(active)
        .values("mentoring_type_id", "mentoring_type__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "mentoring_type__name")
    )
    current_role = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    by_role = (
        RoleAppointment.objects.filter(current_role)
        .filter(councillor__placement_memberships__placement__status=PlacementStatus.ACTIVE)
        .values("role_id", "role__name")
        .annotate(n=Count("councillor__placement_memberships__placement", distinct=True))
        .order_by("-n", "role__name")
    )
    overdue_actions = Action.objects.overdue(today).count()
    visits_soon = ReviewVisit.objects.filter(
        first_day__gte=today, first_day__lte=today + datetime.timedelta(days=30)
    ).count()
    accreditation_ending = Mentor.objects.filter(
        active=True,
        accredited=True,
        accreditation_expires_on__gte=today,
        accreditation_expires_on__lte=today + datetime.timedelta(days=60),
    ).count()
    return {
        "today": today,
        "year_start": year_start,
        "figures": figures,
        "sessions": sessions,
        "days_used": Decimal(figures["active_days_approved"] or 0).quantize(Decimal("0.1")),
        "days_pending": Decimal(figures["active_days_pending"] or 0).quantize(Decimal("0.1")),
        "days_agreed": figures["days_agreed"] or Decimal(0),
        "by_council": list(by_council),
        "by_type": list(by_type),
        "by_role": list(by_role),
        "costs": [
            (funding, figures[f"cost_{funding.name.lower()}"] or Decimal(0)) for funding in Funding
        ],
        "overdue_actions": overdue_actions,
        "visits_soon": visits_soon,
        "accreditation_ending": accreditation_ending,
        "month_start": month_start,
        "last_month_start": last_month_start,
        "last_month_end": month_start - datetime.timedelta(days=1),
        **money(today),
    }


def money(today: datetime.date) -> dict:
    """Each funder's budgets of this financial year, added up: allocated, committed and
    spent (five queries, whatever the number of budgets and claims)."""
    year = FinancialYear.current(today)
    return {
        "money_year": year,
        "money_year_label": financial_year_label(year),
        "money_by_funder": [
            {
                "funder": total.funder.name,
                "allocated": total.allocated,
                "committed": total.committed,
                "spent": total.spent,
                "remaining": total.remaining,
                "over_by": total.over_by,
                "spent_percent": total.spent_percent,
                "committed_percent": total.committed_percent,
                "warning": total.warning,
            }
            for total in money_this_year(year)
        ],
    }
