"""The private calendar feed: made, renewed and turned off from the account; read by
calendar apps with the secret token in its address."""

import datetime
import hashlib
import re

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from calendars.models import CalendarFeed
from calendars.services import calendar_feed_renew, calendar_feed_revoke, calendar_feed_user
from mentoring.models import AgreementStatus, LearningAgreement, SessionMode
from mentoring.tests.factories import (
    AgreementReviewFactory,
    LearningAgreementFactory,
    PlacementFactory,
    SessionFactory,
    SessionNoteFactory,
)
from mentoring.tests.pairs import mentee_account, mentor_account
from reviews.tests.factories import PeerTeamMemberFactory, ReviewVisitFactory

pytestmark = pytest.mark.django_db

NOTE = "CONFIDENTIAL-NOTE-4d2a"
ACTION = "CONFIDENTIAL-ACTION-9e1b"


@pytest.fixture
def placement():
    return PlacementFactory()


@pytest.fixture
def session(placement):
    session = SessionFactory(
        placement=placement, held_on=datetime.date(2025, 2, 3), mode=SessionMode.VIDEO
    )
    SessionNoteFactory(session=session, notes=NOTE, actions_agreed=ACTION)
    return session


@pytest.fixture
def mentee_user(placement):
    return mentee_account(placement.mentees.get())


def feed_url(token: str) -> str:
    return reverse("calendar_feed_ics", kwargs={"token": token})


def events_of(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def by_summary(events) -> dict:
    return {str(e["SUMMARY"]): e for e in events}


# The feed ------------------------------------------------------------------------------------


def test_the_feed_parses_and_holds_the_session_without_its_notes(client, session, mentee_user):
    token = calendar_feed_renew(user=mentee_user)
    response = client.get(feed_url(token))
    assert response.status_code == 200
    events = by_summary(events_of(response))
    event = events["Mentoring session (Video call)"]
    assert event.decoded("DTSTART") == datetime.date(2025, 2, 3)
    assert event.decoded("DTEND") == datetime.date(2025, 2, 4)
    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert str(event["URL"]).endswith(reverse("session_detail", args=[session.pk]))
    assert "60 minutes" in str(event["DESCRIPTION"])
    body = response.content.decode()
    assert NOTE not in body and ACTION not in body


def test_the_feed_needs_no_sign_in_and_is_never_cached(client, session, mentee_user):
    token = calendar_feed_renew(user=mentee_user)
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Councillor mentoring"


def test_the_mentor_sees_the_session_too(client, session, placement):
    token = calendar_feed_renew(user=mentor_account(placement))
    assert "Mentoring session (Video call)" in by_summary(events_of(client.get(feed_url(token))))


def test_agreement_review_dates_and_review_visits_are_in_the_feed(client, placement, mentee_user):
    current = LearningAgreementFactory(placement=placement, version=2)
    AgreementReviewFactory(agreement=current, due_on=datetime.date(2025, 6, 30))
    old = LearningAgreementFactory(placement=placement, version=1)
    AgreementReviewFactory(agreement=old, due_on=datetime.date(2025, 3, 1))
    # Agreed after their review dates were set (an agreed version cannot change).
    LearningAgreement.objects.filter(pk=old.pk).update(status=AgreementStatus.SUPERSEDED)
    LearningAgreement.objects.filter(pk=current.pk).update(status=AgreementStatus.PROPOSED)
    visit = ReviewVisitFactory(
        title="Corporate Peer Challenge",
        first_day=datetime.date(2025, 10, 14),
        last_day=datetime.date(2025, 10, 17),
    )
    PeerTeamMemberFactory(visit=visit, user=mentee_user, role="Member peer")
    ReviewVisitFactory(title="A visit I am not on")
    token = calendar_feed_renew(user=mentee_user)
    events = events_of(client.get(feed_url(token)))
    reviews = [e for e in events if str(e["SUMMARY"]) == "Learning agreement review"]
    assert [e.decoded("DTSTART") for e in reviews] == [datetime.date(2025, 6, 30)]
    visits = by_summary(events)
    peer = visits["Review visit: Corporate Peer Challenge"]
    assert peer.decoded("DTSTART") == datetime.date(2025, 10, 14)
    assert peer.decoded("DTEND") == datetime.date(2025, 10, 18)
    assert "Member peer" in str(peer["DESCRIPTION"])
    assert "Review visit: A visit I am not on" not in visits


def test_someone_elses_sessions_are_not_in_my_feed(client, session):
    stranger = mentee_account(PlacementFactory().mentees.get())
    token = calendar_feed_renew(user=stranger)
    assert "Mentoring session (Video call)" not in by_summary(
        events_of(client.get(feed_url(token)))
    )


def test_a_manager_gets_no_one_elses_sessions(client, session):
    token = calendar_feed_renew(user=ProgrammeManagerFactory())
    assert events_of(client.get(feed_url(token))) == []


def test_an_unknown_token_answers_404(client):
    assert client.get(feed_url("not-a-real-token")).status_code == 404


def test_a_revoked_token_answers_404(client, session, mentee_user):
    token = calendar_feed_renew(user=mentee_user)
    assert calendar_feed_revoke(user=mentee_user) is True
    assert client.get(feed_url(token)).status_code == 404
    assert calendar_feed_revoke(user=mentee_user) is False


def test_renewing_stops_the_old_address_working(client, session, mentee_user):
    old = calendar_feed_renew(user=mentee_user)
    new = calendar_feed_renew(user=mentee_user)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_the_feed_of_a_deactivated_account_answers_404(client, mentee_user):
    token = calendar_feed_renew(user=mentee_user)
    mentee_user.is_active = False
    mentee_user.save()
    assert client.get(feed_url(token)).status_code == 404


def test_only_a_hash_of_the_token_is_stored(mentee_user):
    token = calendar_feed_renew(user=mentee_user)
    feed = CalendarFeed.objects.get(user=mentee_user)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(CalendarFeed.objects.values().get())
    assert calendar_feed_user(token=token) == mentee_user


# The page in the account ---------------------------------------------------------------------


def test_a_user_makes_their_feed_and_sees_its_address_once(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("calendar_feed")).content.decode()
    assert "You have no calendar feed" in page
    response = client.post(reverse("calendar_feed_renew"))
    assert response.status_code == 302
    page = client.get(reverse("calendar_feed")).content.decode()
    assert "Your calendar feed is ready." in page
    address = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page).group(1)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert calendar_feed_user(token=token) == user
    again = client.get(reverse("calendar_feed")).content.decode()
    assert token not in again
    assert "Your calendar feed is on." in again


