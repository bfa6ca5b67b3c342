"""The mentor pool: for programme managers."""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render

from accounts.decorators import programme_manager_required
from core.csv import csv_response
from councils.models import Role
from mentoring.filters import MentorFilter
from mentoring.forms import MentorForm
from mentoring.models import DayClaim, Mentor, Placement, PlacementStatus, claim_days_subquery

SORTS = {"name": "full_name", "region": "regional_pool", "expiry": "accreditation_expires_on"}
SORTS.update({f"-{key}": f"-{field}" for key, field in SORTS.items()})
DEFAULT_SORT = "name"


def _sort(request) -> str:
    sort = request.GET.get("sort", "")
    return sort if sort in SORTS else DEFAULT_SORT


def _filtered_mentors(request):
    mentors = (
        Mentor.objects.visible_to(request.user)
        .with_active_placement_count()
        .with_not_practising_since()
        .select_related("council", "party")
        .prefetch_related(Prefetch("expertise", queryset=Role.objects.only("name")))
    )
    mentor_filter = MentorFilter(request.GET or None, queryset=mentors)
    return mentor_filter, mentor_filter.qs.order_by(SORTS[_sort(request)], "pk")


@programme_manager_required
def mentor_list(request):
    mentor_filter, mentors = _filtered_mentors(request)
    page = Paginator(mentors, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/mentor_list.html",
        {"page": page, "filter": mentor_filter, "sort": _sort(request)},
    )


@programme_manager_required
def mentor_export(request):
    _, mentors = _filtered_mentors(request)
    header = ["Name", "Kind", "Council", "Organisation", "Party", "Region", "Accredited",
              "Accreditation expires", "Expertise", "Capacity", "Active placements", "Active"]  # fmt: skip
    rows = (
        [
            m.full_name,
            m.get_kind_display(),
            m.council,
            m.organisation,
            m.party,
            m.get_regional_pool_display(),
            "yes" if m.accredited else "no",
            m.accreditation_expires_on,
            "; ".join(r.name for r in m.expertise.all()),
            m.capacity,
            m.active_placement_count,
            "yes" if m.active else "no",
        ]
        for m in mentors
    )
    return csv_response("mentors.csv", header, rows, streaming=True)


@programme_manager_required
def mentor_detail(request, pk):
    mentor = get_object_or_404(
        Mentor.objects.visible_to(request.user)
        .with_active_placement_count()
        .with_not_practising_since()
        .annotate(days_approved=claim_days_subquery(DayClaim.Status.APPROVED, of="mentor"))
        .select_related("council", "party", "user")
        .prefetch_related("expertise"),
        pk=pk,
    )
    placements = (
        Placement.objects.visible_to(request.user)
        .filter(mentors=mentor)
        .with_activity()
        .select_related("council", "mentoring_type")
        .only(
            *("status", "mentor_days_agreed", "started_on"),
            *("council__name", "mentoring_type__name"),
        )
        .order_by("-started_on")
    )
    totals = mentor.sessions_logged.aggregate(minutes=Sum("duration_minutes"), count=Count("pk"))
    page = Paginator(placements, 25).get_page(request.GET.get("page"))
    page.object_list = page.object_list.with_names()
    councils = (
        Placement.objects.filter(mentors=mentor)
        .values("council__name")
        .annotate(n=Count("pk", filter=~Q(status=PlacementStatus.WITHDRAWN)))
        .order_by("council__name")
    )
    return render(
        request,
        "mentoring/mentor_detail.html",
        {
            "mentor": mentor,
            "page": page,
            "days_approved": Decimal(mentor.days_approved).quantize(Decimal("0.1")),
            "contact_hours": round((totals["minutes"] or 0) / 60, 1),
            "session_count": totals["count"],
            "councils": councils,
        },
    )


@programme_manager_required
def mentor_create(request):
    return _mentor_form(request, Mentor())


@programme_manager_required
def mentor_edit(request, pk):
    return _mentor_form(request, get_object_or_404(Mentor.objects.visible_to(request.user), pk=pk))


def _mentor_form(request, mentor):
    form = MentorForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        mentor = form.save()
        messages.success(request, f"{mentor} was saved.")
        return redirect("mentor_detail", pk=mentor.pk)
    return render(request, "mentoring/mentor_form.html", {"form": form, "mentor": mentor})
