"""The councils services: a councillor leaving office and a role ending."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from councils.services import councillor_leave_office, role_appointment_end
from councils.tests.factories import CouncillorFactory, RoleAppointmentFactory, role
from mentoring.models import Placement
from mentoring.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

MAY_2026 = datetime.date(2026, 5, 7)


@pytest.fixture
def councillor():
    return CouncillorFactory(full_name="Neil Farrow", first_elected_on=datetime.date(2016, 5, 5))


def test_leaving_office_ends_only_the_open_roles_on_that_day(councillor):
    open_role = RoleAppointmentFactory(councillor=councillor, committee="Planning Board")
    past_role = RoleAppointmentFactory(
        councillor=councillor,
        committee="Audit",
        started_on=datetime.date(2020, 5, 1),
        ended_on=datetime.date(2021, 5, 1),
    )
    done = councillor_leave_office(councillor=councillor, left_on=MAY_2026)
    open_role.refresh_from_db()
    past_role.refresh_from_db()
    assert open_role.ended_on == MAY_2026
    assert past_role.ended_on == datetime.date(2021, 5, 1)
    assert done.roles_ended == 1
    councillor.refresh_from_db()
    assert councillor.left_office_on == MAY_2026


def test_leaving_office_flags_proposed_active_and_paused_placements_only(councillor):
    placements = {
        status: PlacementFactory(
            council=councillor.council,
            mentees=[councillor],
            status=status,
            ended_on=datetime.date(2025, 6, 1) if status == "ended" else None,
            withdrawn_reason="No longer needed" if status == "withdrawn" else "",
        )
        for status in ["proposed", "active", "paused", "ended", "withdrawn"]
    }
    done = councillor_leave_office(councillor=councillor, left_on=MAY_2026)
    assert done.placements_flagged == 3
    flagged = {p.status: p.needs_attention for p in Placement.objects.all()}
    note = "Cllr Neil Farrow left office on 07/05/2026: end or pause this placement"
    assert flagged == {
        "proposed": note,
        "active": note,
        "paused": note,
        "ended": "",
        "withdrawn": "",
    }
    # Statuses are the manager's to change; the history says who flagged it.
    assert Placement.objects.get(pk=placements["active"].pk).status == "active"
    assert placements["active"].history.first().needs_attention == note


def test_nobody_leaves_office_before_being_elected(councillor):
    with pytest.raises(ValidationError) as caught:
        councillor_leave_office(councillor=councillor, left_on=datetime.date(2015, 1, 1))
    assert "first elected on 05/05/2016" in caught.value.messages[0]
    councillor.refresh_from_db()
    assert councillor.left_office_on is None


def test_nobody_leaves_office_twice(councillor):
    councillor_leave_office(councillor=councillor, left_on=MAY_2026)
    with pytest.raises(ValidationError):
        councillor_leave_office(councillor=councillor, left_on=MAY_2026)


def test_a_role_starting_after_leaving_office_stops_it_and_changes_nothing(councillor):
    RoleAppointmentFactory(councillor=councillor, started_on=datetime.date(2026, 6, 1))
    placement = PlacementFactory(council=councillor.council, mentees=[councillor])
    with pytest.raises(ValidationError) as caught:
        councillor_leave_office(councillor=councillor, left_on=MAY_2026)
    assert "after that date" in caught.value.messages[0]
    placement.refresh_from_db()
    assert placement.needs_attention == ""
    councillor.refresh_from_db()
    assert councillor.left_office_on is None


def test_a_role_ends_on_the_day_given(councillor):
    appointment = RoleAppointmentFactory(councillor=councillor)
    role_appointment_end(appointment=appointment, ended_on=MAY_2026)
    appointment.refresh_from_db()
    assert appointment.ended_on == MAY_2026


def test_a_role_that_ended_cannot_end_again(councillor):
    appointment = RoleAppointmentFactory(councillor=councillor, ended_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        role_appointment_end(appointment=appointment, ended_on=MAY_2026)


def test_ending_a_role_checks_the_overlap_rule_again(councillor):
    """Ending a role on a later day than a successor's start would overlap them."""
    other = CouncillorFactory(council=councillor.council)
    earlier = RoleAppointmentFactory(
        councillor=councillor,
        role=role("leader"),
        committee="",
        started_on=datetime.date(2024, 5, 1),
    )
    RoleAppointment = type(earlier)
    RoleAppointment.objects.create(
        councillor=other,
        role=role("leader"),
        committee="",
        started_on=datetime.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as caught:
        role_appointment_end(appointment=earlier, ended_on=datetime.date(2025, 6, 1))
    assert "the dates overlap" in caught.value.messages[0]