def test_renewing_and_turning_off_ask_are_you_sure_first(client, mentee_user):
    client.force_login(mentee_user)
    token = calendar_feed_renew(user=mentee_user)
    assert "Are you sure?" in client.get(reverse("calendar_feed_renew")).content.decode()
    assert calendar_feed_user(token=token) == mentee_user
    assert "Are you sure?" in client.get(reverse("calendar_feed_revoke")).content.decode()
    assert calendar_feed_user(token=token) == mentee_user

    client.post(reverse("calendar_feed_renew"))
    assert calendar_feed_user(token=token) is None
    page = client.get(reverse("calendar_feed")).content.decode()
    assert "the old one no longer works" in page

    response = client.post(reverse("calendar_feed_revoke"))
    assert response.status_code == 302
    page = client.get(reverse("calendar_feed")).content.decode()
    assert "Your calendar feed was turned off" in page
    assert not CalendarFeed.objects.active().filter(user=mentee_user).exists()


def test_the_feed_pages_need_a_sign_in(client):
    for name in ["calendar_feed", "calendar_feed_renew", "calendar_feed_revoke"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_account_menu_links_to_the_feed_page(client, mentee_user):
    client.force_login(mentee_user)
    page = client.get(reverse("calendar_feed")).content.decode()
    assert f'href="{reverse("calendar_feed")}">Calendar feed</a>' in page


# Query counts --------------------------------------------------------------------------------


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(placement, count, agreement):
    start = placement.sessions.count()
    for n in range(start, start + count):
        SessionFactory(
            placement=placement, held_on=placement.started_on + datetime.timedelta(days=n)
        )
        AgreementReviewFactory(
            agreement=agreement, due_on=placement.started_on + datetime.timedelta(days=n)
        )
        PeerTeamMemberFactory(
            visit=ReviewVisitFactory(), user=agreement.placement.mentees.get().councillor.user
        )


def test_the_feed_runs_the_same_few_queries_with_5_or_205_of_each(client, placement, mentee_user):
    agreement = LearningAgreementFactory(placement=placement)
    url = feed_url(calendar_feed_renew(user=mentee_user))
    grow(placement, 5, agreement)
    small = queries(client, url)
    grow(placement, 200, agreement)
    large = queries(client, url)
    assert len(events_of(client.get(url))) == 3 * 205
    assert small == large <= 12


def test_the_feed_page_runs_a_fixed_few_queries(client, mentee_user):
    client.force_login(mentee_user)
    calendar_feed_renew(user=mentee_user)
    assert queries(client, reverse("calendar_feed")) <= 12
