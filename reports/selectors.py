"""The figures of a council's monthly progress report.

Aggregate queries only, a fixed number whatever the programme's size. Nothing
here reads a session note or a reflection: the report says that sessions
happened and how long they took, never what was said. Confidence is shown as
means per area, and not at all when fewer than ``CONFIDENCE_MIN_MENTEES``
mentees answered, so no one mentee's answers can be read from it.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth

from councils.models import CommissionerAppointment, Council
from funding.models import Budget
from funding.years import financial_year_label, financial_year_of
from mentoring.models import (
    AgreementReview,
    AgreementStatus,
    ConfidenceArea,
    ConfidenceCheck,
    ConfidenceScore,
    ConfidenceStage,
    DayClaim,
    LearningAgreement,
    Placement,
    PlacementMentee,
    PlacementStatus,
    Session,
    claim_day_value,
)
from mentoring.money import ZERO, BudgetFigures, spent_by_key
from reports.models import ReportNarrative
from reviews.models import RAG, Action, ReviewVisit

CONFIDENCE_MIN_MENTEES = 5
CHART_MONTHS = 12
STATUS_ORDER = [
    PlacementStatus.ACTIVE,
    PlacementStatus.PAUSED,
    PlacementStatus.PROPOSED,
    PlacementStatus.ENDED,
    PlacementStatus.WITHDRAWN,
]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return month + relativedelta(months=1) - datetime.timedelta(days=1)


def previous_month(day: datetime.date) -> datetime.date:
    return month_start(day) - relativedelta(months=1)


def contact_hours(minutes) -> Decimal:
    """Sessions' minutes as hours: contact time, reported apart from the days claimed."""
    hours = Decimal(minutes or 0) / 60
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def councils_reported_on(*, today: datetime.date):
    """Councils with a current commissioner or an active placement."""
    current = CommissionerAppointment.objects.filter(
        council=OuterRef("pk"), started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    active = Placement.objects.filter(council=OuterRef("pk"), status=PlacementStatus.ACTIVE)
    return Council.objects.current().filter(Q(Exists(current)) | Q(Exists(active))).order_by("name")


def _open_in(start: datetime.date, end: datetime.date) -> Q:
    """Placements under way at some point in the month."""
    still_open = Q(
        status__in=[PlacementStatus.PROPOSED, PlacementStatus.ACTIVE, PlacementStatus.PAUSED]
    )
    ended_late = Q(ended_on__gte=start) | Q(ended_on__isnull=True, planned_end_on__gte=start)
    return Q(started_on__lte=end) & (still_open | ended_late)


def _pivot(rows, key, label_of) -> list[dict]:
    """Rows of (key, status, n) into one row per key with a count per status."""
    table: dict = {}
    for row in rows:
        k = row[key]
        entry = table.setdefault(
            k, {"label": label_of(row), "by_status": dict.fromkeys(STATUS_ORDER, 0), "total": 0}
        )
        entry["by_status"][PlacementStatus(row["status"])] += row["n"]
        entry["total"] += row["n"]
    return [{**e, "counts": [e["by_status"][s] for s in STATUS_ORDER]} for e in table.values()]


def placement_figures(*, council: Council, start, end) -> dict:
    placements = Placement.objects.filter(_open_in(start, end), council=council)
    totals = placements.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=PlacementStatus.ACTIVE)),
        days_agreed=Sum("mentor_days_agreed"),
        started=Count("pk", filter=Q(started_on__gte=start)),
    )
    by_type = (
        placements.values(
            "mentoring_type_id", "mentoring_type__name", "mentoring_type__order", "status"
        )
        .annotate(n=Count("pk"))
        .order_by("mentoring_type__order", "mentoring_type__name", "status")
    )
    # The roles the councillor mentees held at the month's end; officers apart.
    role_at_end = FilteredRelation(
        "councillor__appointments",
        condition=Q(councillor__appointments__started_on__lte=end)
        & (
            Q(councillor__appointments__ended_on__isnull=True)
            | Q(councillor__appointments__ended_on__gte=end)
        ),
    )
    by_role = (
        PlacementMentee.objects.filter(placement__in=placements.values("pk"))
        .annotate(
            role_then=role_at_end,
            is_officer=ExpressionWrapper(Q(officer__isnull=False), output_field=BooleanField()),
        )
        .values(
            "role_then__role__name", "role_then__role__order", "is_officer", "placement__status"
        )
        .annotate(n=Count("placement", distinct=True))
        .order_by("is_officer", "role_then__role__order", "role_then__role__name")
    )
    mentees = PlacementMentee.objects.filter(placement__in=placements.values("pk")).count()

    def role_label(row):
        if row["is_officer"]:
            return "Senior officer"
        return row["role_then__role__name"] or "No role recorded"

    role_rows = [
        {**row, "key": (row["is_officer"], row["role_then__role__name"] or ""),
         "status": row["placement__status"]}
        for row in by_role
    ]  # fmt: skip
    type_rows = [{**row, "key": row["mentoring_type_id"]} for row in by_type]
    return {
        "total": totals["total"],
        "active": totals["active"],
        "started_this_month": totals["started"],
        "days_agreed": totals["days_agreed"] or Decimal(0),
        "mentees": mentees,
        "statuses": [s.label for s in STATUS_ORDER],
        "by_type": _pivot(type_rows, "key", lambda r: r["mentoring_type__name"]),
        "by_role": _pivot(role_rows, "key", role_label),
    }


