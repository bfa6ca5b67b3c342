"""The programme manager's pages over councils, councillors and elections.

Every page is for programme managers only (404 to anyone else). Placements,
agreements and review visits of a council are read through the reverse
relations (``placements``, ``placement_memberships``, ``review_visits``) and
``apps.get_model``: councils does not import the apps built on it. Nothing
here reads confidential content (session notes, reflections).
"""

import csv
import hashlib
import io

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import roles_of
from accounts.decorators import programme_manager_required
from core.csv import csv_response
from councils import services
from councils.access import council_pages_open_to
from councils.filters import (
    CouncilFilter,
    CouncillorFilter,
    councillors_annotated,
    councillors_for_lists,
    councils_for_lists,
    councils_with_counts,
    current_appointments,
)
from councils.forms import (
    CouncilForm,
    CouncillorForm,
    ElectionConfirmForm,
    ElectionUploadForm,
    EndAppointmentForm,
    GovernanceChangeForm,
    LeaveOfficeForm,
    RoleAppointmentForm,
)
from councils.imports import ELECTION_NAMES, SAMPLE_CSV, read_election_csv
from councils.models import (
    Council,
    Councillor,
    RoleAppointment,
)
from councils.political_groups import political_groups_with_counts

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "councils.election_import"
RECENT_PLACEMENTS = 10


# Lists ------------------------------------------------------------------------


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# Councils ---------------------------------------------------------------------


@programme_manager_required
def council_list(request):
    councils = CouncilFilter(request.GET, queryset=councils_for_lists())
    return render(
        request,
        "councils/council_list.html",
        {
            "filter": councils,
            "page": _page(request, councils.qs),
            "sort": request.GET.get("sort") or "name",
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )


@programme_manager_required
def council_create(request):
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        council = form.save()
        messages.success(request, f"{council} was added.")
        return redirect("council_detail", pk=council.pk)
    return render(request, "councils/council_form.html", {"form": form})


@programme_manager_required
def council_update(request, pk):
    council = get_object_or_404(Council, pk=pk)
    title = f"Edit {council}"  # before the form changes the instance
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{council} was updated.")
        return redirect("council_detail", pk=council.pk)
    return render(
        request,
        "councils/council_form.html",
        {"form": form, "council": council, "title": title},
    )


def _placement_statuses() -> dict[str, str]:
    Placement = apps.get_model("mentoring", "Placement")
    return dict(Placement._meta.get_field("status").choices)


def _placement_summary(council) -> list[dict]:
    """How many placements the council has in each status, the statuses with none left out."""
    Placement = apps.get_model("mentoring", "Placement")
    by_status = dict(
        Placement.objects.filter(council=council)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        {"status": value, "label": label, "count": by_status[value]}
        for value, label in _placement_statuses().items()
        if by_status.get(value)
    ]


def _governance(council) -> dict:
    """The whole history, and the status in force: its latest change so far."""
    history = list(council.governance_changes.order_by("-since", "-pk"))
    today = timezone.localdate()
    current = next((change for change in history if change.since <= today), None)
    return {
        "status_label": current.get_status_display() if current else None,
        "governance_since": current.since if current else None,
        "governance_history": history,
    }


def _commissioner_council_page(request, council):
    """A council as its commissioner sees it: its governance and intervention status, the
    programme's figures (no names: as in the monthly reports), the review visits they
    see on the visits pages, and the reports."""
    summary = _placement_summary(council)
    ReviewVisit = apps.get_model("reviews", "ReviewVisit")
    return render(
        request,
        "councils/council_overview.html",
        {
            "council": council,
            **_governance(council),
            "placement_summary": summary,
            "placement_total": sum(item["count"] for item in summary),
            "review_visits": ReviewVisit.objects.visible_to(request.user)
            .filter(council=council)
            .only("title", "kind", "first_day", "status", "council_id")
            .order_by("-first_day", "pk"),
        },
    )


def _council_page(request, council, governance_form):
    placement_summary = _placement_summary(council)
    # Each row's people's names read in one query (mentoring.selectors.with_names).
    placements = (
        council.placements.select_related("council", "mentoring_type")
        .order_by("-started_on", "-pk")[:RECENT_PLACEMENTS]
        .with_names()
    )
    # The office holders; frontline (ward) councillors are the councillors' list.
    role_holders = (
        current_appointments()
        .filter(councillor__council=council, role__single_holder=True)
        .select_related("role", "councillor__party")
        .order_by("role__order", "committee", "councillor__full_name", "pk")
    )
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            **_governance(council),
            "governance_form": governance_form,
            "elections": council.elections.order_by("-held_on"),
            "role_holders": role_holders,
            "political_groups": political_groups_with_counts(council),
            "placements": placements,
            "placement_summary": placement_summary,
            "placement_total": sum(item["count"] for item in placement_summary),
            "review_visits": council.review_visits.only(
                "title", "kind", "first_day", "status", "council_id"
            ).order_by("-first_day", "pk"),
            "councillors_url": reverse("councillor_list") + f"?council={council.slug}",
        },
    )


