"""Matching warns when one mentor would serve the administration and the opposition of
one council at once, and weighs party for political leaders."""

import datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    PartyFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.matching import suggest_best_mentors, suggest_mentors
from mentoring.models import Placement
from mentoring.tests.factories import MentorFactory, PlacementFactory, mentoring_type

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


@pytest.fixture
def parties():
    return {name: PartyFactory(name=name) for name in ("Labour", "Conservative", "Reform UK")}


@pytest.fixture
def rotherham(parties):
    return CouncilFactory(name="Rotherham", political_control=parties["Labour"])


def suggestions_for(council, mentee, kind="one-to-one"):
    """Both ways of ranking, which must agree: the whole pool and the best few."""
    args = {
        "council": council,
        "mentoring_type": mentoring_type(kind),
        "mentees": [mentee],
        "day": DAY,
    }
    everyone = {s.mentor.full_name: s for s in suggest_mentors(**args)}
    best, _ = suggest_best_mentors(**args, best=50)
    assert [(s.mentor.pk, s.score, s.warnings, s.reasons) for s in best] == [
        (s.mentor.pk, s.score, s.warnings, s.reasons) for s in everyone.values()
    ]
    return everyone


def test_a_mentor_of_the_administration_is_warned_of_for_the_opposition(rotherham, parties):
    mentor = MentorFactory(full_name="Pat Lowther")
    leader = CouncillorFactory(council=rotherham, party=parties["Labour"])
    PlacementFactory(council=rotherham, mentors=[mentor], mentees=[leader])
    opposition = CouncillorFactory(council=rotherham, party=parties["Conservative"])
    MentorFactory(full_name="Sam Free")

    found = suggestions_for(rotherham, opposition)
    assert (
        "Already mentors the administration (Labour) at Rotherham: a mentee here is of "
        "the opposition." in found["Pat Lowther"].warnings
    )
    assert not [w for w in found["Sam Free"].warnings if w.startswith("Already mentors")]
    # Suggested for the administration again: the same side, no warning.
    other = CouncillorFactory(council=rotherham, party=parties["Labour"])
    found = suggestions_for(rotherham, other)
    assert not [w for w in found["Pat Lowther"].warnings if w.startswith("Already mentors")]


def test_a_mentor_of_the_opposition_is_warned_of_for_the_administration(rotherham, parties):
    mentor = MentorFactory(full_name="Pat Lowther")
    opposition = CouncillorFactory(council=rotherham, party=parties["Reform UK"])
    PlacementFactory(council=rotherham, mentors=[mentor], mentees=[opposition], status="paused")
    cabinet = CouncillorFactory(council=rotherham, party=parties["Labour"])
    assert (
        "Already mentors the opposition at Rotherham: a mentee here is of the "
        "administration (Labour)." in suggestions_for(rotherham, cabinet)["Pat Lowther"].warnings
    )


def test_with_no_overall_control_the_administration_is_the_leader_s_party(parties):
    hung = CouncilFactory(name="Hungry Borough", political_control=None)
    leader = CouncillorFactory(council=hung, party=parties["Conservative"])
    RoleAppointmentFactory(councillor=leader, role=role("leader"), committee="")
    mentor = MentorFactory(full_name="Pat Lowther")
    PlacementFactory(council=hung, mentors=[mentor], mentees=[leader])
    labour = CouncillorFactory(council=hung, party=parties["Labour"])
    assert suggestions_for(hung, labour)["Pat Lowther"].warnings[0] == (
        "Already mentors the administration (Conservative) at Hungry Borough: a mentee "
        "here is of the opposition."
    )


def test_ended_placements_and_other_councils_raise_no_warning(rotherham, parties):
    mentor = MentorFactory(full_name="Pat Lowther")
    leader = CouncillorFactory(council=rotherham, party=parties["Labour"])
    PlacementFactory(
        council=rotherham,
        mentors=[mentor],
        mentees=[leader],
        status="ended",
        ended_on=datetime.date(2025, 6, 1),
    )
    elsewhere = CouncilFactory(name="Doncaster", political_control=parties["Labour"])
    PlacementFactory(
        council=elsewhere,
        mentors=[mentor],
        mentees=[CouncillorFactory(council=elsewhere, party=parties["Labour"])],
    )
    opposition = CouncillorFactory(council=rotherham, party=parties["Conservative"])
    warnings = suggestions_for(rotherham, opposition)["Pat Lowther"].warnings
    assert not [w for w in warnings if w.startswith("Already mentors")]


def test_the_new_placement_page_asks_a_note_for_a_mentor_serving_the_other_side(
    client, rotherham, parties
):
    client.force_login(UserFactory(is_programme_manager=True))
    mentor = MentorFactory(full_name="Pat Lowther")
    PlacementFactory(
        council=rotherham,
        mentors=[mentor],
        mentees=[CouncillorFactory(council=rotherham, party=parties["Labour"])],
    )
    opposition = CouncillorFactory(council=rotherham, party=parties["Conservative"])
    data = {
        "council": rotherham.pk,
        "mentoring_type": mentoring_type("one-to-one").pk,
        "councillors": [opposition.pk],
        "started_on": "2026-06-01",
        "mentors": [mentor.pk],
        "status": "proposed",
        "mentor_days_agreed": "6",
        "funding": "council",
    }
    page = client.post(reverse("placement_create"), data)
    assert "Already mentors the administration (Labour) at Rotherham" in page.content.decode()
    assert Placement.objects.count() == 1
    data |= {"accept_warnings": "on", "warning_note": "The only mentor with scrutiny experience."}
    assert client.post(reverse("placement_create"), data).status_code == 302
    assert Placement.objects.count() == 2


@pytest.mark.parametrize(
    "slug", ["leader", "deputy-leader", "leader-of-the-opposition", "group-leader"]
)
def test_for_a_mentee_who_leads_a_group_a_mentor_of_their_party_scores_higher(
    rotherham, parties, slug
):
    mentee = CouncillorFactory(council=rotherham, party=parties["Conservative"])
    RoleAppointmentFactory(councillor=mentee, role=role(slug), committee="")
    for name, party in (("Same Party", "Conservative"), ("Other Party", "Labour")):
        MentorFactory(full_name=name, party=parties[party], regional_pool=rotherham.region)
    found = suggestions_for(rotherham, mentee)
    same, other = found["Same Party"], found["Other Party"]
    assert same.score == other.score + 2
    assert "Same party as the mentee, who leads a group" in same.reasons
    assert "Same party as the mentee, who leads a group" not in other.reasons
    assert list(found) == ["Same Party", "Other Party"]


def test_for_other_mentees_party_does_not_count(rotherham, parties):
    mentee = CouncillorFactory(council=rotherham, party=parties["Conservative"])
    RoleAppointmentFactory(councillor=mentee, role=role("chair"))
    for name, party in (("Same Party", "Conservative"), ("Other Party", "Labour")):
        MentorFactory(full_name=name, party=parties[party], regional_pool=rotherham.region)
    found = suggestions_for(rotherham, mentee)
    assert found["Same Party"].score == found["Other Party"].score
    assert "Same party as the mentee, who leads a group" not in found["Same Party"].reasons