def session_figures(*, council: Council, start, end) -> dict:
    """Sessions and their contact time, and the peer mentor days approved: days are
    the mentors' approved claims, never worked out from the sessions' minutes."""
    sessions = Session.objects.filter(placement__council=council)
    in_month = Q(held_on__gte=start, held_on__lte=end)
    to_date = Q(held_on__lte=end)
    totals = sessions.aggregate(
        month_sessions=Count("pk", filter=in_month),
        month_minutes=Sum("duration_minutes", filter=in_month),
        total_sessions=Count("pk", filter=to_date),
        total_minutes=Sum("duration_minutes", filter=to_date),
    )
    first = month_start(start) - relativedelta(months=CHART_MONTHS - 1)
    monthly = {
        row["m"]: row
        for row in sessions.filter(held_on__gte=first, held_on__lte=end)
        .annotate(m=TruncMonth("held_on"))
        .values("m")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by("m")
    }
    # Approved days by month, every month to the report's end, in one query: the
    # month's, the last twelve and the total to date are read from it.
    days_by_month = {
        row["m"]: Decimal(row["days"] or 0)
        for row in DayClaim.objects.filter(
            placement__council=council, status=DayClaim.Status.APPROVED, worked_on__lte=end
        )
        .annotate(m=TruncMonth("worked_on"))
        .values("m")
        .annotate(days=Sum(claim_day_value()))
        .order_by("m")
    }
    months = []
    for i in range(CHART_MONTHS):
        m = first + relativedelta(months=i)
        row = monthly.get(m) or {}
        months.append(
            {
                "month": m,
                "sessions": row.get("n", 0),
                "hours": contact_hours(row.get("minutes")),
                "days": _days(days_by_month.get(m)),
            }
        )
    return {
        "month_sessions": totals["month_sessions"],
        "month_hours": contact_hours(totals["month_minutes"]),
        "month_days": _days(days_by_month.get(month_start(start))),
        "total_sessions": totals["total_sessions"],
        "total_hours": contact_hours(totals["total_minutes"]),
        "total_days": _days(sum(days_by_month.values(), Decimal(0))),
        "months": months,
        "chart": bar_chart(months),
    }


