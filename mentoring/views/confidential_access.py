"""Who read a pair's confidential notes, and the accounts that joined their placements."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.models import ConfidentialAccess
from mentoring.models import PairAccess, Reflection, SessionNote
from mentoring.pair_access import pair_access_confirm as confirm_access


def confidential_access_log(request):
    """Who read the confidential notes and reflections that are this user's own, named
    by the account that read them (its email when it read), not by any record's name."""
    notes = SessionNote.objects.readable_by(request.user).values("pk")
    reflections = Reflection.objects.readable_by(request.user).values("pk")
    kind = ConfidentialAccess.Kind
    entries = (
        ConfidentialAccess.objects.filter(
            Q(kind=kind.SESSION_NOTE, object_id__in=notes)
            | Q(kind=kind.REFLECTION, object_id__in=reflections)
        )
        .only("kind", "object_id", "accessed_at", "user_id", "reader_email")
        # What each reading was of, in words a person knows (the session's date, the
        # reflection's date), not by record number: read in the page's own query.
        .annotate(
            session_on=Subquery(
                SessionNote.objects.filter(pk=OuterRef("object_id")).values("session__held_on")[:1]
            ),
            reflection_on=Subquery(
                Reflection.objects.filter(pk=OuterRef("object_id")).values("written_on")[:1]
            ),
            by_you=Q(user_id=request.user.pk),
        )
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
    history = Paginator(_accesses().of_member(request.user), 25).get_page(request.GET.get("page"))
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
