"""Pages over placements and sessions.

Every read goes through ``visible_to(user)`` (who may see the row) or
``readable_by(user)`` (confidential content: the pair alone). A row outside
a user's view answers 404.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.timezone import template_localtime

from accounts.models import ConfidentialAccess
from accounts.services import confidential_access_record
from mentoring.models import (
    Reflection,
    Session,
    SessionNote,
)


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
    """Who read the confidential notes and reflections that are this user's own."""
    notes = SessionNote.objects.readable_by(request.user).values("pk")
    reflections = Reflection.objects.readable_by(request.user).values("pk")
    entries = (
        ConfidentialAccess.objects.filter(
            Q(kind=ConfidentialAccess.Kind.SESSION_NOTE, object_id__in=notes)
            | Q(kind=ConfidentialAccess.Kind.REFLECTION, object_id__in=reflections)
        )
        .select_related("user")
        # Only what the table shows: the sort then carries narrow rows, not whole users.
        .only("kind", "object_id", "accessed_at", "user__full_name", "user__email")
        .order_by("-accessed_at", "-pk")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    # The rows are built here in one pass rather than by the template engine, a tag per
    # cell; the time is shown as the template's date filter shows it.
    rows = format_html_join(
        "\n",
        "<tr><td>{}</td><td>{}</td><td>{} #{}</td></tr>",
        (
            (
                date_format(template_localtime(entry.accessed_at), "SHORT_DATETIME_FORMAT"),
                entry.user,
                entry.get_kind_display(),
                entry.object_id,
            )
            for entry in page.object_list
        ),
    )
    return render(request, "mentoring/confidential_access_log.html", {"page": page, "rows": rows})
