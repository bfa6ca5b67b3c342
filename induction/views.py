"""Induction buddy schemes, for the programme managers who run them: who buddies whom
(pairing by pairing, with dates) and the training and pairing events with who attended.
A scheme's buddies and new members see their own pairings on its pairings page. A scheme
is an induction buddy placement; its page (mentoring's) links here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import roles_of
from accounts.decorators import programme_manager_required
from core.forms import add_errors
from councils.models import Councillor
from induction import access, services
from induction.forms import PairingEndForm, PairingForm, TrainingEventForm
from induction.models import EVENT_TITLE, SCHEME_TYPE, BuddyPairing, TrainingEvent, day
from mentoring.models import Mentor, Placement, PlacementMentee

PEOPLE = (
    Prefetch("mentors", queryset=Mentor.objects.only("full_name", "kind", "council_id")),
    Prefetch(
        "mentees",
        queryset=PlacementMentee.objects.select_related("councillor", "officer").only(
            *("placement", "councillor", "officer", "councillor__full_name"),
            *("councillor__council_id", "officer__full_name"),
        ),
    ),
)


def _scheme(request, pk) -> Placement:
    """The induction buddy placement, with its buddies and new members; any other
    placement, or one the user may not see, is not found."""
    return get_object_or_404(
        Placement.objects.visible_to(request.user)
        .filter(mentoring_type__slug=SCHEME_TYPE)
        .select_related("council", "mentoring_type")
        .prefetch_related(*PEOPLE),
        pk=pk,
    )


def buddy_pairing_list(request, pk):
    """Managers see the whole scheme; its buddies and new members their own pairings."""
    placement = _scheme(request, pk)
    manages = roles_of(request.user).is_programme_manager
    if not manages and not access.in_scheme(placement, request.user):
        raise Http404
    pairings = list(
        BuddyPairing.objects.visible_to(request.user)
        .filter(placement=placement)
        .select_related("buddy__council", "new_member")
        .order_by("new_member__full_name", "new_member_id", "-started_on", "-pk")
    )
    paired = {p.new_member_id for p in pairings if p.ended_on is None}
    unpaired = [
        m.councillor
        for m in placement.mentees.all()
        if manages and m.councillor_id and m.councillor_id not in paired
    ]
    events = (
        TrainingEvent.objects.visible_to(request.user)
        .filter(placements=placement)
        .prefetch_related(
            Prefetch("buddies", queryset=Mentor.objects.only("full_name").order_by("full_name")),
            Prefetch(
                "new_members",
                queryset=Councillor.objects.only("full_name").order_by("full_name"),
            ),
        )
        .order_by("-held_on", "-pk")
    )
    return render(
        request,
        "induction/pairing_list.html",
        {
            "placement": placement,
            "pairings": pairings,
            "unpaired": unpaired,
            "events": events,
            "manages": manages,
            "can_pair": bool(placement.mentors.all()) and bool(unpaired),
        },
    )


def _first_day(placement):
    """Today, within the scheme's dates."""
    today = timezone.localdate()
    if today < placement.started_on:
        return placement.started_on
    if placement.end_date and today > placement.end_date:
        return placement.end_date
    return today


@programme_manager_required
def buddy_pairing_create(request, pk):
    placement = _scheme(request, pk)
    initial = {"started_on": _first_day(placement)}
    member = request.GET.get("new_member", "")
    if member.isdigit() and len(member) <= 12:
        initial["new_member"] = int(member)
    form = PairingForm(request.POST or None, placement=placement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pairing = services.buddy_pairing_add(placement=placement, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"{pairing.buddy} now buddies {pairing.new_member.full_name}, "
                f"from {day(pairing.started_on)}.",
            )
            return redirect("buddy_pairing_list", pk=placement.pk)
    return render(request, "induction/pairing_form.html", {"form": form, "placement": placement})


@programme_manager_required
def buddy_pairing_end(request, pk):
    pairing = get_object_or_404(
        BuddyPairing.objects.visible_to(request.user).select_related(
            "placement__council", "placement__mentoring_type", "buddy", "new_member"
        ),
        pk=pk,
    )
    if pairing.ended_on is not None:
        messages.info(
            request,
            f"The pairing of {pairing.buddy} with {pairing.new_member.full_name} already "
            f"ended on {day(pairing.ended_on)}.",
        )
        return redirect("buddy_pairing_list", pk=pairing.placement_id)
    form = PairingEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_pairing_end(pairing, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"The pairing of {pairing.buddy} with {pairing.new_member.full_name} ended on "
                f"{day(form.cleaned_data['ended_on'])}. {pairing.new_member.full_name} can now "
                "be paired with another buddy.",
            )
            return redirect("buddy_pairing_list", pk=pairing.placement_id)
    return render(request, "induction/pairing_end.html", {"form": form, "pairing": pairing})


@programme_manager_required
def training_event_create(request, pk):
    placement = _scheme(request, pk)
    event = TrainingEvent(council=placement.council, title=EVENT_TITLE)
    return _event_form(request, event, [placement], placement)


@programme_manager_required
def training_event_edit(request, pk):
    event = get_object_or_404(
        TrainingEvent.objects.visible_to(request.user).select_related("council"), pk=pk
    )
    placements = list(
        event.placements.filter(mentoring_type__slug=SCHEME_TYPE)
        .select_related("council", "mentoring_type")
        .prefetch_related(*PEOPLE)
        .order_by("-started_on", "pk")
    )
    return _event_form(request, event, placements, placements[0] if placements else None)


def _event_form(request, event, placements, placement):
    adding = event.pk is None
    initial = {"title": event.title, "held_on": event.held_on}
    if not adding:
        initial["buddies"] = list(event.buddies.values_list("pk", flat=True))
        initial["new_members"] = list(event.new_members.values_list("pk", flat=True))
    form = TrainingEventForm(request.POST or None, placements=placements, initial=initial)
    if request.method == "POST" and form.is_valid():
        event.title = form.cleaned_data["title"]
        event.held_on = form.cleaned_data["held_on"]
        try:
            services.training_event_record(
                event,
                placements=placements,
                buddies=form.cleaned_data["buddies"],
                new_members=form.cleaned_data["new_members"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            attended = len(form.cleaned_data["buddies"]) + len(form.cleaned_data["new_members"])
            messages.success(
                request,
                f"{event} was {'recorded' if adding else 'changed'}, with "
                f"{attended} {'person' if attended == 1 else 'people'} attending.",
            )
            if placement is None:
                return redirect("placement_list")
            return redirect("buddy_pairing_list", pk=placement.pk)
    return render(
        request,
        "induction/event_form.html",
        {"form": form, "event": event, "adding": adding, "placement": placement},
    )
