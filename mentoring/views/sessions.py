"""The session log: the mentor records a session; the pair read it; a programme
manager lists the sessions and sees that each happened, never what was said."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from accounts.access import roles_of
from accounts.decorators import programme_manager_required
from accounts.models import ConfidentialAccess
from accounts.services import confidential_access_record
from mentoring import services
from mentoring.access import mentored_by, pair_of
from mentoring.filters import SessionFilter
from mentoring.forms import SessionForm
from mentoring.models import Session, SessionNote, Theme
from mentoring.selectors import with_names


def _mentor_placement(request, pk):
    placement = get_object_or_404(
        mentored_by(request.user).with_activity().select_related("council", "mentoring_type"),
        pk=pk,
    )
    with_names([placement])  # the names the form's heading shows, in one query
    return placement


@programme_manager_required
def session_list(request):
    """That sessions happened (date, mode, duration, topics); never what was said."""
    sessions = (
        Session.objects.visible_to(request.user)
        .select_related("placement__council", "placement__mentoring_type")
        # Only what the table shows.
        .only(
            *("held_on", "mode", "duration_minutes", "placement"),
            *("placement__council__name", "placement__mentoring_type__name"),
        )
        .prefetch_related(Prefetch("topics", queryset=Theme.objects.only("name")))
        .order_by("-held_on", "-pk")
    )
    session_filter = SessionFilter(request.GET or None, queryset=sessions)
    page = Paginator(session_filter.qs, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # Each row's placement named by its people, read for the page in one query.
    with_names([session.placement for session in page.object_list])
    return render(
        request,
        "mentoring/session_list.html",
        {"page": page, "filter": session_filter},
    )


def session_create(request, placement_pk):
    placement = _mentor_placement(request, placement_pk)
    session = Session(placement=placement, logged_by_id=roles_of(request.user).mentor_id)
    return _session_form(request, placement, session)


def session_edit(request, pk):
    session = get_object_or_404(
        Session.objects.attended_by(request.user).select_related("note"), pk=pk
    )
    if not session.editable_by(request.user):
        messages.error(
            request,
            f"Only the mentor who logged a session can change it, within {Session.EDITABLE_DAYS} days.",
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
    session_was_logged = session.pk is not None
    form = SessionForm(request.POST or None, instance=session, placement=placement)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                session=form.instance,
                notes=form.cleaned_data["notes"],
                actions_agreed=form.cleaned_data["actions_agreed"],
                topics=form.cleaned_data["topics"],
                attendees=form.cleaned_data.get("attendees") or [],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The session was saved.")
            if session_was_logged:
                # A change made from the session page returns to it.
                return redirect("session_detail", pk=session.pk)
            return redirect("placement_detail", pk=placement.pk)
    return render(
        request,
        "mentoring/session_form.html",
        {"form": form, "placement": placement, "session": session},
    )


def session_delete(request, pk):
    session = get_object_or_404(
        Session.objects.attended_by(request.user).select_related("placement__council"), pk=pk
    )
    if not session.editable_by(request.user):
        messages.error(
            request,
            f"Only the mentor who logged a session can delete it, within {Session.EDITABLE_DAYS} days.",
        )
        return redirect("session_detail", pk=pk)
    if request.method == "POST":
        placement_pk = session.placement_id
        services.session_delete(session=session, user=request.user)
        messages.success(request, "The session was deleted.")
        return redirect("placement_detail", pk=placement_pk)
    return render(request, "mentoring/session_delete.html", {"session": session})


def session_detail(request, pk):
    session = get_object_or_404(
        Session.objects.visible_to(request.user)
        .select_related("placement__council", "placement__mentoring_type", "logged_by")
        .prefetch_related("topics", "attendees__councillor", "attendees__officer"),
        pk=pk,
    )
    # Confidential: only the pair; a manager sees that the session happened.
    note = SessionNote.objects.readable_by(request.user).filter(session=session).first()
    if note is not None:
        confidential_access_record(
            user=request.user, kind=ConfidentialAccess.Kind.SESSION_NOTE, object_ids=[note.pk]
        )
    return render(
        request,
        "mentoring/session_detail.html",
        {
            "session": session,
            "note": note,
            # Its mentors claim the day the session took from the session's page.
            "claim_for_session": session.placement_id in pair_of(roles_of(request.user)).mentored,
            **_change_window(request.user, session),
        },
    )


def _change_window(user, session) -> dict:
    """Whether the user may change the session now, until when, and, for its mentors
    once they may not, why: the page says so rather than leaving them to wonder."""
    can_change = session.editable_by(user)
    mentor_id = roles_of(user).mentor_id
    logged_it = bool(mentor_id and session.logged_by_id == mentor_id)
    return {
        "can_change": can_change,
        "editable_days": Session.EDITABLE_DAYS,
        "editable_until": session.created_at + datetime.timedelta(days=Session.EDITABLE_DAYS),
        # Past the window, to the mentor who logged it.
        "window_closed": logged_it and not can_change,
        # To a co-mentor of the pair: only the one who logged it changes it.
        "logged_by_other": bool(
            mentor_id and not logged_it and session.placement_id in pair_of(roles_of(user)).mentored
        ),
    }
