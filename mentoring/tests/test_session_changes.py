"""A mentor reaches the change and delete pages of a session they logged, from the
session page, the placement page and their home page, for 14 days; after that the
session page says why it can no longer be changed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from mentoring.models import Session
from mentoring.tests.factories import MentorFactory, SessionFactory
from mentoring.tests.pairs import signed_in_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return signed_in_pair()


def logged_days_ago(session, days):
    Session.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def links_to_change(html, session) -> bool:
    edit, delete = (reverse(name, args=[session.pk]) for name in ("session_edit", "session_delete"))
    return edit in html and delete in html


def test_the_mentor_who_logged_a_session_finds_change_and_delete_on_its_page(pair):
    placement, mentor, mentee = pair
    session = SessionFactory(placement=placement)
    logged_days_ago(session, 3)
    html = mentor.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert links_to_change(html, session)
    until = (timezone.localtime() + datetime.timedelta(days=11)).date()
    assert f"You can change or delete this session until {until:%-d %B %Y}." in html
    # The mentee reads the session but does not change it.
    assert not links_to_change(
        mentee.get(reverse("session_detail", args=[session.pk])).content.decode(), session
    )


def test_after_14_days_the_session_page_says_why_it_can_no_longer_be_changed(pair):
    placement, mentor, _ = pair
    session = SessionFactory(placement=placement)
    logged_days_ago(session, 15)
    logged_on = timezone.localtime(Session.objects.get(pk=session.pk).created_at).date()
    html = mentor.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert not links_to_change(html, session)
    assert (
        "Sessions can be changed for 14 days after they are logged. "
        f"This one was logged on {logged_on:%-d %B %Y}." in html
    )


def test_a_co_mentor_is_told_only_the_mentor_who_logged_it_changes_it(pair):
    placement, mentor, _ = pair
    other = MentorFactory(user=UserFactory(), full_name="Robin Ashdown")
    placement.mentors.add(other)
    session = SessionFactory(placement=placement, logged_by=other)
    html = mentor.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert not links_to_change(html, session)
    assert "Only the mentor who logged this session, Robin Ashdown, can change" in html


def test_the_placement_page_links_each_session_the_mentor_may_still_change(pair):
    placement, mentor, mentee = pair
    recent = SessionFactory(placement=placement)
    old = SessionFactory(placement=placement, held_on=placement.started_on)
    logged_days_ago(old, 20)
    html = mentor.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert links_to_change(html, recent)
    assert not links_to_change(html, old)
    assert not links_to_change(
        mentee.get(reverse("placement_detail", args=[placement.pk])).content.decode(), recent
    )


def test_the_mentor_home_lists_the_sessions_they_can_still_change(pair):
    placement, mentor, mentee = pair
    recent = SessionFactory(placement=placement)
    old = SessionFactory(placement=placement, held_on=placement.started_on)
    logged_days_ago(old, 20)
    html = mentor.get(reverse("home")).content.decode()
    assert "Sessions you can still change" in html
    assert links_to_change(html, recent)
    assert not links_to_change(html, old)
    assert "Sessions you can still change" not in mentee.get(reverse("home")).content.decode()


def test_a_change_made_from_the_session_page_returns_to_it(pair):
    placement, mentor, _ = pair
    session = SessionFactory(placement=placement)
    response = mentor.post(
        reverse("session_edit", args=[session.pk]),
        {
            "held_on": session.held_on.isoformat(),
            "duration_minutes": "90",
            "mode": "video",
            "notes": "Changed.",
            "actions_agreed": "",
        },  # fmt: skip
    )
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    session.refresh_from_db()
    assert session.duration_minutes == 90


def test_the_placement_page_of_a_mentor_runs_the_same_queries_however_many_sessions(pair):
    placement, mentor, _ = pair
    url = reverse("placement_detail", args=[placement.pk])

    def count():
        mentor.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert mentor.get(url).status_code == 200
        return len(captured)

    for day in range(2):
        SessionFactory(placement=placement, held_on=placement.started_on + datetime.timedelta(day))
    small = count()
    for day in range(2, 25):
        SessionFactory(placement=placement, held_on=placement.started_on + datetime.timedelta(day))
    assert count() == small
