"""Confidence check-ins: a mentee records one at the baseline, each review and the
end; they, their mentor(s) and programme managers see the change over time.

Commissioners never see individual answers: ``ConfidenceCheck.visible_to``
leaves them out, so these pages show them nothing (or 404).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import roles_of
from mentoring.access import confidence_series_visible_to, memberships_of
from mentoring.charts import ChartPoint, confidence_small_multiples
from mentoring.filters import ConfidenceSeriesFilter
from mentoring.forms import ConfidenceCheckForm
from mentoring.models import ConfidenceArea, ConfidenceCheck, ConfidenceScore
from mentoring.selectors import with_people
from mentoring.services import confidence_check_record

# A mentee is a councillor or an officer (never both): the name is whichever is set.
MENTEE_NAME = Coalesce("councillor__full_name", "officer__full_name")
SORTS = {
    "name": (MENTEE_NAME.asc(), "pk"),
    "-name": (MENTEE_NAME.desc(), "-pk"),
    "last": ("last_taken_on", "pk"),
    "-last": ("-last_taken_on", "-pk"),
}


def _rows(series, ids, visible) -> list[dict]:
    """The page's mentees (in the order of ``ids``) with what the table shows: the name,
    the placement's names, how many check-ins the user may see and the latest."""
    checks = visible.filter(mentee=OuterRef("pk")).order_by().values("mentee")
    found = {
        row["pk"]: row
        for row in series.model.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            mentee_name=MENTEE_NAME,
            check_count=Subquery(checks.annotate(n=Count("pk")).values("n")),
            last_taken_on=Subquery(checks.annotate(last=Max("taken_on")).values("last")),
        )
        .values(
            "pk",
            "mentee_name",
            "check_count",
            "last_taken_on",
            "placement__mentoring_type__name",
            "placement__council__name",
        )
    }
    return [found[pk] for pk in ids]


def confidence_overview(request):
    """Every mentee whose check-ins the user may see (and the user's own placements
    as a mentee), with how many check-ins and the latest; sorted and filtered in the URL."""
    visible = ConfidenceCheck.objects.visible_to(request.user)
    series = confidence_series_visible_to(request.user)
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    if sort in ("last", "-last"):  # sorting by the date needs it for every row
        in_visible = Q(confidence_checks__in=visible.values("pk"))
        series = series.annotate(
            last_taken_on=Max("confidence_checks__taken_on", filter=in_visible)
        )
    series_filter = ConfidenceSeriesFilter(request.GET or None, queryset=series)
    # The page's mentees are found by their ids alone (the name only in the order, so
    # that the count reads no other table); then only those rows are read, each with
    # its placement's names and its check-ins counted.
    ids = series_filter.qs.order_by(*SORTS[sort]).values_list("pk", flat=True)
    page = Paginator(ids, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    page.object_list = _rows(series, page.object_list, visible) if page.object_list else []
    roles = roles_of(request.user)
    return render(
        request,
        "mentoring/confidence_overview.html",
        {
            "page": page,
            "filter": series_filter,
            "filtered": any(request.GET.get(name) for name in ConfidenceSeriesFilter.base_filters),
            "show_filter": roles.is_programme_manager or roles.is_mentor,
            "can_record": memberships_of(request.user).exists(),
            "sort": sort,
        },
    )


def confidence_detail(request, pk):
    """One mentee's check-ins on one placement: the chart and the same figures as a table."""
    mentee = get_object_or_404(
        confidence_series_visible_to(request.user).select_related(
            "councillor", "officer", "placement__council", "placement__mentoring_type"
        ),
        pk=pk,
    )
    checks = list(
        ConfidenceCheck.objects.visible_to(request.user)
        .filter(mentee=mentee)
        .prefetch_related(Prefetch("scores", queryset=ConfidenceScore.objects.order_by()))
        .order_by("taken_on", "pk")
    )
    areas = ConfidenceArea.choices
    points = []
    for check in checks:
        check.by_area = {s.area: s.score for s in check.scores.all()}
        points.append(
            ChartPoint(
                label=check.get_stage_display(),
                sublabel=check.taken_on.strftime("%d/%m/%Y"),
                scores=check.by_area,
            )
        )
    rows = [(label, [check.by_area.get(value) for check in checks]) for value, label in areas]
    chart = confidence_small_multiples(points=points, areas=areas) if checks else None
    is_mine = memberships_of(request.user).filter(pk=mentee.pk).exists()
    return render(
        request,
        "mentoring/confidence_detail.html",
        {
            "mentee": mentee,
            "placement": mentee.placement,
            "checks": checks,
            "rows": rows,
            "chart": chart,
            "is_mine": is_mine,
        },
    )


def confidence_create(request):
    memberships = with_people(
        memberships_of(request.user)
        .select_related("placement__council", "placement__mentoring_type")
        .order_by("-placement__started_on", "pk")
    )
    if not memberships.exists():
        raise Http404("Only a mentee records a confidence check-in.")
    initial = {}
    wanted = request.GET.get("mentee")
    if wanted and wanted.isdecimal():
        initial["mentee"] = int(wanted)
    form = ConfidenceCheckForm(request.POST or None, memberships=memberships, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check = confidence_check_record(
                mentee=form.cleaned_data["mentee"],
                stage=form.cleaned_data["stage"],
                taken_on=form.cleaned_data["taken_on"],
                scores=form.scores,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Your {check.get_stage_display().lower()} check-in of "
                f"{check.taken_on:%d/%m/%Y} was recorded.",
            )
            return redirect("confidence_detail", pk=check.mentee_id)
    return render(request, "mentoring/confidence_form.html", {"form": form})
