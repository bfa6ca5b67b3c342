"""Councillor role mentoring: action-learning groups of 8 to 10 councillors with similar
roles, from one council or several, with one accredited peer mentor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory
from mentoring.models import Placement
from mentoring.services import placement_check_rules, placement_save
from mentoring.tests.factories import MentorFactory, PlacementFactory, mentoring_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def new_group(**fields) -> Placement:
    fields.setdefault("council", CouncilFactory())
    return PlacementFactory.build(kind="councillor-role", **fields)


def errors_of(placement, mentors, mentees) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        placement_check_rules(placement=placement, mentors=mentors, mentees=mentees)
    return caught.value.messages


def test_the_role_mentoring_type_is_a_group_of_eight_to_ten_with_one_accredited_peer():
    kind = mentoring_type("councillor-role")
    assert (kind.min_mentees, kind.max_mentees) == (8, 10)
    assert kind.smaller_group_with_note and kind.one_accredited_peer
    assert kind.mentees_from_several_councils
    assert not mentoring_type("one-to-one").mentees_from_several_councils


def test_a_group_of_eleven_is_refused():
    placement = new_group()
    members = CouncillorFactory.create_batch(11, council=placement.council)
    assert errors_of(placement, [MentorFactory()], members) == [
        "Councillor role mentoring takes at most 10 mentees."
    ]


def test_a_group_of_five_needs_the_managers_note_and_then_goes_ahead():
    placement = new_group()
    members = CouncillorFactory.create_batch(5, council=placement.council)
    assert errors_of(placement, [MentorFactory()], members) == [
        "Councillor role mentoring groups are usually of 8 to 10 mentees: this one has 5. "
        "Accept the warning with a note saying why the group should go ahead."
    ]
    placement.match_note = "The scrutiny chairs of a small district: all five of them."
    placement_save(placement=placement, mentors=[MentorFactory()], mentees=members)
    assert placement.mentees.count() == 5


def test_a_group_needs_at_least_one_mentee_even_with_a_note():
    placement = new_group(match_note="Starting small.")
    assert errors_of(placement, [MentorFactory()], []) == [
        "Councillor role mentoring needs at least 8 mentee(s)."
    ]


def test_a_group_may_bring_councillors_of_several_councils_together():
    placement = new_group()
    members = CouncillorFactory.create_batch(4, council=placement.council)
    members += CouncillorFactory.create_batch(4, council=CouncilFactory())
    placement_save(placement=placement, mentors=[MentorFactory()], mentees=members)
    assert {m.councillor.council for m in placement.mentees.all()} == {
        placement.council,
        members[-1].council,
    }


def test_other_types_still_take_mentees_of_the_placements_council_only():
    placement = PlacementFactory.build(kind="one-to-one", council=CouncilFactory())
    elsewhere = CouncillorFactory(full_name="Ann Elsewhere")
    assert errors_of(placement, [MentorFactory()], [elsewhere]) == [
        f"Cllr Ann Elsewhere is not of {placement.council}."
    ]


def test_the_peer_may_not_come_from_any_council_of_the_group():
    placement = new_group()
    second = CouncilFactory(name="Barnsley Metropolitan Borough Council")
    members = CouncillorFactory.create_batch(4, council=placement.council)
    members += CouncillorFactory.create_batch(4, council=second)
    mentor = MentorFactory(council=second, full_name="Pat Peer")
    assert errors_of(placement, [mentor], members) == [
        "Pat Peer is from Barnsley Metropolitan Borough Council, a council of the group: a "
        "peer mentor for Councillor role mentoring must come from another council."
    ]


def test_a_second_peer_is_refused():
    placement = new_group()
    members = CouncillorFactory.create_batch(8, council=placement.council)
    first, second = MentorFactory(full_name="Alex One"), MentorFactory(full_name="Sam Two")
    assert errors_of(placement, [first, second], members) == [
        "Councillor role mentoring has one peer mentor: choose one of Alex One, Sam Two."
    ]


def test_the_peer_must_be_accredited_on_the_start_date():
    placement = new_group(started_on=datetime.date(2026, 9, 1), planned_end_on=None)
    members = CouncillorFactory.create_batch(8, council=placement.council)
    lapsed = MentorFactory(
        full_name="Lee Lapsed", accreditation_expires_on=datetime.date(2026, 8, 31)
    )
    never = MentorFactory(full_name="Nat New", accredited=False, accreditation_expires_on=None)
    for mentor in (lapsed, never):
        assert errors_of(placement, [mentor], members) == [
            f"{mentor} is not accredited on 1 September 2026, the start: Councillor role "
            "mentoring needs an accredited peer mentor. Choose an accredited mentor, or record "
            "the mentor's accreditation first."
        ]


def test_a_one_to_one_mentor_need_not_be_accredited():
    placement = PlacementFactory.build(kind="one-to-one", council=CouncilFactory())
    mentee = CouncillorFactory(council=placement.council)
    mentor = MentorFactory(accredited=False, accreditation_expires_on=None)
    placement_save(placement=placement, mentors=[mentor], mentees=[mentee])


def start(council, mentees, *others, **extra) -> dict:
    return {
        "council": council.pk,
        "other_councils": [c.pk for c in others],
        "mentoring_type": mentoring_type("councillor-role").pk,
        "councillors": [m.pk for m in mentees],
        "started_on": "2027-01-04",
        "planned_end_on": "2027-06-30",
        **extra,
    }


def test_the_new_placement_page_offers_the_councillors_of_the_other_councils(manager):
    council, other = CouncilFactory(), CouncilFactory()
    here = CouncillorFactory(council=council, full_name="Here Member")
    there = CouncillorFactory(council=other, full_name="There Member")
    response = manager.get(
        reverse("placement_create"), {"council": council.pk, "other_councils": [other.pk]}
    )
    assert set(response.context["start"].fields["councillors"].queryset) == {here, there}
    assert "There is a problem" not in response.content.decode()


def test_only_role_mentoring_takes_other_councils(manager):
    council, other = CouncilFactory(), CouncilFactory()
    mentee = CouncillorFactory(council=council)
    params = start(council, [mentee], other, mentoring_type=mentoring_type("one-to-one").pk)
    response = manager.get(reverse("placement_create"), params)
    assert (
        "One-to-one mentoring is for the members of one council: leave the other councils empty."
        in response.content.decode()
    )


def test_a_small_group_from_two_councils_is_created_with_a_note_and_shown_with_both(manager):
    council = CouncilFactory(name="Rotherham Metropolitan Borough Council")
    other = CouncilFactory(name="Doncaster Metropolitan Borough Council")
    members = CouncillorFactory.create_batch(3, council=council)
    members += CouncillorFactory.create_batch(3, council=other)
    mentor = MentorFactory()
    post = start(council, members, other, mentors=[mentor.pk], status="proposed",
                 mentor_days_agreed="8", funding="council")  # fmt: skip
    page = manager.post(reverse("placement_create"), post).content.decode()
    assert "groups are usually of 8 to 10 mentees: this one has 6." in page
    assert "Accept the warnings, with a note." in page
    assert not Placement.objects.exists()

    post.update(accept_warnings="on", warning_note="The two councils' licensing chairs.")
    response = manager.post(reverse("placement_create"), post)
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert placement.match_note == "The two councils' licensing chairs."
    assert placement.mentees.count() == 6

    detail = manager.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "The two councils&#x27; licensing chairs." in detail
    assert (
        "Rotherham Metropolitan Borough Council, Doncaster Metropolitan Borough Council" in detail
    )
    listed = manager.get(reverse("placement_list")).content.decode()
    assert (
        "Rotherham Metropolitan Borough Council, Doncaster Metropolitan Borough Council" in listed
    )


def test_a_group_of_eight_needs_no_note(manager):
    council = CouncilFactory()
    members = CouncillorFactory.create_batch(8, council=council)
    post = start(council, members, mentors=[MentorFactory().pk], status="proposed",
                 mentor_days_agreed="8", funding="council")  # fmt: skip
    response = manager.post(reverse("placement_create"), post)
    assert response.status_code == 302
    assert Placement.objects.get().match_note == ""