def _council_for_page(pk):
    """The council with its councillors in office, in one query."""
    return get_object_or_404(councils_with_counts(), pk=pk)


def council_detail(request, pk):
    if not roles_of(request.user).is_programme_manager:
        council = get_object_or_404(
            council_pages_open_to(councils_with_counts(), request.user), pk=pk
        )
        return _commissioner_council_page(request, council)
    council = _council_for_page(pk)
    form = GovernanceChangeForm(
        instance=council.governance_changes.model(council=council),
        initial={"since": timezone.localdate()},
    )
    return _council_page(request, council, form)


@programme_manager_required
@require_POST
def governance_change_create(request, pk):
    council = _council_for_page(pk)
    form = GovernanceChangeForm(
        request.POST, instance=council.governance_changes.model(council=council)
    )
    if not form.is_valid():
        return _council_page(request, council, form)
    change = form.save()
    messages.success(
        request,
        f"Governance change recorded: {change.get_status_display()} from {change.since:%d/%m/%Y}.",
    )
    return redirect(reverse("council_detail", args=[council.pk]) + "#governance")


# Councillors ------------------------------------------------------------------


@programme_manager_required
def councillor_list(request):
    councillors = CouncillorFilter(request.GET, queryset=councillors_for_lists())
    return render(
        request,
        "councils/councillor_list.html",
        {
            "filter": councillors,
            "page": _page(request, councillors.qs),
            "today": timezone.localdate(),
            "sort": request.GET.get("sort") or "name",
            "filtered": any(
                v for k, v in request.GET.items() if k not in ("page", "sort", "office")
            ),
        },
    )


EXPORT_HEADER = [
    "name",
    "council",
    "party",
    "ward",
    "email",
    "first_elected_on",
    "left_office_on",
    "roles_held_now",
    "new_since_last_election",
    "open_placement",
]


@programme_manager_required
def councillor_export(request):
    """The councillors as filtered on the list, as CSV: what the list shows, no more."""
    councillors = CouncillorFilter(request.GET, queryset=councillors_for_lists()).qs
    rows = (
        (
            c.full_name,
            c.council.name,
            c.party.name if c.party_id else "Independent",
            c.ward,
            c.email,
            c.first_elected_on.isoformat() if c.first_elected_on else "",
            c.left_office_on.isoformat() if c.left_office_on else "",
            "; ".join(str(a) for a in c.current_appointments),
            "yes" if c.is_new_member else "no",
            "yes" if c.has_open_placement else "no",
        )
        for c in councillors.iterator(chunk_size=500)
    )
    return csv_response(f"councillors-{timezone.localdate():%Y-%m-%d}.csv", EXPORT_HEADER, rows)


@programme_manager_required
def councillor_create(request):
    initial = {}
    council = request.GET.get("council")
    if council:
        found = Council.objects.filter(slug=council).values_list("pk", flat=True).first()
        initial["council"] = found
    form = CouncillorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        councillor = form.save()
        messages.success(request, f"{councillor} was added.")
        return redirect("councillor_detail", pk=councillor.pk)
    return render(request, "councils/councillor_form.html", {"form": form})


