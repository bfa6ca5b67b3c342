"""The pool is of practising councillors: a mentor whose councillor record has left office
is flagged on the pool's pages and no longer suggested for new placements. Mentors with
no councillor record (officers and others) are not affected."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProgrammeManagerFactory
from councils.services import councillor_leave_office
from councils.tests.factories import CouncilFactory, CouncillorFactory
from mentoring.matching import suggest_best_mentors, suggest_mentors
from mentoring.models import Mentor, MentorKind
from mentoring.tests.factories import MentorFactory, mentoring_type

pytestmark = pytest.mark.django_db

LEFT_ON = datetime.date(2026, 5, 7)
FLAG = "Not a practising councillor since 7 May 2026"


def councillor_mentor(name, *, left_office_on=None):
    council = CouncilFactory()
    councillor = CouncillorFactory(council=council, full_name=name)
    mentor = MentorFactory(full_name=name, council=council, councillor=councillor)
    if left_office_on:
        councillor_leave_office(councillor=councillor, left_on=left_office_on)
    return mentor


@pytest.fixture
def pool():
    return {
        "lost_seat": councillor_mentor("Lost Seat", left_office_on=LEFT_ON),
        "in_office": councillor_mentor("In Office"),
        "officer": MentorFactory(
            full_name="Officer Mentor", kind=MentorKind.OFFICER, councillor=None
        ),
        "no_record": MentorFactory(full_name="No Record", councillor=None),
    }


@pytest.fixture
def manager(client):
    client.force_login(ProgrammeManagerFactory())
    return client


def test_the_pool_flags_a_mentor_whose_councillor_record_left_office(manager, pool):
    body = manager.get(reverse("mentor_list")).content.decode()
    assert body.count(FLAG) == 1
    row = next(line for line in body.splitlines() if FLAG in line)
    assert "Lost Seat" in row

    body = manager.get(reverse("mentor_detail", args=[pool["lost_seat"].pk])).content.decode()
    assert FLAG in body and "no longer suggested for new placements" in body
    assert "Former councillor (left office on 7 May 2026)" in body
    for key in ("in_office", "officer", "no_record"):
        body = manager.get(reverse("mentor_detail", args=[pool[key].pk])).content.decode()
        assert "Not a practising councillor" not in body


def test_a_mentor_who_left_office_is_not_suggested_for_new_placements(pool):
    mentee_council = CouncilFactory()
    mentee = CouncillorFactory(council=mentee_council)
    args = {
        "council": mentee_council,
        "mentoring_type": mentoring_type("one-to-one"),
        "mentees": [mentee],
        "day": LEFT_ON,
    }
    everyone = {"In Office", "Officer Mentor", "No Record"}
    assert {s.mentor.full_name for s in suggest_mentors(**args)} == everyone
    shown, total = suggest_best_mentors(**args, best=10, also=[str(pool["lost_seat"].pk)])
    assert {s.mentor.full_name for s in shown} == everyone and total == 3
    # The day before they left, they were still practising.
    args["day"] = LEFT_ON - datetime.timedelta(days=1)
    assert "Lost Seat" in {s.mentor.full_name for s in suggest_mentors(**args)}


def test_a_councillor_record_leaving_office_later_keeps_the_mentor_practising_until_then():
    later = timezone.localdate() + datetime.timedelta(days=30)
    mentor = councillor_mentor("Leaves Later", left_office_on=later)
    assert Mentor.objects.practising().filter(pk=mentor.pk).exists()
    assert Mentor.objects.practising(later).filter(pk=mentor.pk).count() == 0
    assert Mentor.objects.with_not_practising_since().get(pk=mentor.pk).not_practising_since is None


def queries(client, url) -> int:
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_pool_pages_read_a_fixed_number_of_queries(manager, pool):
    url = reverse("mentor_list")
    few = queries(manager, url)
    for n in range(5):
        councillor_mentor(f"Gone {n}", left_office_on=LEFT_ON)
        councillor_mentor(f"Sitting {n}")
    assert queries(manager, url) == few
    assert manager.get(url).content.decode().count(FLAG) == 6

    details = {
        queries(manager, reverse("mentor_detail", args=[mentor.pk])) for mentor in pool.values()
    }
    assert len(details) == 1