def _days(days) -> Decimal:
    return Decimal(days or 0).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _nice_top(peak: int) -> int:
    """The top of a tidy scale at or above ``peak``: 1, 2, 5, 10, 20, 50, ..."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= peak:
                return factor * magnitude
        magnitude *= 10


def bar_chart(months: list[dict], *, width=480, height=170) -> dict:
    """The geometry of an SVG bar chart of sessions a month, drawn by the template."""
    left, bottom, top = 28, 22, 14
    plot_h = height - bottom - top
    peak = max([m["sessions"] for m in months] + [1])
    scale = _nice_top(peak)
    slot = (width - left) / len(months)
    bars = []
    for i, m in enumerate(months):
        h = plot_h * m["sessions"] / scale
        x = left + i * slot + slot * 0.15
        bars.append(
            {
                "x": round(x, 1),
                "y": round(top + plot_h - h, 1),
                "w": round(slot * 0.7, 1),
                "h": round(h, 1),
                "value": m["sessions"],
                "label_x": round(x + slot * 0.35, 1),
                "value_y": round(top + plot_h - h - 3, 1),
                "label": f"{m['month']:%b}",
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "axis_y": top + plot_h,
        "top": top,
        "left": left,
        "scale": scale,
        "label_y": height - 6,
    }


def agreement_figures(*, council: Council, start, end) -> dict:
    placements = Placement.objects.filter(_open_in(start, end), council=council)

    def has(status):
        return Exists(LearningAgreement.objects.filter(placement=OuterRef("pk"), status=status))

    counts = placements.aggregate(
        agreed=Count("pk", filter=Q(has(AgreementStatus.ACTIVE))),
        awaiting=Count(
            "pk", filter=Q(has(AgreementStatus.PROPOSED)) & ~Q(has(AgreementStatus.ACTIVE))
        ),
        none=Count(
            "pk",
            filter=~Q(has(AgreementStatus.ACTIVE)) & ~Q(has(AgreementStatus.PROPOSED)),
        ),
    )
    next_start = end + datetime.timedelta(days=1)
    next_end = month_end(next_start)
    reviews = AgreementReview.objects.filter(
        agreement__placement__in=placements.values("pk"), agreement__status=AgreementStatus.ACTIVE
    ).aggregate(
        this_month=Count("pk", filter=Q(due_on__gte=start, due_on__lte=end)),
        next_month=Count("pk", filter=Q(due_on__gte=next_start, due_on__lte=next_end)),
    )
    return {
        **counts,
        "reviews_this_month": reviews["this_month"],
        "reviews_next_month": reviews["next_month"],
        "next_month": next_start,
    }


def confidence_figures(*, council: Council, end) -> dict:
    """Mean baseline and latest score per area, over mentees with both; nothing when
    fewer than CONFIDENCE_MIN_MENTEES answered."""
    baseline = ConfidenceCheck.objects.filter(
        mentee=OuterRef("pk"), stage=ConfidenceStage.BASELINE, taken_on__lte=end
    )
    latest = (
        ConfidenceCheck.objects.filter(mentee=OuterRef("pk"), taken_on__lte=end)
        .exclude(stage=ConfidenceStage.BASELINE)
        .order_by("-taken_on", "-pk")
    )
    mentees = (
        PlacementMentee.objects.filter(placement__council=council)
        .filter(Exists(baseline))
        .annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .filter(latest_id__isnull=False)
    )
    answered = mentees.count()
    if answered < CONFIDENCE_MIN_MENTEES:
        return {
            "answered": answered,
            "shown": False,
            "areas": [],
            "minimum": CONFIDENCE_MIN_MENTEES,
        }
    before = {
        row["area"]: row
        for row in ConfidenceScore.objects.filter(
            check_in__stage=ConfidenceStage.BASELINE,
            check_in__mentee__in=mentees.values("pk"),
        )
        .values("area")
        .annotate(mean=Avg("score"), n=Count("check_in__mentee", distinct=True))
    }
    after = {
        row["area"]: row
        for row in ConfidenceScore.objects.filter(check_in__in=mentees.values("latest_id"))
        .values("area")
        .annotate(mean=Avg("score"), n=Count("check_in__mentee", distinct=True))
    }
    areas = []
    for area in ConfidenceArea:
        b, a = before.get(area.value), after.get(area.value)
        if not (b and a) or min(b["n"], a["n"]) < CONFIDENCE_MIN_MENTEES:
            continue
        mean_before = Decimal(str(b["mean"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        mean_after = Decimal(str(a["mean"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        areas.append(
            {
                "label": area.label,
                "baseline": mean_before,
                "latest": mean_after,
                "change": mean_after - mean_before,
                "mentees": min(b["n"], a["n"]),
            }
        )
    return {
        "answered": answered,
        "shown": bool(areas),
        "areas": areas,
        "minimum": CONFIDENCE_MIN_MENTEES,
    }


def review_figures(*, council: Council, end) -> dict:
    overdue_then = Q(due_on__lte=end) & (Q(completed_on__isnull=True) | Q(completed_on__gt=end))
    prefix = "recommendations__actions__"
    visits = list(
        ReviewVisit.objects.filter(council=council, first_day__lte=end)
        .annotate(
            **{rag.value: Count(f"{prefix}pk", filter=Q(**{f"{prefix}rag": rag})) for rag in RAG},
            actions=Count(f"{prefix}pk"),
            done=Count(f"{prefix}pk", filter=Q(**{f"{prefix}completed_on__lte": end})),
            overdue=Count(
                f"{prefix}pk",
                filter=Q(**{f"{prefix}due_on__lte": end})
                & (
                    Q(**{f"{prefix}completed_on__isnull": True})
                    | Q(**{f"{prefix}completed_on__gt": end})
                ),
            ),
        )
        .order_by("-first_day", "pk")
    )
    for visit in visits:
        visit.rag_counts = [(rag.label, getattr(visit, rag.value)) for rag in RAG]
    overdue = list(
        Action.objects.filter(overdue_then, recommendation__visit__council=council)
        .select_related("recommendation__visit")
        .order_by("due_on", "pk")
    )
    totals = {rag.label: sum(getattr(v, rag.value) for v in visits) for rag in RAG}
    return {
        "visits": visits,
        "rag_totals": list(totals.items()),
        "overdue": overdue,
        "rags": [rag.label for rag in RAG],
    }


def budget_figures(*, council: Council, end: datetime.date) -> dict:
    """The council's own budgets in the financial year of ``end``, each with what its
    funder has spent at the council on days worked up to ``end`` (fees and expenses of
    approved claims): two queries. Nothing when the council has no budget that year."""
    year = financial_year_of(end)
    budgets = list(
        Budget.objects.filter(council=council, financial_year__start_year=year)
        .select_related("funder")
        .order_by("funder__name", "pk")
    )
    if not budgets:
        return {"year": financial_year_label(year), "rows": [], "shown": False}
    spent = spent_by_key(year, until=end, council_id=council.pk)
    rows = []
    for budget in budgets:
        figures = BudgetFigures(budget, spent=spent.get((budget.funder_id, council.pk, year), ZERO))
        rows.append(
            {
                "funder": budget.funder.name,
                "allocated": figures.allocated,
                "spent": figures.spent,
                "remaining": figures.remaining,
                "over": max(-figures.remaining, ZERO),
                "percent": figures.spent_percent,
            }
        )
    return {"year": financial_year_label(year), "rows": rows, "shown": True}


def narrative_text(*, council: Council, month: datetime.date) -> str:
    return (
        ReportNarrative.objects.filter(council=council, month=month)
        .values_list("text", flat=True)
        .first()
        or ""
    )


def monthly_report_figures(*, council: Council, month: datetime.date) -> dict:
    """Everything the report shows, for ``council`` and the month starting ``month``."""
    start, end = month_start(month), month_end(month_start(month))
    return {
        "council": council,
        "month": start,
        "month_end": end,
        "placements": placement_figures(council=council, start=start, end=end),
        "sessions": session_figures(council=council, start=start, end=end),
        "agreements": agreement_figures(council=council, start=start, end=end),
        "confidence": confidence_figures(council=council, end=end),
        "reviews": review_figures(council=council, end=end),
        "budgets": budget_figures(council=council, end=end),
        "narrative": narrative_text(council=council, month=start),
        "governance": council.governance_status_on(end),
    }
