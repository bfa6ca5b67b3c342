"""The personal data pages keep to the query budget: at most 12 queries a page, the
same however many placements, sessions or people due for erasure there are."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory
from mentoring.models import PlacementStatus
from mentoring.tests.factories import MentorFactory, PlacementFactory, SessionFactory

pytestmark = pytest.mark.django_db

BUDGET = 12


def queries(client, url: str) -> int:
    """The queries a page runs once warm (a first request may fill caches, e.g.
    content types, that have nothing to do with the page)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def former_councillor(placements: int):
    """A councillor with an account and a place in the mentor pool, who left office
    long ago, mentored in ``placements`` ended placements with a session each."""
    council = CouncilFactory()
    councillor = CouncillorFactory(
        council=council,
        first_elected_on=datetime.date(2010, 5, 6),
        left_office_on=datetime.date(2018, 5, 3),
        user=UserFactory(),
    )
    MentorFactory(council=council, councillor=councillor, active=False)
    mentor = MentorFactory(active=False, user=UserFactory())
    for n in range(placements):
        started = datetime.date(2012, 1, 2) + datetime.timedelta(days=30 * n)
        ended = started + datetime.timedelta(days=20)
        placement = PlacementFactory(
            council=council,
            mentors=[mentor],
            mentees=[councillor],
            status=PlacementStatus.ENDED,
            started_on=started,
            planned_end_on=ended,
            ended_on=ended,
        )
        SessionFactory(placement=placement, held_on=started + datetime.timedelta(days=7))
    return councillor, mentor


def manager_client() -> Client:
    client = Client()
    client.force_login(ProgrammeManagerFactory())
    return client


def test_each_personal_data_page_keeps_to_the_budget(
    client_as, persona_users, django_assert_max_num_queries
):
    manager = client_as("manager")
    councillor = persona_users["councillor_a"].councillor
    mentor = persona_users["mentor_a"].mentor
    former_councillor(placements=3)  # someone on the "due for erasure" list
    pages = [
        (manager, reverse("privacy_people")),
        (manager, reverse("privacy_people") + "?q=a"),
        (manager, reverse("privacy_person", args=["councillor", councillor.pk])),
        (manager, reverse("privacy_person_erase", args=["councillor", councillor.pk])),
        (manager, reverse("privacy_person", args=["mentor", mentor.pk])),
        (manager, reverse("privacy_person_erase", args=["mentor", mentor.pk])),
        (client_as("councillor_a"), reverse("privacy_my_data")),
        (client_as("mentor_a"), reverse("privacy_my_data")),
    ]
    for client, url in pages:
        client.get(url)
        with django_assert_max_num_queries(BUDGET):
            assert client.get(url).status_code == 200


def test_a_persons_pages_run_as_many_queries_for_2_or_20_placements():
    few, few_mentor = former_councillor(placements=2)
    many, many_mentor = former_councillor(placements=20)
    client = manager_client()
    for name, args in (
        ("privacy_person", ["councillor"]),
        ("privacy_person_erase", ["councillor"]),
    ):
        counts = [queries(client, reverse(name, args=[*args, record.pk])) for record in (few, many)]
        assert counts[0] == counts[1] <= BUDGET, (name, counts)
    counts = [
        queries(client, reverse("privacy_person", args=["mentor", record.pk]))
        for record in (few_mentor, many_mentor)
    ]
    assert counts[0] == counts[1] <= BUDGET, counts


def test_the_people_page_runs_as_many_queries_however_many_are_due():
    client = manager_client()
    url = reverse("privacy_people") + "?q=a"
    former_councillor(placements=2)  # two people due: the councillor and their mentor
    before = queries(client, url)
    for _ in range(5):
        former_councillor(placements=4)
    due = client.get(url).content.decode().split('id="due"')[1]
    assert due.count("<li>") == 12
    assert queries(client, url) == before <= BUDGET
