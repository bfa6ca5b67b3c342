"""The session log: the mentor records a session; the pair read it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from accounts.models import ConfidentialAccess
from accounts.roles import roles_of
from accounts.services import confidential_access_record
from mentoring import services
from mentoring.forms import ReflectionForm, SessionForm
from mentoring.models import Placement, Session, SessionNote
from mentoring.services_extra import memberships_of


def _mentor_placement(request, pk):
    mentor_id = roles_of(request.user).mentor_id
    if not mentor_id:
        raise Http404
    return get_object_or_404(
        Placement.objects.in_pair_of(request.user)
        .filter(mentors=mentor_id)
        .with_activity()
        .select_related("council", "mentoring_type"),
        pk=pk,
    )


def session_create(request, placement_pk):
    placement = _mentor_placement(request, placement_pk)
    session = Session(placement=placement, logged_by_id=roles_of(request.user).mentor_id)
    return _session_form(request, placement, session)


def session_edit(request, pk):
    session = get_object_or_404(Session.objects.of_pair(request.user).select_related("note"), pk=pk)
    if not session.editable_by(request.user):
        messages.error(
            request, "Only the mentor who logged a session can change it, within 14 days."
        )
        return redirect("session_detail", pk=pk)
    placement = _mentor_placement(request, session.placement_id)
    note = getattr(session, "note", None)
    if note is not None:
        # The form shows the note and saving rewrites it: both only for a mentor the
        # pair's own rule lets read it, as the session page does.
        if not SessionNote.objects.readable_by(request.user).filter(pk=note.pk).exists():
            messages.error(
                request,
                "You cannot change this session: its confidential notes are not open "
                "to your account.",
            )
            return redirect("session_detail", pk=pk)
        if request.method != "POST":
            confidential_access_record(
                user=request.user, kind=ConfidentialAccess.Kind.SESSION_NOTE, object_ids=[note.pk]
            )
    return _session_form(request, placement, session)


@sensitive_post_parameters("notes", "actions_agreed")
def _session_form(request, placement, session):
    form = SessionForm(request.POST or None, instance=session, placement=placement)
    over_days = None
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                session=form.instance,
                notes=form.cleaned_data["notes"],
                actions_agreed=form.cleaned_data["actions_agreed"],
                topics=form.cleaned_data["topics"],
                attendees=form.cleaned_data.get("attendees") or [],
                confirm_over_days=form.cleaned_data["confirm_over_days"],
            )
        except services.DaysWouldBeExceeded as exceeded:
            over_days = exceeded
            form.add_error(
                "confirm_over_days",
                f"{exceeded} Tick to confirm; your programme manager will be told.",
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The session was saved.")
            return redirect("placement_detail", pk=placement.pk)
    return render(
        request,
        "mentoring/session_form.html",
        {"form": form, "placement": placement, "session": session, "over_days": over_days},
    )


def session_delete(request, pk):
    session = get_object_or_404(
        Session.objects.of_pair(request.user).select_related("placement__council"), pk=pk
    )
    if not session.editable_by(request.user):
        messages.error(
            request, "Only the mentor who logged a session can delete it, within 14 days."
        )
        return redirect("session_detail", pk=pk)
    if request.method == "POST":
        placement_pk = session.placement_id
        services.session_delete(session=session, user=request.user)
        messages.success(request, "The session was deleted.")
        return redirect("placement_detail", pk=placement_pk)
    return render(request, "mentoring/session_delete.html", {"session": session})


@sensitive_post_parameters("text")
def reflection_create(request):
    r = roles_of(request.user)
    if not r.is_mentee:
        raise Http404
    # The user's own places as a mentee, never another member of their group.
    memberships = memberships_of(request.user)
    memberships = memberships.select_related("placement__council", "placement__mentoring_type")
    form = ReflectionForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reflection was saved.")
        return redirect("reflection_list")
    return render(request, "mentoring/reflection_form.html", {"form": form})
