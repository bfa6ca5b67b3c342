"""The rules of councils, councillors and their roles.

Each rule is held twice: by the database (a constraint, proved by saving
past ``clean()``) and by validation, whose message a programme manager reads.
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from accounts.tests.factories import DEMO_PASSWORD, UserFactory
from councils.models import CommissionerAppointment, Council, Councillor, RoleAppointment
from councils.tests.factories import (
    CommissionerAppointmentFactory,
    CouncilFactory,
    CouncillorFactory,
    ElectionFactory,
    GovernanceChangeFactory,
    OfficerFactory,
    PartyFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.tests.factories import MentorFactory, PlacementFactory
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db

MAY_2024 = datetime.date(2024, 5, 20)
MAY_2025 = datetime.date(2025, 5, 19)
END_BEFORE_START = "The end date cannot be before the start date."


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# Factories -------------------------------------------------------------------


def test_every_councils_factory_makes_a_row_that_passes_the_rules():
    rows = [
        UserFactory(),
        PartyFactory(),
        CouncilFactory(),
        GovernanceChangeFactory(),
        CouncillorFactory(),
        OfficerFactory(),
        RoleAppointmentFactory(),
        ElectionFactory(),
        CommissionerAppointmentFactory(),
    ]
    for row in rows:
        row.full_clean()


def test_a_user_made_by_the_factory_signs_in_with_the_demo_password():
    user = UserFactory()
    assert user.check_password(DEMO_PASSWORD)
    assert UserFactory().email != user.email


def test_role_appointments_use_the_seeded_roles_rather_than_new_ones():
    appointment = RoleAppointmentFactory()
    assert appointment.role == role("chair")
    assert appointment.role.single_holder


# No end before its start -----------------------------------------------------


def test_a_role_appointment_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAppointmentFactory(started_on=MAY_2025, ended_on=MAY_2024)


def test_a_role_appointment_ending_before_it_starts_is_refused_with_a_plain_message():
    appointment = RoleAppointmentFactory.build(
        councillor=CouncillorFactory(), started_on=MAY_2025, ended_on=MAY_2024
    )
    assert errors_of(appointment)["ended_on"] == [END_BEFORE_START]


def test_a_role_appointment_ending_on_the_day_it_starts_is_fine():
    RoleAppointmentFactory(started_on=MAY_2024, ended_on=MAY_2024).full_clean()


def test_a_commissioner_appointment_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionerAppointmentFactory(started_on=MAY_2025, ended_on=MAY_2024)


def test_a_commissioner_appointment_ending_before_it_starts_is_refused_with_a_plain_message():
    appointment = CommissionerAppointment(
        council=CouncilFactory(),
        commissioner=UserFactory(),
        started_on=MAY_2025,
        ended_on=MAY_2024,
    )
    assert errors_of(appointment)["ended_on"] == [END_BEFORE_START]


def test_a_councillor_leaving_office_before_being_elected_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncillorFactory(first_elected_on=MAY_2025, left_office_on=MAY_2024)


def test_a_councillor_leaving_office_before_being_elected_is_refused_with_a_plain_message():
    councillor = CouncillorFactory.build(
        council=CouncilFactory(),
        party=PartyFactory(),
        first_elected_on=MAY_2025,
        left_office_on=MAY_2024,
    )
    assert errors_of(councillor)[NON_FIELD_ERRORS] == [
        "A councillor cannot leave office before being elected."
    ]


def test_a_councillor_with_no_election_date_may_have_left_office():
    CouncillorFactory(first_elected_on=None, left_office_on=MAY_2024).full_clean()


# One holder of a role on a committee at a time -------------------------------


def test_a_second_chair_of_the_same_committee_at_the_same_time_is_refused():
    council = CouncilFactory()
    sitting = RoleAppointmentFactory(
        councillor__council=council, councillor__full_name="Ann Sitting", started_on=MAY_2024
    )
    rival = RoleAppointment(
        councillor=CouncillorFactory(council=council),
        role=role("chair"),
        committee="Planning Board",
        started_on=MAY_2025,
    )
    assert errors_of(rival)[NON_FIELD_ERRORS] == [
        f"{sitting.councillor} already holds Chair on Planning Board from 20/05/2024: "
        "the dates overlap."
    ]


def test_an_overlapping_chair_is_found_whatever_the_committee_name_s_case():
    council = CouncilFactory()
    RoleAppointmentFactory(councillor__council=council, started_on=MAY_2024)
    rival = RoleAppointmentFactory.build(
        councillor=CouncillorFactory(council=council),
        committee="planning board",
        started_on=MAY_2025,
    )
    assert "the dates overlap" in str(errors_of(rival))


def test_an_appointment_starting_before_and_running_into_another_is_refused():
    council = CouncilFactory()
    RoleAppointmentFactory(
        councillor__council=council, started_on=MAY_2025, ended_on=datetime.date(2026, 5, 18)
    )
    earlier = RoleAppointmentFactory.build(
        councillor=CouncillorFactory(council=council),
        started_on=MAY_2024,
        ended_on=datetime.date(2025, 6, 1),
    )
    assert "the dates overlap" in str(errors_of(earlier))


def test_recording_a_past_chair_who_stood_down_before_the_current_one_started_is_fine():
    council = CouncilFactory()
    RoleAppointmentFactory(councillor__council=council, started_on=MAY_2025)
    predecessor = RoleAppointmentFactory.build(
        councillor=CouncillorFactory(council=council),
        started_on=MAY_2024,
        ended_on=MAY_2025 - datetime.timedelta(days=1),
    )
    predecessor.full_clean()


def test_a_new_chair_from_the_day_after_the_last_one_ended_is_fine():
    council = CouncilFactory()
    RoleAppointmentFactory(
        councillor__council=council,
        started_on=MAY_2024,
        ended_on=MAY_2025 - datetime.timedelta(days=1),
    )
    successor = RoleAppointmentFactory.build(
        councillor=CouncillorFactory(council=council), started_on=MAY_2025
    )
    successor.full_clean()


def test_chairs_of_different_committees_at_the_same_time_are_fine():
    council = CouncilFactory()
    RoleAppointmentFactory(councillor__council=council, started_on=MAY_2024)
    RoleAppointmentFactory.build(
        councillor=CouncillorFactory(council=council),
        committee="Licensing Board",
        started_on=MAY_2025,
    ).full_clean()


def test_chairs_of_planning_boards_of_different_councils_at_the_same_time_are_fine():
    RoleAppointmentFactory(started_on=MAY_2024)
    RoleAppointmentFactory.build(councillor=CouncillorFactory(), started_on=MAY_2025).full_clean()


def test_editing_an_appointment_does_not_clash_with_itself():
    appointment = RoleAppointmentFactory(started_on=MAY_2024)
    appointment.ended_on = MAY_2025
    appointment.full_clean()


def test_many_councillors_of_one_council_are_frontline_councillors_at_once():
    council = CouncilFactory()
    for _ in range(3):
        appointment = RoleAppointmentFactory.build(
            councillor=CouncillorFactory(council=council),
            role=role("frontline"),
            committee="",
            started_on=MAY_2024,
        )
        appointment.full_clean()
        appointment.save()
    assert RoleAppointment.objects.filter(role__slug="frontline").count() == 3


def test_a_councillor_cannot_hold_an_overlapping_frontline_role_twice():
    first = RoleAppointmentFactory(role=role("frontline"), committee="", started_on=MAY_2024)
    again = RoleAppointmentFactory.build(
        councillor=first.councillor, role=role("frontline"), committee="", started_on=MAY_2025
    )
    assert errors_of(again)[NON_FIELD_ERRORS] == [
        f"{first.councillor} already holds Frontline (ward) councillor from 20/05/2024: "
        "the dates overlap."
    ]


# History is archived, never deleted ------------------------------------------


def test_deleting_a_council_with_councillors_is_refused():
    council = CouncillorFactory().council
    with pytest.raises(ProtectedError):
        council.delete()
    assert Council.objects.filter(pk=council.pk).exists()


def test_deleting_a_council_with_placements_is_refused():
    council = PlacementFactory(mentees=[]).council
    with pytest.raises(ProtectedError):
        council.delete()


def test_deleting_a_council_with_review_visits_is_refused():
    council = ReviewVisitFactory().council
    with pytest.raises(ProtectedError):
        council.delete()


def test_deleting_a_council_with_commissioners_or_mentors_is_refused():
    overseen = CommissionerAppointmentFactory().council
    with pytest.raises(ProtectedError):
        overseen.delete()
    home_of_a_mentor = MentorFactory().council
    with pytest.raises(ProtectedError):
        home_of_a_mentor.delete()


def test_a_council_without_history_can_be_deleted():
    council = CouncilFactory()
    council.delete()
    assert not Council.objects.filter(pk=council.pk).exists()


def test_deleting_a_councillor_with_role_appointments_is_refused():
    councillor = RoleAppointmentFactory().councillor
    with pytest.raises(ProtectedError):
        councillor.delete()
    assert Councillor.objects.filter(pk=councillor.pk).exists()


def test_deleting_a_councillor_who_was_mentored_is_refused():
    councillor = PlacementFactory().mentees.get().councillor
    with pytest.raises(ProtectedError):
        councillor.delete()


def test_deleting_a_councillor_who_is_a_mentor_is_refused():
    councillor = CouncillorFactory()
    MentorFactory(council=councillor.council, councillor=councillor)
    with pytest.raises(ProtectedError):
        councillor.delete()
