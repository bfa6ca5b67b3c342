"""The private calendar feed: its secret address, and the iCalendar it serves.

The feed holds the user's mentoring sessions (that they happened: when, how
and with whom, never what was said), the review dates of their learning
agreements and the review visits they are on the peer team of.
"""

import datetime
import hashlib
import secrets
import uuid
from urllib.parse import urlsplit

import icalendar
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from icalendar.enums import CLASS, TRANSP

from accounts.models import User
from calendars.models import CalendarFeed
from mentoring.models import (
    AgreementReview,
    AgreementStatus,
    Placement,
    PlacementMentee,
    Session,
)
from reviews.models import PeerTeamMember

PRODID = "-//Councillor mentoring programme//Calendar feed//EN"
CALENDAR_NAME = "Councillor mentoring"
REFRESH = datetime.timedelta(hours=1)
ONE_DAY = datetime.timedelta(days=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_renew(*, user: User) -> str:
    """Make the user's feed, or give it a new address (the old one stops working).
    Returns the token: the only time it is known in full."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token_hash": _hash(token), "created_at": timezone.now(), "revoked_at": None},
    )
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    """Stop the feed's address working. False when there was no feed to stop."""
    return bool(CalendarFeed.objects.active().filter(user=user).update(revoked_at=timezone.now()))


def calendar_feed_user(*, token: str) -> User | None:
    """The active user whose feed this token opens, if any."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.active()
        .filter(token_hash=_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None


def calendar_feed_path(*, token: str) -> str:
    return reverse("calendar_feed_ics", kwargs={"token": token})


# The iCalendar ---------------------------------------------------------------------------


def _people(placement: Placement) -> str:
    mentors = ", ".join(m.full_name for m in placement.mentors.all())
    mentees = ", ".join(m.full_name for m in placement.mentees.all())
    return f"Mentor: {mentors or 'none recorded'}. Mentee: {mentees or 'none recorded'}."


def _placement_prefetches(prefix: str) -> list:
    return [
        f"{prefix}mentors",
        Prefetch(
            f"{prefix}mentees",
            queryset=PlacementMentee.objects.select_related("councillor", "officer"),
        ),
    ]


def _event(**fields) -> icalendar.Event:
    """An all-day event, private and shown as free: sessions have a date but no time."""
    return icalendar.Event.new(
        classification=CLASS.PRIVATE, transparency=TRANSP.TRANSPARENT, **fields
    )


def _session_events(user, base_url: str, host: str):
    sessions = (
        Session.objects.attended_by(user)
        .select_related("placement__council", "placement__mentoring_type")
        .prefetch_related(*_placement_prefetches("placement__"))
        .order_by("held_on", "pk")
    )
    for session in sessions:
        placement = session.placement
        lines = [
            f"{placement.name}, {placement.council}.",
            _people(placement),
            f"{session.get_mode_display()}, {session.duration_minutes} minutes.",
        ]
        if session.is_follow_up:
            lines.append("A follow-up session, after the placement ended.")
        yield _event(
            uid=f"session-{session.pk}@{host}",
            summary=f"Mentoring session ({session.get_mode_display()})",
            start=session.held_on,
            end=session.held_on + ONE_DAY,
            description="\n".join(lines),
            url=base_url + reverse("session_detail", args=[session.pk]),
        )


def _review_date_events(user, base_url: str, host: str):
    reviews = (
        AgreementReview.objects.filter(
            agreement__placement__in=Placement.objects.of_member(user).values("pk")
        )
        .exclude(agreement__status=AgreementStatus.SUPERSEDED)
        .select_related("agreement__placement__council", "agreement__placement__mentoring_type")
        .prefetch_related(*_placement_prefetches("agreement__placement__"))
        .order_by("due_on", "pk")
    )
    for review in reviews:
        placement = review.agreement.placement
        yield _event(
            uid=f"agreement-review-{review.pk}@{host}",
            summary="Learning agreement review",
            start=review.due_on,
            end=review.due_on + ONE_DAY,
            description=(
                f"Review of the learning agreement (version {review.agreement.version}) of "
                f"{placement.name}, {placement.council}.\n{_people(placement)}"
            ),
            url=base_url + reverse("placement_detail", args=[placement.pk]),
        )


def _visit_events(user, host: str):
    places = (
        PeerTeamMember.objects.filter(user=user)
        .select_related("visit__council")
        .order_by("visit__first_day", "visit_id", "pk")
    )
    seen = set()
    for place in places:
        visit = place.visit
        if visit.pk in seen:
            continue
        seen.add(visit.pk)
        yield _event(
            uid=f"review-visit-{visit.pk}@{host}",
            summary=f"Review visit: {visit.title}",
            start=visit.first_day,
            end=visit.last_day + ONE_DAY,
            location=visit.council.name,
            description=(
                f"{visit.get_kind_display()} of {visit.council.name}.\n"
                f"You are on the peer team: {place.role}, {place.organisation}."
            ),
        )


def calendar_ics(*, user: User, base_url: str) -> bytes:
    """The user's calendar as iCalendar text, in a fixed number of queries."""
    base_url = base_url.rstrip("/")
    host = urlsplit(base_url).hostname or "councillor-mentoring"
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        name=CALENDAR_NAME,
        description="Your mentoring sessions, learning agreement review dates and review visits.",
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=REFRESH,
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/calendar/{user.pk}"),
    )
    calendar.add("X-PUBLISHED-TTL", REFRESH)
    for events in (
        _session_events(user, base_url, host),
        _review_date_events(user, base_url, host),
        _visit_events(user, host),
    ):
        for event in events:
            calendar.add_component(event)
    return calendar.to_ical()
