"""Placements: the list and page everyone with access sees, and the programme
manager's create, edit, pause, resume, end and withdraw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import roles_of
from accounts.decorators import programme_manager_required
from core.csv import csv_response
from councils.models import Councillor
from mentoring import services
from mentoring.filters import SORTS_PLACEMENT, PlacementFilter
from mentoring.forms import (
    EndPlacementForm,
    PlacementEditForm,
    PlacementFinishForm,
    PlacementStartForm,
    WithdrawPlacementForm,
)
from mentoring.matching import suggest_best_mentors
from mentoring.models import (
    LearningAgreement,
    Mentor,
    Placement,
    PlacementMentee,
    PlacementStatus,
    Session,
    Theme,
)
from mentoring.selectors import supported_role_choices


def _mentees():
    return Prefetch(
        "mentees", queryset=PlacementMentee.objects.select_related("councillor", "officer")
    )


def _filtered_placements(request, placements):
    placement_filter = PlacementFilter(request.GET or None, queryset=placements)
    sort = SORTS_PLACEMENT.get(request.GET.get("sort", ""), "-started_on")
    return placement_filter, placement_filter.qs.order_by(sort, "pk")


def placement_list(request):
    # Only what the table shows: names, not whole councils, types, mentors and mentees.
    placements = (
        Placement.objects.visible_to(request.user)
        .with_activity()
        .select_related("council", "mentoring_type")
        .only(
            *("status", "started_on", "mentor_days_agreed", "needs_attention"),
            *("council__name", "mentoring_type__name"),
        )
    )
    placement_filter, placements = _filtered_placements(request, placements)
    page = Paginator(placements, 25).get_page(request.GET.get("page"))
    page.object_list = page.object_list.with_names()
    return render(
        request,
        "mentoring/placement_list.html",
        {
            "page": page,
            "filter": placement_filter,
            "sort": request.GET.get("sort", "-start"),
        },
    )


@programme_manager_required
def placement_export(request):
    placements = (
        Placement.objects.visible_to(request.user)
        .with_activity()
        .select_related("council", "mentoring_type", "funder")
        .prefetch_related("mentors", _mentees())
    )
    _, placements = _filtered_placements(request, placements)
    header = ["Council", "Type", "Mentors", "Mentees", "Status", "Start", "Planned end",
              "Ended", "Days agreed", "Days extended", "Days approved",
              "Days waiting for approval", "Funding", "Funder", "Cost"]  # fmt: skip
    rows = (
        [
            p.council.name,
            p.mentoring_type.name,
            "; ".join(m.full_name for m in p.mentors.all()),
            "; ".join(m.full_name for m in p.mentees.all()),
            p.get_status_display(),
            p.started_on,
            p.planned_end_on,
            p.ended_on,
            p.mentor_days_agreed,
            p.days_extended,
            p.days_used,
            p.days_pending,
            p.get_funding_display(),
            p.funder.name if p.funder else "",
            p.cost,
        ]
        for p in placements
    )
    return csv_response("placements.csv", header, rows, streaming=True)


def placement_detail(request, pk):
    placement = get_object_or_404(
        Placement.objects.visible_to(request.user)
        .with_activity(count=True)
        .select_related(
            "council",
            "mentoring_type",
            "funder",
            "supported_role__role",
            "supported_role__councillor",
            "political_group",
        )
        .prefetch_related(
            # Only the names (and a mentee's job title) the page shows.
            Prefetch("mentors", queryset=Mentor.objects.only("full_name", "kind")),
            Prefetch(
                "mentees",
                queryset=PlacementMentee.objects.select_related(
                    "councillor__council", "officer"
                ).only(
                    *("placement", "councillor", "officer", "councillor__full_name"),
                    *("councillor__council__name", "officer__full_name", "officer__job_title"),
                ),
            ),
        ),
        pk=pk,
    )
    # A role group may bring councillors of several councils together.
    other_councils = sorted(
        {
            m.councillor.council.name
            for m in placement.mentees.all()
            if m.councillor_id and m.councillor.council_id != placement.council_id
        }
    )
    sessions = (
        Session.objects.visible_to(request.user)
        .filter(placement=placement)
        .only("held_on", "is_follow_up", "mode", "duration_minutes", "logged_by", "created_at")
        .prefetch_related(Prefetch("topics", queryset=Theme.objects.only("name")))
        .order_by("-held_on", "-pk")
    )
    sessions = Paginator(sessions, 20).get_page(request.GET.get("page"))
    for session in sessions:
        # The mentor who logged a session changes or deletes it from its row, for 14 days.
        session.can_change = session.editable_by(request.user)
    agreements = LearningAgreement.objects.visible_to(request.user).filter(placement=placement)
    roles = roles_of(request.user)
    history = None
    if roles.is_programme_manager:
        history = list(
            placement.history.select_related("history_user")
            .only(
                *("history_date", "history_type", "status", "history_user"),
                *("history_user__full_name", "history_user__email"),
            )
            .order_by("-history_date")[:20]
        )
    return render(
        request,
        "mentoring/placement_detail.html",
        {
            "placement": placement,
            "other_councils": other_councils,
            "sessions": sessions,
            "agreements": agreements,
            "history": history,
            "roles": roles,
            "in_pair": Placement.objects.of_member(request.user).filter(pk=pk).exists(),
            "is_mentor": any(m.pk == roles.mentor_id for m in placement.mentors.all()),
        },
    )


SUGGESTIONS_SHOWN = 20


@programme_manager_required
def placement_create(request):
    """Step one (GET) says who it is for, the council first; step two chooses from
    ranked suggestions."""
    data = request.POST if request.method == "POST" else request.GET
    council_only = (
        request.method == "GET" and "council" in data and set(data) <= {"council", "other_councils"}
    )
    if council_only:  # the councils are chosen: offer their members, with no errors yet
        start = PlacementStartForm(
            initial={"council": data["council"], "other_councils": data.getlist("other_councils")}
        )
    else:
        # A POST is always checked: one without a council is refused, not shown blank.
        bound = "council" in data or request.method == "POST"
        start = PlacementStartForm(data if bound else None)
    finish = None
    suggestions, suggestions_total, rows = [], 0, []
    if start.is_bound and start.is_valid() and "change" not in data:
        council = start.cleaned_data["council"]
        mentees = start.mentees
        # The mentees' roles, read once: offered as the role the placement supports,
        # and what the mentors are matched on.
        councillor_ids = [m.pk for m in mentees if isinstance(m, Councillor)]
        appointments = list(supported_role_choices(councillor_ids)) if councillor_ids else None
        # The best few are shown (and any already ticked): a pool of hundreds
        # would make a page nobody reads, so only those are worked out in full.
        suggestions, suggestions_total = suggest_best_mentors(
            council=council,
            mentoring_type=start.cleaned_data["mentoring_type"],
            mentees=mentees,
            planned_end_on=start.cleaned_data["planned_end_on"],
            best=SUGGESTIONS_SHOWN,
            also=request.POST.getlist("mentors"),
            appointments=appointments,
        )
        initial = {"status": PlacementStatus.PROPOSED, "mentors": request.GET.getlist("mentors")}
        finish = PlacementFinishForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            mentoring_type=start.cleaned_data["mentoring_type"],
            appointments=appointments,
            council=council,
        )
        if request.method == "POST" and finish.is_valid():
            placement = _create_from_suggestions(request, start, finish, suggestions)
            if placement is not None:
                messages.success(request, "The placement was created.")
                return redirect("placement_detail", pk=placement.pk)
        rows = _suggestion_rows(suggestions, ticked=finish["mentors"].value() or ())
        # Step one is carried into step two as hidden inputs, written twice on the
        # page: without ids, which would repeat.
        start.auto_id = False
    return render(
        request,
        "mentoring/placement_create.html",
        {
            "start": start,
            "council_chosen": council_only or start.is_bound,
            "finish": finish,
            "suggestions": suggestions,
            "suggestions_total": suggestions_total,
            "rows": rows,
        },
    )


def _suggestion_rows(suggestions, *, ticked) -> list[dict]:
    """What the table shows of each suggestion, read once here rather than through
    the mentor and the suggestion's properties in every cell."""
    return [
        {
            "pk": s.mentor.pk,
            "name": s.mentor.full_name,
            "where": s.mentor.council or s.mentor.organisation,
            "allowed": s.allowed,
            "ticked": str(s.mentor.pk) in ticked,
            "reasons": s.reasons,
            "conflicts": s.conflicts,
            "warnings": s.warnings,
        }
        for s in suggestions
    ]


