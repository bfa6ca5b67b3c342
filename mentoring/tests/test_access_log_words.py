""" "Who read my confidential notes" says who read what in words: "You read the notes of
the session on 5 December 2026", never a record number."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from mentoring.models import PlacementMentee
from mentoring.tests.factories import (
    MentorFactory,
    PlacementFactory,
    ReflectionFactory,
    SessionFactory,
    SessionNoteFactory,
)

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_log_says_who_read_the_notes_of_which_session():
    mentee_user = UserFactory(email="pat@rotherham.example.org")
    mentor_user = UserFactory(email="dana@leeds.example.org")
    councillor = CouncillorFactory(user=mentee_user)
    mentor = MentorFactory(user=mentor_user)
    placement = PlacementFactory(
        council=councillor.council,
        mentors=[mentor],
        mentees=[councillor],
        started_on=datetime.date(2025, 11, 3),
        planned_end_on=datetime.date(2026, 6, 30),
    )
    session = SessionFactory(placement=placement, held_on=datetime.date(2025, 12, 5))
    note = SessionNoteFactory(session=session, notes="Talked about chairing.")
    mentee = signed_in(mentee_user)
    mentee.get(reverse("session_detail", args=[session.pk]))
    signed_in(mentor_user).get(reverse("session_detail", args=[session.pk]))

    body = mentee.get(reverse("confidential_access_log")).content.decode()
    text = " ".join(strip_tags(body).split())

    assert "You read the notes of the session on 5 December 2025" in text
    assert "dana@leeds.example.org read the notes of the session on 5 December 2025" in text
    assert f"#{note.pk}" not in body and "(account " not in body


def test_the_log_runs_the_same_queries_whatever_was_read():
    mentee_user = UserFactory()
    councillor = CouncillorFactory(user=mentee_user)
    placement = PlacementFactory(
        council=councillor.council,
        mentors=[MentorFactory(user=UserFactory())],
        mentees=[councillor],
    )
    session = SessionFactory(placement=placement)
    SessionNoteFactory(session=session, notes="Talked about chairing.")
    mentee = signed_in(mentee_user)
    mentee.get(reverse("session_detail", args=[session.pk]))
    url = reverse("confidential_access_log")
    mentee.get(url)
    with CaptureQueriesContext(connection) as notes_only:
        mentee.get(url)

    for _ in range(3):
        ReflectionFactory(mentee=PlacementMentee.objects.get(placement=placement))
    mentee.get(reverse("reflection_list"))
    with CaptureQueriesContext(connection) as notes_and_reflections:
        body = mentee.get(url).content.decode()

    assert "the reflection written on" in body
    assert len(notes_and_reflections) == len(notes_only)
