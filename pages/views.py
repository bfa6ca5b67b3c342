"""The pages of no one app: each person's home page (what each of their roles puts on
it), the programme manager's dashboard, the accessibility statement and the error
pages. The health checks are answered by pages/middleware.py, before the host check."""

import datetime
from types import SimpleNamespace

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone

from accounts.access import roles_of
from accounts.decorators import programme_manager_required
from accounts.models import ConfidentialAccess
from accounts.services import confidential_access_record
from councils.models import Council
from mentoring.access import closed_to, pair_of
from mentoring.models import (
    AgreementReview,
    AgreementStatus,
    DayClaim,
    LearningAgreement,
    MemberAgreement,
    Placement,
    Session,
    SessionMode,
)
from pages.dashboard import cached_dashboard
from reviews.models import ReviewVisit


def home(request):
    return render(request, "home.html", home_context(request.user))


def home_context(user) -> dict:
    """What each of the user's roles puts on their home page."""
    roles = roles_of(user)
    today = timezone.localdate()
    context = {"roles": roles, "quiet_since": today - datetime.timedelta(weeks=6)}
    if roles.is_mentor or roles.is_mentee:
        next_review = (
            AgreementReview.objects.filter(
                agreement__placement=OuterRef("pk"),
                agreement__status=AgreementStatus.ACTIVE,
                due_on__gte=today,
            )
            .order_by("due_on")
            .values("due_on")[:1]
        )
        # Only the columns the page shows; the names as text (mentoring.selectors).
        context["my_placements"] = (
            Placement.objects.of_member(user)
            .with_activity()
            .annotate(next_review_on=Subquery(next_review))
            .select_related("council", "mentoring_type")
            .only(
                *("status", "started_on", "mentor_days_agreed"),
                *("council__name", "mentoring_type__name"),
            )
            .order_by("-started_on")[:20]
            .with_names()
        )
        # Whether the user is a mentor of each (to log a session), not merely a mentee.
        mentored = pair_of(roles).mentored
        for placement in context["my_placements"]:
            placement.mentoring_it = placement.pk in mentored
    if roles.mentor_id:
        context["sessions_to_change"] = _sessions_to_change(user, roles.mentor_id)
        context["drafts_to_send"] = (
            DayClaim.objects.visible_to(user)
            .filter(mentor_id=roles.mentor_id, status=DayClaim.Status.DRAFT)
            .count()
        )
    if roles.is_mentee:
        context["my_agreements"] = _agreements(user, context["my_placements"])
        context["my_sessions"] = _recent_sessions(user, context["my_placements"])
    if roles.is_commissioner:
        context["my_councils"] = Council.objects.filter(pk__in=roles.commissioner_council_ids)
    if roles.is_programme_manager or roles.is_commissioner or roles.is_councillor:
        context["visits"] = (
            ReviewVisit.objects.visible_to(user)
            .select_related("council")
            .only("title", "first_day", "status", "council__name")
            .order_by("-first_day")[:5]
        )
    return context


def _agreements(user, placements) -> list:
    """The current agreements of the placements listed (newest placement first), each
    with its goals: one query, a row per goal, grouped here. The type and council are
    those of the placement rows already read."""
    shown = {p.pk: (order, p) for order, p in enumerate(placements)}
    # Each member of a group agrees for themself: whether this reader has.
    mine = MemberAgreement.objects.filter(agreement=OuterRef("pk")).filter(
        Q(mentee__councillor__user=user) | Q(mentee__officer__user=user)
    )
    rows = (
        LearningAgreement.objects.of_member(user)
        .filter(placement_id__in=shown)
        .exclude(status=AgreementStatus.SUPERSEDED)
        .annotate(i_agreed=Exists(mine))
        .order_by("-version", "pk", "goals__order", "goals__pk")
        .values(
            *("pk", "placement_id", "version", "status", "i_agreed"),
            *("goals__pk", "goals__goal", "goals__target_on", "goals__way_forward"),
        )
    )
    agreements = {}
    for row in rows:
        agreement = agreements.get(row["pk"])
        if agreement is None:
            order, placement = shown[row["placement_id"]]
            agreement = agreements[row["pk"]] = SimpleNamespace(
                order=order,
                pk=row["pk"],
                version=row["version"],
                status=row["status"],
                status_display=AgreementStatus(row["status"]).label,
                i_agreed=row["i_agreed"],
                mentoring_type=placement.mentoring_type.name,
                council=placement.council.name,
                placement_name=placement.name,
                goals=[],
            )
        if row["goals__pk"] is not None:
            agreement.goals.append(
                SimpleNamespace(
                    goal=row["goals__goal"],
                    target_on=row["goals__target_on"],
                    way_forward=row["goals__way_forward"],
                )
            )
    # Stable: within a placement, the order of the query (newest version first).
    return sorted(agreements.values(), key=lambda a: a.order)


def _sessions_to_change(user, mentor_id) -> list:
    """The sessions the mentor logged that they may still change or delete (as
    ``Session.editable_by``), newest first, each with the day the window closes."""
    logged_since = timezone.now() - datetime.timedelta(days=Session.EDITABLE_DAYS)
    sessions = list(
        Session.objects.attended_by(user)
        .filter(logged_by_id=mentor_id, created_at__gte=logged_since)
        .select_related("placement__council")
        .only("held_on", "mode", "created_at", "placement__council__name")
        .order_by("-held_on", "-pk")[:5]
    )
    for session in sessions:
        session.editable_until = session.created_at + datetime.timedelta(days=Session.EDITABLE_DAYS)
    return sessions


def _recent_sessions(user, placements) -> list:
    """The user's five latest sessions in the placements listed, with what was
    discussed, as the page shows them; reading the notes is recorded in the
    confidential access log. The council is that of the placement rows already read."""
    council = {p.pk: p.council.name for p in placements}
    rows = (
        Session.objects.attended_by(user)
        .filter(placement_id__in=council)
        .order_by("-held_on", "-pk")
        .values(
            *("pk", "placement_id", "held_on", "mode", "created_at"),
            *("note__pk", "note__notes", "note__actions_agreed"),
        )[:5]
    )
    sessions = []
    for row in rows:
        note_pk = row["note__pk"]
        # As SessionNote.objects.readable_by: a note written before the user's account
        # joined the pair waits until the other side confirms the account.
        if note_pk and closed_to(user, row["placement_id"], row["created_at"]):
            note_pk = None
        sessions.append(
            SimpleNamespace(
                pk=row["pk"],
                mode=SessionMode(row["mode"]).label,
                held_on=row["held_on"],
                council=council[row["placement_id"]],
                note=note_pk
                and SimpleNamespace(
                    notes=row["note__notes"], actions_agreed=row["note__actions_agreed"]
                ),
                note_pk=note_pk,
            )
        )
    confidential_access_record(
        user=user,
        kind=ConfidentialAccess.Kind.SESSION_NOTE,
        object_ids=[s.note_pk for s in sessions if s.note_pk],
    )
    return sessions


@programme_manager_required
def dashboard(request):
    return render(request, "dashboard.html", cached_dashboard())


@login_not_required
def accessibility(request):
    return render(request, "accessibility.html")


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without a request context: it must work when the database is down.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