def _create_from_suggestions(request, start, finish, suggestions):
    chosen = {m.pk for m in finish.cleaned_data["mentors"]}
    picked = [s for s in suggestions if s.mentor.pk in chosen]
    conflicts = [f"{s.mentor}: {c}" for s in picked for c in s.conflicts]
    warnings = [f"{s.mentor}: {w}" for s in picked for w in s.warnings]
    if start.size_warning:
        warnings.append(start.size_warning)
    if conflicts:
        finish.add_error("mentors", conflicts)
        return None
    if warnings and not finish.cleaned_data["accept_warnings"]:
        finish.add_error("accept_warnings", "Accept the warnings, with a note.")
        return None
    if warnings and not finish.cleaned_data["warning_note"].strip():
        finish.add_error("warning_note", "Say why the placement should go ahead.")
        return None
    placement = finish.save(commit=False)
    placement.council = start.cleaned_data["council"]
    placement.mentoring_type = start.cleaned_data["mentoring_type"]
    placement.started_on = start.cleaned_data["started_on"]
    placement.planned_end_on = start.cleaned_data["planned_end_on"]
    if warnings:
        placement.match_note = finish.cleaned_data["warning_note"].strip()
    try:
        return services.placement_save(
            placement=placement, mentors=[s.mentor for s in picked], mentees=start.mentees
        )
    except ValidationError as error:
        _add_placement_errors(finish, error)
        return None


