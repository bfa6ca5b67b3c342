import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from induction import services
from induction.models import EVENT_TITLE, BuddyPairing, TrainingEvent
from induction.tests.factories import ENDS, STARTS, pair, people, scheme
from mentoring.tests.factories import MentorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def _refused(**kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        services.buddy_pairing_add(**kwargs)
    return refused.value.message_dict


def test_a_buddy_is_paired_with_a_new_member_of_the_scheme():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pairing = services.buddy_pairing_add(
        placement=placement, buddy=peter, new_member=jack, started_on=STARTS
    )
    assert BuddyPairing.objects.get() == pairing
    assert pairing.ended_on is None


def test_a_new_member_has_one_buddy_at_a_time():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pair(placement, peter, jack)
    errors = _refused(
        placement=placement, buddy=ann, new_member=jack, started_on=datetime.date(2026, 6, 1)
    )
    assert errors == {
        "new_member": [
            "Jack Ellwood is already buddied by Peter Moorhouse (since 18 May 2026): "
            "end that pairing first."
        ]
    }
    # A buddy may buddy several new members.
    services.buddy_pairing_add(
        placement=placement, buddy=peter, new_member=fiona, started_on=STARTS
    )


def test_after_a_pairing_ends_the_new_member_is_paired_again_from_the_next_day_only():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    first = pair(placement, peter, jack)
    services.buddy_pairing_end(first, ended_on=datetime.date(2026, 8, 31))
    errors = _refused(
        placement=placement, buddy=ann, new_member=jack, started_on=datetime.date(2026, 8, 31)
    )
    assert errors["new_member"] == [
        "Jack Ellwood was buddied by Peter Moorhouse until 31 August 2026: start this "
        "pairing after that day."
    ]
    services.buddy_pairing_add(
        placement=placement, buddy=ann, new_member=jack, started_on=datetime.date(2026, 9, 1)
    )
    assert list(BuddyPairing.objects.values_list("buddy__full_name", "ended_on")) == [
        ("Peter Moorhouse", datetime.date(2026, 8, 31)),
        ("Ann Tyson", None),
    ]


def test_only_the_scheme_s_own_buddies_and_new_members_are_paired():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    outsider = MentorFactory(full_name="Ola Outsider")
    stranger = CouncillorFactory(council=placement.council, full_name="Sam Stranger")
    errors = _refused(placement=placement, buddy=outsider, new_member=stranger, started_on=STARTS)
    assert errors == {
        "buddy": ["Choose one of the scheme's buddies (add them to the placement first)."],
        "new_member": ["Choose one of the scheme's new members (add them to the placement first)."],
    }


def test_a_buddy_who_is_also_a_mentee_cannot_buddy_themself():
    placement = scheme()
    (ann, peter), _ = people(placement)
    placement.mentees.create(councillor=peter.councillor)
    errors = _refused(
        placement=placement, buddy=peter, new_member=peter.councillor, started_on=STARTS
    )
    assert errors == {"buddy": ["A new member cannot buddy themself: choose another buddy."]}


def test_a_pairing_keeps_within_the_scheme_s_dates():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    for day in (STARTS - datetime.timedelta(days=1), ENDS + datetime.timedelta(days=1)):
        errors = _refused(placement=placement, buddy=peter, new_member=jack, started_on=day)
        assert errors == {
            "started_on": ["Pair them within the scheme's dates (18 May 2026 to 31 January 2027)."]
        }
    pairing = pair(placement, peter, jack, started_on=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        services.buddy_pairing_end(pairing, ended_on=datetime.date(2026, 5, 31))
    assert refused.value.message_dict == {
        "ended_on": ["The pairing started on 1 June 2026: end it on that day or later."]
    }
    with pytest.raises(ValidationError) as refused:
        services.buddy_pairing_end(pairing, ended_on=ENDS + datetime.timedelta(days=1))
    assert "within the scheme's dates" in refused.value.message_dict["ended_on"][0]
    pairing.refresh_from_db()
    assert pairing.ended_on is None


def test_a_pairing_ends_once():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pairing = pair(placement, peter, jack)
    services.buddy_pairing_end(pairing, ended_on=datetime.date(2026, 7, 1))
    with pytest.raises(ValidationError) as refused:
        services.buddy_pairing_end(pairing, ended_on=datetime.date(2026, 7, 2))
    assert refused.value.message_dict == {
        "ended_on": ["This pairing already ended on 1 July 2026."]
    }


def test_pairings_are_recorded_on_induction_buddy_schemes_only():
    placement = PlacementFactory(kind="one-to-one")
    mentor, mentee = placement.mentors.get(), placement.mentees.get().councillor
    with pytest.raises(ValidationError) as refused:
        services.buddy_pairing_add(
            placement=placement, buddy=mentor, new_member=mentee, started_on=placement.started_on
        )
    assert "induction buddy schemes only" in refused.value.messages[0]


def test_the_database_refuses_a_second_current_buddy_too():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pair(placement, peter, jack)
    with pytest.raises(IntegrityError), transaction.atomic():
        pair(placement, ann, jack)


def test_an_event_is_recorded_with_who_attended():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    event = services.training_event_record(
        TrainingEvent(held_on=datetime.date(2026, 5, 20)),
        placements=[placement],
        buddies=[ann, peter],
        new_members=[jack],
    )
    assert event.title == EVENT_TITLE
    assert event.council == placement.council
    assert list(event.placements.all()) == [placement]
    assert set(event.buddies.all()) == {ann, peter}
    assert list(event.new_members.all()) == [jack]


def test_an_event_s_attendees_are_the_scheme_s_people():
    placement = scheme()
    outsider = MentorFactory()
    stranger = CouncillorFactory(council=placement.council)
    with pytest.raises(ValidationError) as refused:
        services.training_event_record(
            TrainingEvent(held_on=datetime.date(2026, 5, 20)),
            placements=[placement],
            buddies=[outsider],
            new_members=[stranger],
        )
    assert set(refused.value.message_dict) == {"buddies", "new_members"}
    assert not TrainingEvent.objects.exists()


def test_attendance_waits_until_the_event_is_held():
    placement = scheme()
    (ann, peter), _ = people(placement)
    future = datetime.date.today() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as refused:
        services.training_event_record(
            TrainingEvent(held_on=future), placements=[placement], buddies=[ann], new_members=[]
        )
    assert "once the event has been held" in refused.value.message_dict["held_on"][0]
    # Planned, with no one ticked yet: recorded.
    services.training_event_record(
        TrainingEvent(held_on=future), placements=[placement], buddies=[], new_members=[]
    )


def test_managers_see_every_pairing_and_event_a_buddy_and_a_new_member_their_own_pairings():
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    peters = pair(placement, peter, jack)
    anns = pair(placement, ann, fiona)
    services.training_event_record(
        TrainingEvent(held_on=STARTS), placements=[placement], buddies=[peter], new_members=[]
    )
    manager = UserFactory(is_programme_manager=True)
    peter.user, jack.user, someone = UserFactory(), UserFactory(), UserFactory()
    peter.save()
    jack.save()
    assert set(BuddyPairing.objects.visible_to(manager)) == {peters, anns}
    assert TrainingEvent.objects.visible_to(manager).count() == 1
    assert list(BuddyPairing.objects.visible_to(peter.user)) == [peters]
    assert list(BuddyPairing.objects.visible_to(jack.user)) == [peters]
    assert not BuddyPairing.objects.visible_to(someone).exists()
    for user in (peter.user, jack.user, someone):
        assert not TrainingEvent.objects.visible_to(user).exists()
