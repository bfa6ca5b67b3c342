"""Political group mentoring works with a political group: its mentees are the group's
current members, its mentor of the group's party, or of no party for an independent
group. (It replaces "mentees of one party", which independents could not have.)"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory, OfficerFactory, PartyFactory
from mentoring.matching import suggest_best_mentors, suggest_mentors
from mentoring.models import Placement
from mentoring.services import placement_check_rules, placement_save
from mentoring.tests.factories import (
    MentorFactory,
    PlacementFactory,
    mentoring_type,
    political_group,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 6, 1)


@pytest.fixture
def council():
    return CouncilFactory(name="Rotherham")


@pytest.fixture
def green(council):
    party = PartyFactory(name="Green")
    members = [
        CouncillorFactory(council=council, party=party, full_name=name)
        for name in ("Jo One", "Mo Two")
    ]
    return {"party": party, "members": members, "group": political_group(council, party, members)}


def new_placement(council, group):
    return PlacementFactory.build(
        kind="political-group",
        council=council,
        political_group=group,
        started_on=START,
        planned_end_on=None,
    )


def errors_of(placement, mentors, mentees) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        placement_check_rules(placement=placement, mentors=mentors, mentees=mentees)
    return caught.value.messages


def test_the_group_s_members_are_placed_with_a_mentor_of_its_party(council, green):
    placement = new_placement(council, green["group"])
    placement_save(
        placement=placement, mentors=[MentorFactory(party=green["party"])], mentees=green["members"]
    )
    assert placement.mentees.count() == 2


def test_the_group_must_be_chosen(council, green):
    placement = new_placement(council, None)
    assert errors_of(placement, [MentorFactory(party=green["party"])], green["members"]) == [
        "Choose the political group Political group mentoring works with."
    ]


def test_a_mentee_who_is_not_a_current_member_is_refused(council, green):
    placement = new_placement(council, green["group"])
    outsider = CouncillorFactory(council=council, party=green["party"], full_name="Al Outside")
    leaver = green["members"][1]
    membership = leaver.group_memberships.get()
    membership.left_on = datetime.date(2026, 1, 1)
    membership.save()
    assert errors_of(
        placement, [MentorFactory(party=green["party"])], [*green["members"], outsider]
    ) == [
        "Cllr Mo Two is not a member of Green Group on 1 June 2026: add them to the group "
        "first, or leave them out.",
        "Cllr Al Outside is not a member of Green Group on 1 June 2026: add them to the "
        "group first, or leave them out.",
    ]


def test_an_officer_is_not_a_member_of_a_group(council, green):
    placement = new_placement(council, green["group"])
    officer = OfficerFactory(council=council, full_name="Chris Clerk")
    errors = errors_of(placement, [MentorFactory(party=green["party"])], [officer])
    assert errors == ["Chris Clerk is an officer: Political group mentoring is for the members "
                      "of Green Group."]  # fmt: skip


def test_a_mentor_of_another_party_or_of_none_is_refused(council, green):
    placement = new_placement(council, green["group"])
    for mentor, said in (
        (
            MentorFactory(full_name="Chris Other", party=PartyFactory(name="Reform UK")),
            "Chris Other",
        ),
        (MentorFactory(full_name="Val Nonaligned", party=None), "Val Nonaligned"),
    ):
        assert errors_of(placement, [mentor], green["members"]) == [
            f"{said} is not of Green: Political group mentoring needs a mentor of the "
            "group's party."
        ]


def test_a_group_of_another_council_is_refused(council, green):
    placement = new_placement(CouncilFactory(name="Doncaster"), green["group"])
    errors = errors_of(placement, [MentorFactory(party=green["party"])], [])
    assert "Green Group is a group of Rotherham: choose a group of Doncaster." in errors


def test_an_independent_group_is_mentored_by_a_mentor_of_no_party(council):
    independents = CouncillorFactory.create_batch(3, council=council, party=None)
    group = political_group(council, None, independents)
    placement = new_placement(council, group)
    partisan = MentorFactory(full_name="Chris Partisan", party=PartyFactory(name="Labour"))
    assert errors_of(placement, [partisan], independents) == [
        "Chris Partisan is of Labour: the mentor of an independent group is of no party."
    ]
    placement_save(placement=placement, mentors=[MentorFactory(party=None)], mentees=independents)
    assert placement.mentees.count() == 3


def test_matching_offers_independents_a_mentor_of_no_party(council):
    independents = CouncillorFactory.create_batch(2, council=council, party=None)
    MentorFactory(full_name="No Party", party=None)
    MentorFactory(full_name="Some Party", party=PartyFactory(name="Labour"))
    args = {
        "council": council,
        "mentoring_type": mentoring_type("political-group"),
        "mentees": independents,
        "day": START,
    }
    found = {s.mentor.full_name: s for s in suggest_mentors(**args)}
    assert found["No Party"].allowed and "Of no party, as the group" in found["No Party"].reasons
    assert not found["Some Party"].allowed
    best, _ = suggest_best_mentors(**args, best=1)
    assert [s.mentor.full_name for s in best] == ["No Party"]


def test_the_new_placement_page_asks_for_the_council_s_group(client, council, green):
    client.force_login(UserFactory(is_programme_manager=True))
    political_group(CouncilFactory(name="Doncaster"), green["party"])
    mentor = MentorFactory(party=green["party"])
    data = {
        "council": council.pk,
        "mentoring_type": mentoring_type("political-group").pk,
        "councillors": [m.pk for m in green["members"]],
        "started_on": "2026-06-01",
        "mentors": [mentor.pk],
        "status": "proposed",
        "mentor_days_agreed": "4",
        "funding": "council",
        "cost": "4000",
        "accept_warnings": "on",
        "warning_note": "Agreed with the group.",
    }
    page = client.post(reverse("placement_create"), data)
    groups = page.context["finish"].fields["political_group"]
    assert [c[1] for c in groups.choices] == [
        "Choose the political group",
        "Green Group, Rotherham",
    ]
    assert "Choose the political group the mentoring is with." in page.content.decode()
    response = client.post(
        reverse("placement_create"), data | {"political_group": green["group"].pk}
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.political_group == green["group"]
    detail = client.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "Political group" in detail and "Green Group" in detail