def _placement_for_manager(request, pk):
    return get_object_or_404(
        Placement.objects.visible_to(request.user).select_related("council", "mentoring_type"),
        pk=pk,
    )


@programme_manager_required
def placement_edit(request, pk):
    placement = _placement_for_manager(request, pk)
    form = PlacementEditForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        placement = form.save(commit=False)
        if form.cleaned_data["clear_attention"]:
            placement.needs_attention = ""
        try:
            services.placement_update(placement=placement)
        except ValidationError as error:
            _add_placement_errors(form, error)
        else:
            messages.success(request, "The placement was saved.")
            return redirect("placement_detail", pk=placement.pk)
    return render(request, "mentoring/placement_edit.html", {"form": form, "placement": placement})


STATUS_ACTIONS = {
    # action: (allowed from, new status, form, verb for the page)
    "pause": ({PlacementStatus.ACTIVE}, PlacementStatus.PAUSED, None, "Pause"),
    "resume": ({PlacementStatus.PAUSED, PlacementStatus.PROPOSED}, PlacementStatus.ACTIVE, None, "Start or resume"),
    "end": ({PlacementStatus.ACTIVE, PlacementStatus.PAUSED}, PlacementStatus.ENDED, EndPlacementForm, "End"),
    "withdraw": (
        {PlacementStatus.PROPOSED, PlacementStatus.ACTIVE, PlacementStatus.PAUSED},
        PlacementStatus.WITHDRAWN,
        WithdrawPlacementForm,
        "Withdraw",
    ),
}  # fmt: skip


# The form field each placement field is typed in, on the pages that change a placement.
FORM_FIELD_OF = {"withdrawn_reason": "reason"}


def _add_placement_errors(form, error: ValidationError) -> None:
    """The placement's rules, each beside the field it is about where the form has it
    (e.g. an end date before the start), the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages_ in error.message_dict.items():
        field = FORM_FIELD_OF.get(name, name)
        form.add_error(field if field in form.fields else None, messages_)


@programme_manager_required
def placement_status(request, pk, action):
    """A confirmation page (GET), then the change (POST)."""
    if action not in STATUS_ACTIONS:
        raise Http404
    allowed, new_status, form_class, verb = STATUS_ACTIONS[action]
    placement = _placement_for_manager(request, pk)
    if placement.status not in allowed:
        messages.error(
            request, f"A {placement.get_status_display().lower()} placement cannot be {action}d."
        )
        return redirect("placement_detail", pk=pk)
    initial = {"ended_on": timezone.localdate()}
    form = form_class(request.POST or None, initial=initial) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        fields = {}
        if action == "end":
            fields["ended_on"] = form.cleaned_data["ended_on"]
        if action == "withdraw":
            fields["withdrawn_reason"] = form.cleaned_data["reason"]
        try:
            services.placement_set_status(placement=placement, status=new_status, **fields)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("placement_detail", pk=pk)
            _add_placement_errors(form, error)
        else:
            messages.success(request, f"The placement is now {new_status.label.lower()}.")
            return redirect("placement_detail", pk=pk)
    return render(
        request,
        "mentoring/placement_status.html",
        {
            "placement": placement,
            "form": form,
            "verb": verb,
            "action_url": reverse("placement_status", args=[pk, action]),
        },
    )
