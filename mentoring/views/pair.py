"""Pages over placements and sessions.

Every read goes through ``visible_to(user)`` (who may see the row) or
``readable_by(user)`` (confidential content: the pair alone). A row outside
a user's view answers 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.models import ConfidentialAccess
from accounts.services import confidential_access_record
from mentoring.models import (
    PairAccess,
    Reflection,
    Session,
    SessionNote,
)
from mentoring.pair_access import pair_access_confirm as confirm_access


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


def reflection_list(request):
    reflections = (
        Reflection.objects.readable_by(request.user)
        .select_related("mentee__councillor", "mentee__officer")
        # Only what the page shows: the date, the mentee's name and the text.
        .only(
            *("written_on", "text", "mentee__councillor", "mentee__officer"),
            *("mentee__councillor__full_name", "mentee__officer__full_name"),
        )
        .order_by("-written_on", "-pk")
    )
    page = Paginator(reflections, 20).get_page(request.GET.get("page"))
    confidential_access_record(
        user=request.user,
        kind=ConfidentialAccess.Kind.REFLECTION,
        object_ids=[r.pk for r in page.object_list],
    )
    return render(request, "mentoring/reflection_list.html", {"page": page})


def confidential_access_log(request):
    """Who read the confidential notes and reflections that are this user's own, named
    by the account that read them (its email when it read), not by any record's name."""
    notes = SessionNote.objects.readable_by(request.user).values("pk")
    reflections = Reflection.objects.readable_by(request.user).values("pk")
    entries = (
        ConfidentialAccess.objects.filter(
            Q(kind=ConfidentialAccess.Kind.SESSION_NOTE, object_id__in=notes)
            | Q(kind=ConfidentialAccess.Kind.REFLECTION, object_id__in=reflections)
        )
        .only("kind", "object_id", "accessed_at", "user_id", "reader_email")
        .order_by("-accessed_at", "-pk")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "mentoring/confidential_access_log.html", {"page": page})


def _accesses():
    return PairAccess.objects.select_related("placement__council", "placement__mentoring_type")


def pair_access_list(request):
    """Accounts that joined the user's pairs: those waiting for the user to vouch for
    them, the user's own waiting access, and the history."""
    waiting = _accesses().waiting_for(request.user).order_by("joined_at", "pk")
    own = _accesses().filter(user=request.user).pending().order_by("joined_at", "pk")
    history = Paginator(_accesses().of_pair(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/pair_access_list.html",
        {"waiting": waiting, "own": own, "page": history},
    )


@require_POST
def pair_access_confirm(request, pk):
    access = get_object_or_404(PairAccess.objects.waiting_for(request.user), pk=pk)
    confirm_access(access=access, by=request.user)
    messages.success(
        request,
        f"You confirmed {access.account_email} as {access.record_name}: the placement's "
        "earlier notes and reflections are now open to that account.",
    )
    return redirect("pair_access_list")
