"""Induction buddies: from the same authority by default; from another authority with a
reason recorded on the placement; a buddy of the new members' party preferred."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory, PartyFactory
from mentoring.matching import suggest_best_mentors, suggest_mentors
from mentoring.models import Placement
from mentoring.services import placement_save, placement_update
from mentoring.tests.factories import MentorFactory, PlacementFactory, mentoring_type

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)
REASON = "The Green group has no member elected before 2026."


@pytest.fixture
def council():
    return CouncilFactory(name="Sheffield City Council")


def ranked(council, mentees):
    args = {
        "council": council,
        "mentoring_type": mentoring_type("induction-buddy"),
        "mentees": mentees,
        "day": DAY,
    }
    everyone = suggest_mentors(**args)
    best, _ = suggest_best_mentors(**args, best=10)
    assert [(s.mentor.pk, s.score, s.reasons, s.warnings, s.conflicts) for s in best] == [
        (s.mentor.pk, s.score, s.reasons, s.warnings, s.conflicts) for s in everyone
    ]
    return {s.mentor.full_name: s for s in everyone}


def test_a_buddy_from_another_council_is_a_warning_not_a_conflict(council):
    green = PartyFactory(name="Green")
    MentorFactory(full_name="Home Buddy", council=council, party=green)
    MentorFactory(full_name="Away Buddy", party=green, regional_pool=council.region)
    found = ranked(council, [CouncillorFactory(council=council, party=green)])
    assert found["Away Buddy"].allowed
    assert found["Away Buddy"].warnings[0] == (
        "Not from Sheffield City Council: induction buddies are usually from the same "
        "council. A buddy from another council needs a reason on the placement."
    )
    assert "An experienced member of Sheffield City Council" in found["Home Buddy"].reasons
    assert not found["Home Buddy"].warnings


def test_a_buddy_of_the_new_members_party_is_preferred(council):
    green, labour = PartyFactory(name="Green"), PartyFactory(name="Labour")
    MentorFactory(full_name="Green Buddy", council=council, party=green)
    MentorFactory(full_name="Labour Buddy", council=council, party=labour)
    found = ranked(council, [CouncillorFactory(council=council, party=green)])
    assert found["Green Buddy"].score == found["Labour Buddy"].score + 2
    assert "Same party as a new member (Green)" in found["Green Buddy"].reasons
    assert list(found) == ["Green Buddy", "Labour Buddy"]


def new_buddy_placement(council, **fields):
    return PlacementFactory.build(kind="induction-buddy", council=council, **fields)


def test_a_buddy_from_another_council_needs_a_reason(council):
    placement = new_buddy_placement(council)
    away = MentorFactory(full_name="Sam Elsewhere")
    with pytest.raises(ValidationError) as caught:
        placement_save(
            placement=placement, mentors=[away], mentees=[CouncillorFactory(council=council)]
        )
    assert caught.value.messages == [
        "Sam Elsewhere is not from Sheffield City Council: Induction (buddy) mentoring buddies "
        "are usually experienced councillors of the same council. Say why a buddy from "
        "another council is needed, or choose one from Sheffield City Council."
    ]
    assert not Placement.objects.exists()


def test_with_a_reason_a_buddy_from_another_council_is_placed_and_the_reason_shown(client, council):
    placement = new_buddy_placement(council, other_council_reason=REASON)
    placement_save(
        placement=placement,
        mentors=[MentorFactory()],
        mentees=[CouncillorFactory(council=council)],
    )
    client.force_login(UserFactory(is_programme_manager=True))
    page = client.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "Why a buddy from another council" in page and REASON in page


def test_the_reason_cannot_be_removed_while_the_buddy_is_from_another_council(council):
    placement = new_buddy_placement(council, other_council_reason=REASON)
    placement_save(
        placement=placement,
        mentors=[MentorFactory()],
        mentees=[CouncillorFactory(council=council)],
    )
    placement.other_council_reason = "  "
    with pytest.raises(ValidationError) as caught:
        placement_update(placement=placement)
    assert caught.value.message_dict == {
        "other_council_reason": [
            "A buddy of this placement is not from Sheffield City Council: say why."
        ]
    }


def test_the_new_placement_page_takes_the_reason_for_buddies_only(client, council):
    client.force_login(UserFactory(is_programme_manager=True))
    away = MentorFactory(full_name="Sam Elsewhere")
    new_member = CouncillorFactory(council=council)
    data = {
        "council": council.pk,
        "mentoring_type": mentoring_type("induction-buddy").pk,
        "councillors": [new_member.pk],
        "started_on": "2026-06-01",
        "mentors": [away.pk],
        "status": "proposed",
        "mentor_days_agreed": "1",
        "funding": "council",
        "accept_warnings": "on",
        "warning_note": "See the reason.",
    }
    page = client.post(reverse("placement_create"), data)
    assert "Say why a buddy from another council is needed" in page.content.decode()
    assert not Placement.objects.exists()
    response = client.post(reverse("placement_create"), data | {"other_council_reason": REASON})
    assert response.status_code == 302
    assert Placement.objects.get().other_council_reason == REASON

    one_to_one = client.get(
        reverse("placement_create"),
        data | {"mentoring_type": mentoring_type("one-to-one").pk},
    )
    assert "other_council_reason" not in one_to_one.context["finish"].fields