@programme_manager_required
def councillor_update(request, pk):
    councillor = get_object_or_404(Councillor, pk=pk)
    title = f"Edit {councillor}"  # before the form changes the instance
    form = CouncillorForm(request.POST or None, instance=councillor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{councillor} was updated.")
        return redirect("councillor_detail", pk=councillor.pk)
    return render(
        request,
        "councils/councillor_form.html",
        {"form": form, "councillor": councillor, "title": title},
    )


def _councillor_page(request, councillor, role_form):
    LearningAgreement = apps.get_model("mentoring", "LearningAgreement")
    agreement_labels = dict(LearningAgreement._meta.get_field("status").choices)
    latest_agreement = LearningAgreement.objects.filter(
        placement=OuterRef("placement_id")
    ).order_by("-version")
    memberships = (
        councillor.placement_memberships.select_related(
            "placement__mentoring_type", "placement__council"
        )
        .annotate(
            agreement_status=Subquery(latest_agreement.values("status")[:1]),
            agreement_version=Subquery(latest_agreement.values("version")[:1]),
        )
        .prefetch_related("placement__mentors")
        .order_by("-placement__started_on", "-placement_id")
    )
    placements = [
        {
            "placement": m.placement,
            "agreement": (
                f"v{m.agreement_version}: {agreement_labels.get(m.agreement_status, m.agreement_status)}"
                if m.agreement_status
                else "No learning agreement yet"
            ),
        }
        for m in memberships
    ]
    return render(
        request,
        "councils/councillor_detail.html",
        {
            "councillor": councillor,
            "appointments": councillor.appointments.select_related("role").order_by(
                "-started_on", "-pk"
            ),
            "role_form": role_form,
            "placements": placements,
            "today": timezone.localdate(),
        },
    )


def _councillor_for_page(pk):
    return get_object_or_404(councillors_annotated(), pk=pk)


def _role_form(councillor, data=None):
    return RoleAppointmentForm(
        data,
        instance=RoleAppointment(councillor=councillor),
        initial=None if data else {"started_on": timezone.localdate()},
        prefix="role",
    )


@programme_manager_required
def councillor_detail(request, pk):
    councillor = _councillor_for_page(pk)
    return _councillor_page(request, councillor, _role_form(councillor))


@programme_manager_required
@require_POST
def role_appointment_create(request, pk):
    councillor = _councillor_for_page(pk)
    form = _role_form(councillor, request.POST)
    if not form.is_valid():
        return _councillor_page(request, councillor, form)
    appointment = form.save()
    messages.success(request, f"{councillor} now holds {appointment}.")
    return redirect(reverse("councillor_detail", args=[councillor.pk]) + "#roles")


@programme_manager_required
def role_appointment_end(request, pk, appointment_pk):
    appointment = get_object_or_404(
        RoleAppointment.objects.select_related("councillor__council", "role"),
        pk=appointment_pk,
        councillor_id=pk,
    )
    if appointment.ended_on is not None:
        messages.info(request, f"{appointment} already ended on {appointment.ended_on:%d/%m/%Y}.")
        return redirect("councillor_detail", pk=pk)
    form = EndAppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_appointment_end(
                appointment=appointment, ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as error:
            form.add_error("ended_on", error.messages)
        else:
            messages.success(
                request,
                f"{appointment.councillor} no longer holds {appointment} "
                f"after {appointment.ended_on:%d/%m/%Y}.",
            )
            return redirect(reverse("councillor_detail", args=[pk]) + "#roles")
    return render(
        request,
        "councils/role_appointment_end.html",
        {"appointment": appointment, "councillor": appointment.councillor, "form": form},
    )


@programme_manager_required
def councillor_leave_office(request, pk):
    councillor = get_object_or_404(Councillor.objects.select_related("council"), pk=pk)
    if councillor.left_office_on and councillor.left_office_on <= timezone.localdate():
        messages.info(request, f"{councillor} left office on {councillor.left_office_on:%d/%m/%Y}.")
        return redirect("councillor_detail", pk=pk)
    form = LeaveOfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.councillor_leave_office(
                councillor=councillor, left_on=form.cleaned_data["left_on"]
            )
        except ValidationError as error:
            form.add_error("left_on", error.messages)
        else:
            message = f"{councillor} left office on {done.left_on:%d/%m/%Y}."
            if done.roles_ended:
                message += f" {done.roles_ended} role{pluralize(done.roles_ended)} ended."
            if done.placements_flagged:
                message += (
                    f" {done.placements_flagged} open placement{pluralize(done.placements_flagged)}"
                    " flagged for you to end or pause."
                )
            messages.success(request, message)
            return redirect("councillor_detail", pk=pk)
    open_roles = councillor.appointments.filter(ended_on__isnull=True).select_related("role")
    Placement = apps.get_model("mentoring", "Placement")
    open_placements = Placement.objects.filter(
        pk__in=councillor.placement_memberships.values("placement_id"),
        status__in=services.OPEN_PLACEMENT_STATUSES,
    ).select_related("mentoring_type", "council")
    open_placements = open_placements.with_names()
    return render(
        request,
        "councils/councillor_leave_office.html",
        {
            "councillor": councillor,
            "form": form,
            "open_roles": open_roles,
            "open_placements": open_placements,
        },
    )


# Election import --------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@programme_manager_required
def election_import(request):
    form = ElectionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        request.session[IMPORT_SESSION_KEY] = {
            "text": form.text,
            "kind": form.cleaned_data["kind"],
            "filename": form.cleaned_data["file"].name,
        }
        return redirect("election_import_preview")
    return render(request, "councils/election_import.html", {"form": form})


def _pending_import(request):
    return request.session.get(IMPORT_SESSION_KEY)


def _preview(request, pending, *, status=200):
    result = read_election_csv(pending["text"], kind=pending["kind"])
    return render(
        request,
        "councils/election_import_preview.html",
        {
            "result": result,
            "filename": pending["filename"],
            "election_name": ELECTION_NAMES[pending["kind"]],
            "confirm_form": ElectionConfirmForm(
                initial={"digest": _digest(pending["text"]), "kind": pending["kind"]}
            ),
        },
        status=status,
    )


@programme_manager_required
def election_import_preview(request):
    pending = _pending_import(request)
    if pending is None:
        messages.info(request, "Choose a file to import first.")
        return redirect("election_import")
    return _preview(request, pending)


@programme_manager_required
@require_POST
def election_import_confirm(request):
    pending = _pending_import(request)
    form = ElectionConfirmForm(request.POST)
    if (
        pending is None
        or not form.is_valid()
        or form.cleaned_data["digest"] != _digest(pending["text"])
        or form.cleaned_data["kind"] not in ("", pending["kind"])
    ):
        messages.error(
            request,
            "That import is no longer waiting to be confirmed (it was confirmed, or another "
            "file or kind of election was chosen since). Nothing was saved: choose the file "
            "again.",
        )
        return redirect("election_import")
    try:
        saved = services.election_import_confirm(text=pending["text"], kind=pending["kind"])
    except ValidationError as error:
        # Say why: a rule checked only on saving (e.g. a leaver's role that starts after
        # the election) has no row marked on the preview.
        messages.error(
            request,
            "Nothing was saved: " + " ".join(error.messages) + " Correct the file and upload "
            "it again.",
        )
        return _preview(request, pending, status=400)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        f"Election imported: {saved.created} new councillor{pluralize(saved.created)}, "
        f"{saved.updated} updated, "
        f"{saved.left_office} marked as left office.",
    )
    if len(saved.elections) == 1:
        return redirect("council_detail", pk=saved.elections[0].council_id)
    return redirect("councillor_list")


@programme_manager_required
def election_import_sample(request):
    header, *rows = csv.reader(io.StringIO(SAMPLE_CSV))
    return csv_response("election-import-sample.csv", header, rows)
