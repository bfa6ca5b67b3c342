"""Agreeing counts only for the text the person read: a learning agreement that
changed after its page was loaded is not agreed by that page's button."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from mentoring.models import AgreementStatus, LearningAgreement
from mentoring.tests.factories import (
    GoalFactory,
    LearningAgreementFactory,
    MentorFactory,
    PlacementFactory,
)
from mentoring.tests.pairs import agree

pytestmark = pytest.mark.django_db

CHANGED = "This learning agreement changed after you opened it, so your agreement was not recorded."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def proposed_agreement(placement) -> LearningAgreement:
    agreement = LearningAgreementFactory(
        placement=placement, status=AgreementStatus.PROPOSED, ways_of_working="Monthly meetings."
    )
    GoalFactory(agreement=agreement, goal="Chair Planning Board with confidence")
    return agreement


def change_and_propose_again(mentor: Client, agreement, *, ways_of_working: str):
    """The mentor edits the proposed agreement (back to draft) and proposes it again."""
    goal = agreement.goals.get()
    form = {"development_needs": agreement.development_needs, "ways_of_working": ways_of_working,
            "confidentiality_protocol": agreement.confidentiality_protocol,
            "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "1", "goals-0-id": goal.pk,
            "goals-0-goal": goal.goal, "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0"}  # fmt: skip
    assert mentor.post(reverse("agreement_edit", args=[agreement.pk]), form).status_code == 302
    mentor.post(reverse("agreement_action", args=[agreement.pk, "propose"]))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PROPOSED


@pytest.fixture
def pair():
    mentor = MentorFactory(user=UserFactory())
    councillor = CouncillorFactory(user=UserFactory())
    placement = PlacementFactory(council=councillor.council, mentors=[mentor], mentees=[councillor])
    return placement, signed_in(mentor.user), signed_in(councillor.user)


def test_agreeing_from_a_page_loaded_before_the_mentor_changed_the_agreement_records_nothing(
    pair,
):
    placement, mentor, councillor = pair
    agreement = proposed_agreement(placement)
    old_page = councillor.get(reverse("agreement_detail", args=[agreement.pk]))
    assert "Monthly meetings." in old_page.content.decode()

    change_and_propose_again(mentor, agreement, ways_of_working="Weekly calls at 7am.")
    response = agree(councillor, agreement, page=old_page)

    agreement.refresh_from_db()
    assert agreement.mentee_agreed_at is None and agreement.mentee_agreed_by is None
    assert agreement.status == AgreementStatus.PROPOSED
    assert response.status_code == 409
    text = response.content.decode()
    assert CHANGED in text
    assert "Read version 1 as it stands now, below, and agree to it if you are content." in text
    # The page shows the agreement as it now stands, with a button for that text.
    assert "Weekly calls at 7am." in text and "Monthly meetings." not in text
    assert text.index(CHANGED) < text.index("<h1>")


def test_agreeing_from_the_page_as_it_stands_now_is_recorded(pair):
    placement, mentor, councillor = pair
    agreement = proposed_agreement(placement)
    councillor.get(reverse("agreement_detail", args=[agreement.pk]))
    change_and_propose_again(mentor, agreement, ways_of_working="Weekly calls at 7am.")

    response = agree(councillor, agreement)

    assert response.status_code == 302

    agreement.refresh_from_db()
    assert agreement.mentee_agreed_at is not None
    assert agreement.mentee_agreed_by == placement.mentees.get().councillor.user


def test_the_button_on_the_page_shown_after_a_refusal_records_the_agreement(pair):
    placement, mentor, councillor = pair
    agreement = proposed_agreement(placement)
    old_page = councillor.get(reverse("agreement_detail", args=[agreement.pk]))
    change_and_propose_again(mentor, agreement, ways_of_working="Weekly calls at 7am.")
    refusal = agree(councillor, agreement, page=old_page)

    response = agree(councillor, agreement, page=refusal)

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.mentee_agreed_at is not None


def test_a_change_to_a_goal_alone_also_stops_the_old_page_agreeing(pair):
    placement, _, councillor = pair
    agreement = proposed_agreement(placement)
    old_page = councillor.get(reverse("agreement_detail", args=[agreement.pk]))
    # Any change to what the page shows counts, whoever made it.
    agreement.goals.update(way_forward="Resign from the board.")

    response = agree(councillor, agreement, page=old_page)

    assert CHANGED in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.mentee_agreed_at is None


def test_an_agreement_redrafted_since_the_page_was_loaded_says_to_wait_for_it(pair):
    placement, mentor, councillor = pair
    agreement = proposed_agreement(placement)
    old_page = councillor.get(reverse("agreement_detail", args=[agreement.pk]))
    goal = agreement.goals.get()
    mentor.post(
        reverse("agreement_edit", args=[agreement.pk]),
        {
            "development_needs": "New needs",
            "ways_of_working": "Weekly.",
            "confidentiality_protocol": "Between us.",
            "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "1",
            "goals-0-id": goal.pk,
            "goals-0-goal": goal.goal,
            "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0",
        },  # fmt: skip
    )

    response = agree(councillor, agreement, page=old_page)

    text = response.content.decode()
    assert CHANGED in text
    assert "it is being redrafted, and you can agree once it is proposed again." in text
    assert "I agree to this learning agreement" not in text
    agreement.refresh_from_db()
    assert agreement.mentee_agreed_at is None


def test_each_member_of_a_group_agrees_only_to_the_text_they_read():
    mentor = MentorFactory(user=UserFactory())
    first = CouncillorFactory(user=UserFactory())
    second = CouncillorFactory(council=first.council, user=UserFactory())
    placement = PlacementFactory(
        kind="councillor-role", council=first.council, mentors=[mentor], mentees=[first, second]
    )
    mentor_client, first_client = signed_in(mentor.user), signed_in(first.user)
    agreement = proposed_agreement(placement)
    old_page = first_client.get(reverse("agreement_detail", args=[agreement.pk]))
    change_and_propose_again(mentor_client, agreement, ways_of_working="Away day in June.")

    response = agree(first_client, agreement, page=old_page)

    assert CHANGED in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.mentee_agreed_at is None

    agree(first_client, agreement)
    agreement.refresh_from_db()
    assert agreement.mentee_agreed_by == first.user


def test_a_post_without_the_text_read_records_nothing(pair):
    placement, _, councillor = pair
    agreement = proposed_agreement(placement)

    response = councillor.post(reverse("agreement_action", args=[agreement.pk, "agree"]))

    assert CHANGED in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.mentee_agreed_at is None
