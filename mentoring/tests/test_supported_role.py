"""A placement names the role it supports; when that role ends (the annual meeting, an
election, a resignation) the placement is flagged for review and both sides are told."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.services import (
    councillor_leave_office,
    election_import_confirm,
    role_appointment_end,
)
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    PartyFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.models import Placement
from mentoring.services import placement_check_rules, placement_update
from mentoring.tests.factories import MentorFactory, PlacementFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

ANNUAL_MEETING = datetime.date(2026, 5, 20)


@pytest.fixture
def pair():
    """A one-to-one placement supporting its mentee's chair of the Planning Board; the
    mentee and the mentor have accounts."""
    council = CouncilFactory(name="Rotherham Metropolitan Borough Council")
    mentee = CouncillorFactory(
        council=council, full_name="Dana Whitfield", user=UserFactory(), ward="Boston Castle"
    )
    chair = RoleAppointmentFactory(
        councillor=mentee, role=role("chair"), committee="Planning Board"
    )
    cabinet = RoleAppointmentFactory(
        councillor=mentee, role=role("cabinet-member"), committee="Housing"
    )
    mentor = MentorFactory(full_name="Pat Lowther", user=UserFactory())
    placement = PlacementFactory(council=council, mentors=[mentor], mentees=[mentee])
    placement.supported_role = chair
    placement.save()
    return {"placement": placement, "mentee": mentee, "mentor": mentor, "chair": chair,
            "cabinet": cabinet}  # fmt: skip


def told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person.user).values_list("title", flat=True))


def test_the_supported_role_ending_flags_the_placement_and_tells_both_sides(pair):
    role_appointment_end(appointment=pair["chair"], ended_on=ANNUAL_MEETING)
    pair["placement"].refresh_from_db()
    assert pair["placement"].needs_attention == (
        "Cllr Dana Whitfield's role as Chair, Planning Board ended on 20/05/2026: "
        "review this placement"
    )
    title = "The role a mentoring placement supports ends: Chair, Planning Board"
    assert told(pair["mentee"]) == [title]
    assert told(pair["mentor"]) == [title]
    notice = Notification.objects.filter(recipient=pair["mentor"].user).get()
    assert notice.kind == "supported-role-ended"
    assert notice.link == reverse("placement_detail", args=[pair["placement"].pk])


def test_another_role_of_the_mentee_ending_flags_nothing_and_tells_nobody(pair):
    role_appointment_end(appointment=pair["cabinet"], ended_on=ANNUAL_MEETING)
    pair["placement"].refresh_from_db()
    assert pair["placement"].needs_attention == ""
    assert not Notification.objects.exists()


def test_a_closed_placement_is_not_flagged_when_its_role_ends(pair):
    Placement.objects.filter(pk=pair["placement"].pk).update(
        status="ended", ended_on=datetime.date(2026, 3, 31)
    )
    role_appointment_end(appointment=pair["chair"], ended_on=ANNUAL_MEETING)
    assert Placement.objects.get().needs_attention == ""
    assert not Notification.objects.exists()


def test_leaving_office_ends_the_role_and_both_sides_are_told(pair):
    councillor_leave_office(councillor=pair["mentee"], left_on=ANNUAL_MEETING)
    pair["placement"].refresh_from_db()
    # The weightier flag stays: the mentee left office.
    assert pair["placement"].needs_attention.startswith("Cllr Dana Whitfield left office")
    assert len(told(pair["mentee"])) == len(told(pair["mentor"])) == 1


def test_losing_the_seat_at_a_by_election_flags_the_placement_and_tells_both_sides(pair):
    PartyFactory(name="Labour")
    text = (
        "name,council,party,ward,elected_on,email\n"
        "Sam Newcomer,Rotherham Metropolitan Borough Council,Labour,Boston Castle,07/05/2026,\n"
    )
    election_import_confirm(text=text, kind="by-election")
    pair["placement"].refresh_from_db()
    pair["chair"].refresh_from_db()
    assert pair["chair"].ended_on == datetime.date(2026, 5, 7)
    assert pair["placement"].needs_attention
    assert (
        told(pair["mentee"])
        == told(pair["mentor"])
        == ["The role a mentoring placement supports ends: Chair, Planning Board"]
    )


def test_the_supported_role_is_one_a_mentee_holds(pair):
    placement = pair["placement"]
    placement.supported_role = RoleAppointmentFactory(
        councillor=CouncillorFactory(council=placement.council, full_name="Lee Other"),
        role=role("leader"),
        committee="",
    )
    with pytest.raises(ValidationError) as caught:
        placement_check_rules(
            placement=placement, mentors=[pair["mentor"]], mentees=[pair["mentee"]]
        )
    assert caught.value.messages == [
        "Cllr Lee Other holds Leader, not a mentee: choose a role of one of the mentees."
    ]


def test_a_role_already_ended_cannot_be_chosen_but_one_chosen_before_it_ended_stays(pair):
    placement = pair["placement"]
    old = RoleAppointmentFactory(
        councillor=pair["mentee"],
        role=role("vice-chair"),
        committee="Licensing Board",
        started_on=datetime.date(2023, 5, 20),
        ended_on=datetime.date(2024, 5, 20),
    )
    placement.supported_role = old
    with pytest.raises(ValidationError) as caught:
        placement_update(placement=placement)
    assert caught.value.message_dict["supported_role"] == [
        "Vice Chair, Licensing Board ended on 20 May 2024: choose a role the mentee holds now."
    ]
    role_appointment_end(appointment=pair["chair"], ended_on=ANNUAL_MEETING)
    placement = Placement.objects.get()
    placement.mentor_days_agreed = 8
    placement_update(placement=placement)  # the role it named ended since: kept


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def test_the_create_form_offers_the_mentee_s_current_roles_and_the_page_shows_it(manager):
    council = CouncilFactory(name="Sheffield City Council")
    mentee = CouncillorFactory(council=council, full_name="Ash Kaur")
    leader = RoleAppointmentFactory(councillor=mentee, role=role("leader"), committee="")
    RoleAppointmentFactory(
        councillor=mentee,
        role=role("chair"),
        committee="Audit Committee",
        started_on=datetime.date(2020, 5, 20),
        ended_on=datetime.date(2021, 5, 20),
    )
    someone_else = RoleAppointmentFactory(councillor=CouncillorFactory(council=council))
    mentor = MentorFactory(full_name="Pat Lowther")
    step_one = {
        "council": council.pk,
        "mentoring_type": Placement._meta.get_field("mentoring_type")
        .related_model.objects.get(slug="one-to-one")
        .pk,
        "councillors": [mentee.pk],
        "started_on": "2026-06-01",
    }
    page = manager.get(reverse("placement_create"), step_one)
    offered = [c[0] for c in page.context["finish"].fields["supported_role"].choices if c[0]]
    assert offered == [str(leader.pk)]
    assert "Leader (Ash Kaur)" in page.content.decode()

    refused = manager.post(
        reverse("placement_create"),
        {**step_one, "mentors": [mentor.pk], "status": "proposed", "mentor_days_agreed": "6",
         "funding": "council", "supported_role": someone_else.pk},
    )  # fmt: skip
    assert refused.status_code == 200 and not Placement.objects.exists()
    assert "Choose one of the mentees&#x27; current roles" in refused.content.decode()

    response = manager.post(
        reverse("placement_create"),
        {**step_one, "mentors": [mentor.pk], "status": "proposed", "mentor_days_agreed": "6",
         "funding": "council", "supported_role": leader.pk, "accept_warnings": "on",
         "warning_note": "The best fit."},
    )  # fmt: skip
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert placement.supported_role == leader
    detail = manager.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "Role it supports" in detail and "Leader" in detail


def test_the_edit_form_changes_the_supported_role(manager, pair):
    placement = pair["placement"]
    url = reverse("placement_edit", args=[placement.pk])
    form = manager.get(url).context["form"]
    offered = {c[0] for c in form.fields["supported_role"].choices if c[0]}
    assert offered == {str(pair["chair"].pk), str(pair["cabinet"].pk)}
    response = manager.post(
        url,
        {"mentor_days_agreed": "6", "funding": "council", "cost": placement.cost,
         "planned_end_on": "2025-12-19", "supported_role": pair["cabinet"].pk},
    )  # fmt: skip
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.supported_role == pair["cabinet"]
