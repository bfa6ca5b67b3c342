"""The session log: the mentor records a session; the pair read it; a programme
manager lists the sessions and sees that each happened, never what was said."""

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
from mentoring.access import mentored_by
from mentoring.filters import SessionFilter
from mentoring.forms import SessionForm
from mentoring.models import Session, SessionNote, Theme


def _mentor_placement(request, pk):
    return get_object_or_404(
        mentored_by(request.user).with_activity().select_related("council", "mentoring_type"),
        pk=pk,
    )


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
        Session.objects.attended_by(request.user).select_related("placement__council"), pk=pk
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
    return render(request, "mentoring/session_detail.html", {"session": session, "note": note})
