"""A placement is named by its people ("Cllr Dana Whitfield with Cllr Pat Lowther,
one-to-one mentoring"), so that lists can be told apart; a large group by its size."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory, OfficerFactory
from mentoring.models import MentorKind, Placement
from mentoring.reminders import quiet_placements
from mentoring.tests.factories import MentorFactory, PlacementFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def one_to_one(mentor="Dana Whitfield", mentee="Pat Lowther", **kwargs):
    council = CouncilFactory(name="Rotherham Metropolitan Borough Council")
    return PlacementFactory(
        council=council,
        mentors=[MentorFactory(full_name=mentor)],
        mentees=[CouncillorFactory(full_name=mentee, council=council)],
        **kwargs,
    )


def test_a_one_to_one_placement_is_named_by_its_mentor_and_mentee():
    placement = Placement.objects.get(pk=one_to_one().pk)
    assert placement.name == "Cllr Dana Whitfield with Cllr Pat Lowther, one-to-one mentoring"


def test_an_officer_mentor_or_mentee_has_no_title():
    council = CouncilFactory()
    placement = PlacementFactory(
        council=council,
        mentors=[MentorFactory(full_name="Sam Ng", kind=MentorKind.OFFICER)],
        mentees=[OfficerFactory(full_name="Jo Bright", council=council)],
    )
    assert (
        Placement.objects.get(pk=placement.pk).name == "Sam Ng with Jo Bright, one-to-one mentoring"
    )


def test_a_group_is_named_by_its_size():
    council = CouncilFactory()
    placement = PlacementFactory(
        kind="councillor-role",
        council=council,
        mentors=[MentorFactory(full_name="Dana Whitfield")],
        mentees=CouncillorFactory.create_batch(8, council=council),
    )
    assert Placement.objects.get(pk=placement.pk).name == (
        "Cllr Dana Whitfield with 8 councillors, councillor role mentoring"
    )


def test_the_lists_name_each_placement_by_its_people_in_one_query_for_the_page(manager):
    one_to_one()
    one_to_one(mentor="Alex Moor", mentee="Chris Hale")
    body = manager.get(reverse("placement_list")).content.decode()
    assert "Cllr Dana Whitfield with Cllr Pat Lowther, one-to-one mentoring" in body
    assert "Cllr Alex Moor with Cllr Chris Hale, one-to-one mentoring" in body
    # The same names whatever the page's length: read once for the page.
    page = manager.get(reverse("placement_list")).context["page"]
    assert all("people_names" in p.__dict__ for p in page.object_list)


def test_the_placement_page_is_titled_by_its_people(manager):
    placement = one_to_one()
    body = manager.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "<h1>Cllr Dana Whitfield with Cllr Pat Lowther, one-to-one mentoring</h1>" in body
    assert "Rotherham Metropolitan Borough Council" in body


def test_the_sessions_list_names_each_sessions_placement(manager):
    placement = one_to_one()
    SessionFactory(placement=placement)
    body = manager.get(reverse("session_list")).content.decode()
    assert "Cllr Dana Whitfield with Cllr Pat Lowther, one-to-one mentoring" in body


def test_a_reminder_names_the_placement_by_its_people():
    placement = one_to_one()
    manager = UserFactory(is_programme_manager=True)
    candidates = list(
        quiet_placements(today=placement.started_on.replace(year=2026), manager_ids=[manager.pk])
    )
    assert candidates
    assert (
        "Cllr Dana Whitfield with Cllr Pat Lowther, one-to-one mentoring, at Rotherham"
        in candidates[0].body
    )
