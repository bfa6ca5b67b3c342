"""The rules of placements, learning agreements, sessions and check-ins.

Where the database holds a rule, the test saves past ``clean()`` and expects
an ``IntegrityError``; validation and the services are tested on the message
a programme manager reads.
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from councils.tests.factories import CouncilFactory, CouncillorFactory, OfficerFactory, PartyFactory
from mentoring.models import (
    AgreementStatus,
    ConfidenceCheck,
    ConfidenceScore,
    ConfidenceStage,
    Goal,
    LearningAgreement,
    Mentor,
    Placement,
    PlacementMentee,
    PlacementStatus,
    Session,
    SessionMode,
)
from mentoring.services import (
    agreement_new_version,
    placement_check_rules,
    placement_save,
    placement_set_status,
)
from mentoring.tests.factories import (
    AgreementReviewFactory,
    ConfidenceCheckFactory,
    ConfidenceScoreFactory,
    GoalFactory,
    LearningAgreementFactory,
    MentorFactory,
    PlacementFactory,
    PlacementMenteeFactory,
    ReflectionFactory,
    SessionFactory,
    SessionNoteFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 6)
PLANNED_END = datetime.date(2025, 12, 19)
FOLLOW_UP_UNTIL = datetime.date(2026, 3, 19)
LOCKED = "This version has been agreed and cannot change: start a new version instead."
GOALS_LOCKED = (
    "This version has been agreed and its goals cannot change: start a new version instead."
)


def rule_errors(placement, mentors, mentees) -> list[str]:
    """The messages placement_check_rules gives, failing the test if there are none."""
    with pytest.raises(ValidationError) as caught:
        placement_check_rules(placement=placement, mentors=mentors, mentees=mentees)
    return caught.value.messages


def field_errors_of_save(placement, mentors=(), mentees=()) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        placement_save(placement=placement, mentors=mentors, mentees=mentees)
    return caught.value.message_dict


def new_placement(kind="one-to-one", **fields) -> Placement:
    """An unsaved placement at a new council, as a programme manager starts one."""
    fields.setdefault("council", CouncilFactory())
    return PlacementFactory.build(kind=kind, **fields)


def people_of(placement) -> list:
    return [m.person for m in placement.mentees.all()]


def agree(agreement: LearningAgreement) -> LearningAgreement:
    agreement.status = AgreementStatus.ACTIVE
    agreement.mentee_agreed_at = agreement.mentor_agreed_at = timezone.now()
    agreement.save()
    return agreement


# Factories -------------------------------------------------------------------


def test_every_mentoring_factory_makes_a_row_that_passes_the_rules():
    rows = [
        MentorFactory(),
        PlacementFactory(),
        PlacementMenteeFactory(),
        LearningAgreementFactory(),
        LearningAgreementFactory(agreed=True),
        GoalFactory(),
        AgreementReviewFactory(),
        SessionFactory(),
        SessionNoteFactory(),
        ReflectionFactory(),
        ConfidenceCheckFactory(),
        ConfidenceScoreFactory(),
    ]
    for row in rows:
        row.full_clean()


@pytest.mark.parametrize(
    "kind", ["one-to-one", "councillor-role", "political-group", "induction-buddy", "ward-visit"]
)
def test_a_placement_factory_of_each_type_follows_that_type_s_rules(kind):
    placement = PlacementFactory(kind=kind)
    placement_check_rules(
        placement=placement, mentors=list(placement.mentors.all()), mentees=people_of(placement)
    )
    assert placement.mentoring_type.slug == kind


def test_the_default_placement_is_an_active_one_to_one_with_a_mentor_from_another_council():
    placement = PlacementFactory()
    mentee = placement.mentees.get()
    mentor = placement.mentors.get()
    assert placement.mentoring_type.slug == "one-to-one"
    assert placement.status == PlacementStatus.ACTIVE
    assert mentee.councillor.council == placement.council
    assert mentor.council != placement.council


# No end before its start -----------------------------------------------------


def test_a_placement_planned_to_end_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(planned_end_on=START - datetime.timedelta(days=1))


def test_a_placement_planned_to_end_before_it_starts_is_refused_with_a_plain_message():
    placement = new_placement(planned_end_on=START - datetime.timedelta(days=1))
    errors = field_errors_of_save(placement, [MentorFactory()], [CouncillorFactory()])
    assert errors["planned_end_on"] == ["The planned end cannot be before the start."]


def test_a_placement_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(ended_on=START - datetime.timedelta(days=1))


def test_a_placement_ending_before_it_starts_is_refused_with_a_plain_message():
    placement = PlacementFactory()
    placement.ended_on = START - datetime.timedelta(days=1)
    errors = field_errors_of_save(placement, list(placement.mentors.all()), people_of(placement))
    assert errors["ended_on"] == ["A placement cannot end before it starts."]
    placement.refresh_from_db()
    assert placement.ended_on is None


# The mentor's council --------------------------------------------------------


def test_a_one_to_one_mentor_from_the_mentees_council_is_refused():
    placement = new_placement()
    mentor = MentorFactory(council=placement.council, full_name="Pat Neighbour")
    mentee = CouncillorFactory(council=placement.council)
    assert rule_errors(placement, [mentor], [mentee]) == [
        f"Pat Neighbour is from {placement.council}: a peer mentor for One-to-one mentoring "
        "must come from another council."
    ]


def test_placement_save_refuses_a_one_to_one_mentor_from_the_mentees_council_and_saves_nothing():
    placement = new_placement()
    mentor = MentorFactory(council=placement.council)
    with pytest.raises(ValidationError, match="must come from another council"):
        placement_save(
            placement=placement,
            mentors=[mentor],
            mentees=[CouncillorFactory(council=placement.council)],
        )
    assert not Placement.objects.filter(council=placement.council).exists()


def test_a_one_to_one_mentor_from_another_council_is_placed():
    placement = new_placement()
    mentor = MentorFactory()
    mentee = CouncillorFactory(council=placement.council)
    placement_save(placement=placement, mentors=[mentor], mentees=[mentee])
    assert list(placement.mentors.all()) == [mentor]
    assert people_of(placement) == [mentee]


def test_a_one_to_one_mentor_who_is_a_councillor_of_the_mentees_council_is_refused():
    placement = new_placement()
    colleague = CouncillorFactory(council=placement.council)
    mentor = MentorFactory(council=None, councillor=colleague, regional_pool="london")
    mentor.full_clean()
    assert "must come from another council" in " ".join(
        rule_errors(placement, [mentor], [CouncillorFactory(council=placement.council)])
    )


def test_a_mentor_with_no_council_of_their_own_can_mentor_one_to_one():
    placement = new_placement()
    mentor = MentorFactory(council=None, regional_pool="london", organisation="CfPS")
    placement_check_rules(
        placement=placement,
        mentors=[mentor],
        mentees=[CouncillorFactory(council=placement.council)],
    )


# A buddy from another council, with and without a reason: test_buddy_rules.py.


def test_an_induction_buddy_from_the_same_council_is_placed():
    placement = new_placement("induction-buddy")
    buddy = MentorFactory(council=placement.council)
    new_members = CouncillorFactory.create_batch(3, council=placement.council)
    placement_save(placement=placement, mentors=[buddy], mentees=new_members)
    assert placement.mentees.count() == 3


def test_a_mentee_from_another_council_is_refused():
    placement = new_placement()
    stranger = CouncillorFactory(full_name="Lee Away")
    assert f"Cllr Lee Away is not of {placement.council}." in rule_errors(
        placement, [MentorFactory()], [stranger]
    )


# Political group mentoring works with a political group: test_political_group_mentoring.py.


def test_one_to_one_mentoring_does_not_ask_about_party():
    placement = new_placement()
    placement_check_rules(
        placement=placement,
        mentors=[MentorFactory(party=PartyFactory())],
        mentees=[CouncillorFactory(council=placement.council, party=PartyFactory())],
    )


# How many mentees ------------------------------------------------------------


def test_a_one_to_one_with_two_mentees_is_refused():
    placement = new_placement()
    pair = CouncillorFactory.create_batch(2, council=placement.council)
    assert rule_errors(placement, [MentorFactory()], pair) == [
        "One-to-one mentoring has exactly one mentee."
    ]


def test_a_one_to_one_with_no_mentee_is_refused():
    placement = new_placement()
    assert rule_errors(placement, [MentorFactory()], []) == [
        "One-to-one mentoring needs at least 1 mentee(s)."
    ]


def test_a_placement_with_no_mentor_is_refused():
    placement = new_placement()
    assert rule_errors(placement, [], [CouncillorFactory(council=placement.council)]) == [
        "Choose at least one mentor."
    ]


def test_a_role_mentoring_group_of_ten_is_placed():
    placement = new_placement("councillor-role")
    members = CouncillorFactory.create_batch(10, council=placement.council)
    placement_save(placement=placement, mentors=[MentorFactory()], mentees=members)
    assert placement.mentees.count() == 10


def test_a_role_mentoring_group_of_eleven_is_refused():
    placement = new_placement("councillor-role")
    members = CouncillorFactory.create_batch(11, council=placement.council)
    assert rule_errors(placement, [MentorFactory()], members) == [
        "Councillor role mentoring takes at most 10 mentees."
    ]


def test_an_induction_group_of_eleven_is_refused():
    placement = new_placement("induction-buddy")
    new_members = CouncillorFactory.create_batch(11, council=placement.council)
    buddy = MentorFactory(council=placement.council)
    assert rule_errors(placement, [buddy], new_members) == [
        "Induction (buddy) mentoring takes at most 10 mentees."
    ]


# Mentor capacity -------------------------------------------------------------


def test_a_mentor_at_capacity_is_not_given_another_active_placement():
    mentor = MentorFactory(capacity=1, full_name="Kim Busy")
    PlacementFactory(mentors=[mentor])
    placement = new_placement()
    with pytest.raises(ValidationError) as caught:
        placement_save(
            placement=placement,
            mentors=[mentor],
            mentees=[CouncillorFactory(council=placement.council)],
        )
    assert caught.value.messages == [
        "Kim Busy already has 1 active placement, their capacity is 1."
    ]
    assert mentor.placements.count() == 1


def test_a_mentor_at_capacity_may_be_proposed_for_another_placement():
    mentor = MentorFactory(capacity=1)
    PlacementFactory(mentors=[mentor])
    placement = new_placement(status=PlacementStatus.PROPOSED)
    placement_save(
        placement=placement,
        mentors=[mentor],
        mentees=[CouncillorFactory(council=placement.council)],
    )
    assert mentor.placements.count() == 2


def test_activating_a_proposed_placement_of_a_mentor_at_capacity_is_refused():
    mentor = MentorFactory(capacity=2, full_name="Kim Busy")
    PlacementFactory.create_batch(2, mentors=[mentor])
    proposed = PlacementFactory(mentors=[mentor], status=PlacementStatus.PROPOSED)
    with pytest.raises(ValidationError) as caught:
        placement_set_status(placement=proposed, status=PlacementStatus.ACTIVE)
    assert caught.value.messages == [
        "Kim Busy already has 2 active placements, their capacity is 2."
    ]
    proposed.refresh_from_db()
    assert proposed.status == PlacementStatus.PROPOSED


def test_a_proposed_placement_is_activated_once_the_mentor_has_room():
    mentor = MentorFactory(capacity=1)
    current = PlacementFactory(mentors=[mentor])
    proposed = PlacementFactory(mentors=[mentor], status=PlacementStatus.PROPOSED)
    placement_set_status(
        placement=current, status=PlacementStatus.ENDED, ended_on=datetime.date(2025, 6, 30)
    )
    placement_set_status(placement=proposed, status=PlacementStatus.ACTIVE)
    proposed.refresh_from_db()
    assert proposed.status == PlacementStatus.ACTIVE


def test_saving_an_active_placement_again_does_not_count_it_against_its_mentor():
    mentor = MentorFactory(capacity=1)
    placement = PlacementFactory(mentors=[mentor])
    placement.mentor_days_agreed = 8
    placement_save(placement=placement, mentors=[mentor], mentees=people_of(placement))


# Withdrawn and ended placements ----------------------------------------------


def test_a_withdrawn_placement_without_a_reason_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(status=PlacementStatus.WITHDRAWN, withdrawn_reason="")


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_a_placement_without_a_reason_is_refused(reason):
    placement = PlacementFactory()
    with pytest.raises(ValidationError) as caught:
        placement_set_status(
            placement=placement, status=PlacementStatus.WITHDRAWN, withdrawn_reason=reason
        )
    assert caught.value.message_dict["withdrawn_reason"] == ["Say why the placement was withdrawn."]


def test_withdrawing_a_placement_with_a_reason_is_fine():
    placement = PlacementFactory()
    placement_set_status(
        placement=placement,
        status=PlacementStatus.WITHDRAWN,
        withdrawn_reason="The mentee stood down at the election.",
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.WITHDRAWN


def test_an_ended_placement_without_an_end_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementFactory(status=PlacementStatus.ENDED, ended_on=None)


def test_ending_a_placement_without_an_end_date_is_refused():
    placement = PlacementFactory()
    with pytest.raises(ValidationError) as caught:
        placement_set_status(placement=placement, status=PlacementStatus.ENDED)
    assert caught.value.message_dict["ended_on"] == ["An ended placement needs the date it ended."]


# Mentees are councillors or officers -----------------------------------------


def test_a_mentee_who_is_both_a_councillor_and_an_officer_is_refused_by_the_database():
    placement = PlacementFactory(mentees=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementMentee.objects.bulk_create(
            [
                PlacementMentee(
                    placement=placement,
                    councillor=CouncillorFactory(council=placement.council),
                    officer=OfficerFactory(council=placement.council),
                )
            ]
        )


def test_a_mentee_who_is_neither_a_councillor_nor_an_officer_is_refused_by_the_database():
    placement = PlacementFactory(mentees=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementMentee(placement=placement).save()


def test_a_mentee_who_is_neither_is_refused_with_a_plain_message():
    mentee = PlacementMentee(placement=PlacementFactory(mentees=[]))
    with pytest.raises(ValidationError) as caught:
        mentee.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        "A mentee is either a councillor or an officer."
    ]


def test_the_same_councillor_is_a_mentee_of_a_placement_once():
    placement = PlacementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementMentee.objects.create(
            placement=placement, councillor=placement.mentees.get().councillor
        )


def test_an_officer_can_be_a_one_to_one_mentee_through_placement_save():
    placement = new_placement()
    officer = OfficerFactory(council=placement.council, job_title="Chief Executive")
    placement_save(placement=placement, mentors=[MentorFactory()], mentees=[officer])
    mentee = placement.mentees.get()
    assert mentee.officer == officer
    assert mentee.councillor is None
    assert mentee.person == officer


def test_placement_save_replaces_the_mentees_it_is_given():
    placement = PlacementFactory()
    newcomer = CouncillorFactory(council=placement.council)
    placement_save(placement=placement, mentors=list(placement.mentors.all()), mentees=[newcomer])
    assert people_of(placement) == [newcomer]


# Agreed learning agreements are read-only ------------------------------------


def test_changing_an_agreed_learning_agreement_is_refused():
    agreement = LearningAgreementFactory(agreed=True, development_needs="Chairing.")
    agreement.development_needs = "Something else entirely."
    with pytest.raises(ValidationError) as caught:
        agreement.save()
    assert caught.value.messages == [LOCKED]
    agreement.refresh_from_db()
    assert agreement.development_needs == "Chairing."


def test_changing_a_superseded_learning_agreement_is_refused():
    agreement = LearningAgreementFactory(agreed=True)
    agreement.status = AgreementStatus.SUPERSEDED
    agreement.save()
    agreement.ways_of_working = "Never meet."
    with pytest.raises(ValidationError, match="cannot change"):
        agreement.save()


def test_a_draft_learning_agreement_can_be_edited():
    agreement = LearningAgreementFactory()
    agreement.ways_of_working = "Fortnightly video calls."
    agreement.save()
    agreement.refresh_from_db()
    assert agreement.ways_of_working == "Fortnightly video calls."


def test_an_agreed_learning_agreement_cannot_be_turned_back_into_a_draft_and_changed():
    agreement = LearningAgreementFactory(agreed=True, development_needs="Chairing.")
    with pytest.raises(ValidationError):
        agreement.status = AgreementStatus.DRAFT
        agreement.save()
        agreement.development_needs = "Something else entirely."
        agreement.save()


def test_adding_a_goal_to_an_agreed_learning_agreement_is_refused():
    agreement = LearningAgreementFactory(agreed=True)
    with pytest.raises(ValidationError) as caught:
        GoalFactory(agreement=agreement)
    assert caught.value.messages == [GOALS_LOCKED]
    assert not agreement.goals.exists()


def test_editing_a_goal_of_an_agreed_learning_agreement_is_refused():
    goal = GoalFactory(goal="Chair meetings that finish on time.")
    agree(goal.agreement)
    goal.goal = "Something else entirely."
    with pytest.raises(ValidationError) as caught:
        goal.save()
    assert caught.value.messages == [GOALS_LOCKED]
    goal.refresh_from_db()
    assert goal.goal == "Chair meetings that finish on time."


def test_deleting_a_goal_of_an_agreed_learning_agreement_is_refused():
    goal = GoalFactory()
    agree(goal.agreement)
    with pytest.raises(ValidationError, match="its goals cannot change"):
        goal.delete()
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_moving_a_goal_out_of_an_agreed_learning_agreement_is_refused():
    goal = GoalFactory()
    agreed = agree(goal.agreement)
    draft = agreement_new_version(agreement=agreed)
    goal.agreement = draft
    with pytest.raises(ValidationError, match="its goals cannot change"):
        goal.save()


def test_a_draft_s_goals_can_be_added_edited_and_deleted():
    agreement = LearningAgreementFactory()
    goal = GoalFactory(agreement=agreement)
    goal.way_forward = "Ask the clerk for a timed agenda."
    goal.save()
    goal.delete()
    assert not agreement.goals.exists()


def test_a_new_version_of_an_agreed_agreement_is_a_draft_with_copies_of_its_goals():
    agreement = LearningAgreementFactory(development_needs="Chairing.")
    first = GoalFactory(agreement=agreement, order=1, goal="Chair with confidence.")
    second = GoalFactory(agreement=agreement, order=2, goal="Hold officers to account.")
    AgreementReviewFactory(agreement=agreement, due_on=datetime.date(2025, 6, 30))
    agree(agreement)

    draft = agreement_new_version(agreement=agreement)

    assert draft.pk != agreement.pk
    assert draft.placement == agreement.placement
    assert draft.version == 2
    assert draft.status == AgreementStatus.DRAFT
    assert draft.mentee_agreed_at is None and draft.mentor_agreed_at is None
    assert draft.development_needs == "Chairing."
    assert [g.goal for g in draft.goals.all()] == [
        "Chair with confidence.",
        "Hold officers to account.",
    ]
    assert not set(draft.goals.values_list("pk", flat=True)) & {first.pk, second.pk}
    assert [r.due_on for r in draft.reviews.all()] == [datetime.date(2025, 6, 30)]

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert agreement.version == 1
    assert list(agreement.goals.order_by("order")) == [first, second]
    assert agreement.reviews.count() == 1


def test_the_new_version_s_goals_can_be_changed():
    agreement = LearningAgreementFactory()
    GoalFactory(agreement=agreement)
    draft = agreement_new_version(agreement=agree(agreement))
    goal = draft.goals.get()
    goal.goal = "A better goal."
    goal.save()
    assert agreement.goals.get().goal != "A better goal."


def test_a_second_new_version_is_refused_while_the_first_is_drafted():
    agreement = agree(LearningAgreementFactory())
    assert agreement_new_version(agreement=agreement).version == 2
    with pytest.raises(ValidationError) as caught:
        agreement_new_version(agreement=agreement)
    assert caught.value.messages == ["Version 2 is already being drafted: change that one."]


def test_a_draft_needs_no_new_version():
    with pytest.raises(ValidationError) as caught:
        agreement_new_version(agreement=LearningAgreementFactory())
    assert caught.value.messages == ["This version has not been agreed yet: edit it instead."]


def test_two_versions_of_one_number_are_refused_by_the_database():
    agreement = LearningAgreementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningAgreementFactory(placement=agreement.placement, version=agreement.version)


@pytest.mark.parametrize("who_agreed", ["mentee_agreed_at", "mentor_agreed_at", None])
def test_an_active_agreement_without_both_agreements_is_refused_by_the_database(who_agreed):
    fields = {who_agreed: timezone.now()} if who_agreed else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningAgreementFactory(status=AgreementStatus.ACTIVE, **fields)


def test_an_active_agreement_without_both_agreements_is_refused_with_a_plain_message():
    agreement = LearningAgreementFactory.build(
        placement=PlacementFactory(),
        status=AgreementStatus.ACTIVE,
        mentee_agreed_at=timezone.now(),
    )
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        "An agreement is active only once both have agreed."
    ]


# Sessions fall within the placement and its follow-up ------------------------


def session_on(placement, day, mode=SessionMode.TELEPHONE) -> Session:
    # By telephone: after the end, follow-up takes no other mode (test_follow_up.py).
    return SessionFactory.build(placement=placement, held_on=day, logged_by=None, mode=mode)


def test_a_session_before_the_placement_starts_is_refused():
    session = session_on(PlacementFactory(), START - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert caught.value.message_dict["held_on"] == ["The placement starts on 06/01/2025."]


def test_a_session_after_the_three_month_follow_up_is_refused():
    session = session_on(PlacementFactory(), FOLLOW_UP_UNTIL + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert caught.value.message_dict["held_on"] == [
        "Sessions are accepted until the end of the three-month follow-up, 19/03/2026."
    ]


def test_the_follow_up_runs_from_the_day_an_early_ended_placement_ended():
    placement = PlacementFactory(status=PlacementStatus.ENDED, ended_on=datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError, match="follow-up, 30/09/2025"):
        session_on(placement, datetime.date(2025, 10, 1)).full_clean()
    session_on(placement, datetime.date(2025, 9, 30)).full_clean()


@pytest.mark.parametrize(
    ("held_on", "is_follow_up"),
    [
        (START, False),
        (PLANNED_END, False),
        (PLANNED_END + datetime.timedelta(days=1), True),
        (FOLLOW_UP_UNTIL, True),
    ],
)
def test_a_session_after_the_end_but_within_follow_up_is_marked_follow_up(held_on, is_follow_up):
    session = session_on(PlacementFactory(), held_on)
    session.full_clean()
    assert session.is_follow_up is is_follow_up


def test_an_open_ended_placement_takes_sessions_at_any_time_after_it_starts():
    # Years after it started (2025), up to today: a session is logged once held.
    session = session_on(PlacementFactory(planned_end_on=None), timezone.localdate())
    session.full_clean()
    assert session.is_follow_up is False


# Confidence check-ins --------------------------------------------------------


@pytest.mark.parametrize("score", [0, 6])
def test_a_confidence_score_outside_one_to_five_is_refused_by_the_database(score):
    check_in = ConfidenceCheckFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ConfidenceScore.objects.bulk_create(
            [ConfidenceScore(check_in=check_in, area="chairing", score=score)]
        )


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (0, "Ensure this value is greater than or equal to 1."),
        (6, "Ensure this value is less than or equal to 5."),
    ],
)
def test_a_confidence_score_outside_one_to_five_is_refused_with_a_plain_message(score, message):
    score = ConfidenceScore(check_in=ConfidenceCheckFactory(), area="chairing", score=score)
    with pytest.raises(ValidationError) as caught:
        score.full_clean()
    assert caught.value.message_dict["score"] == [message]


@pytest.mark.parametrize("score", [1, 5])
def test_confidence_scores_of_one_and_five_are_fine(score):
    ConfidenceScoreFactory(score=score).full_clean()


def test_a_second_baseline_check_in_for_a_mentee_is_refused_by_the_database():
    baseline = ConfidenceCheckFactory(stage=ConfidenceStage.BASELINE)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConfidenceCheckFactory(mentee=baseline.mentee, stage=ConfidenceStage.BASELINE)


def test_a_second_baseline_check_in_for_a_mentee_is_refused_with_a_plain_message():
    baseline = ConfidenceCheckFactory(stage=ConfidenceStage.BASELINE)
    again = ConfidenceCheck(mentee=baseline.mentee, stage=ConfidenceStage.BASELINE)
    with pytest.raises(ValidationError) as caught:
        again.full_clean()
    assert caught.value.messages == ["This mentee already has a baseline check-in."]


def test_a_second_end_check_in_for_a_mentee_is_refused_by_the_database():
    end = ConfidenceCheckFactory(stage=ConfidenceStage.END)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConfidenceCheckFactory(mentee=end.mentee, stage=ConfidenceStage.END)


def test_a_mentee_has_many_review_check_ins_and_other_mentees_their_own_baseline():
    baseline = ConfidenceCheckFactory(stage=ConfidenceStage.BASELINE)
    for _ in range(2):
        ConfidenceCheckFactory(mentee=baseline.mentee, stage=ConfidenceStage.REVIEW).full_clean()
    ConfidenceCheckFactory(stage=ConfidenceStage.BASELINE).full_clean()
    assert ConfidenceCheck.objects.filter(stage=ConfidenceStage.BASELINE).count() == 2


# History is archived, never deleted ------------------------------------------


def test_deleting_a_mentor_who_logged_sessions_is_refused():
    mentor = SessionFactory().logged_by
    with pytest.raises(ProtectedError):
        mentor.delete()
    assert Mentor.objects.filter(pk=mentor.pk).exists()


def test_deleting_a_mentor_with_placements_is_refused():
    placement = PlacementFactory()
    mentor = placement.mentors.get()
    with pytest.raises(ProtectedError):
        mentor.delete()


def test_a_mentor_without_history_can_be_deleted():
    mentor = MentorFactory()
    mentor.delete()
    assert not Mentor.objects.filter(pk=mentor.pk).exists()


def test_deleting_a_placement_with_sessions_is_refused():
    placement = SessionFactory().placement
    with pytest.raises(ProtectedError):
        placement.delete()


def test_deleting_a_placement_with_a_learning_agreement_is_refused():
    placement = LearningAgreementFactory().placement
    with pytest.raises(ProtectedError):
        placement.delete()


def test_deleting_an_officer_who_was_mentored_is_refused():
    placement = new_placement()
    officer = OfficerFactory(council=placement.council)
    placement_save(placement=placement, mentors=[MentorFactory()], mentees=[officer])
    with pytest.raises(ProtectedError):
        officer.delete()


def test_a_session_being_filled_in_has_a_name_before_it_has_a_date():
    from mentoring.models import Session

    assert str(Session(mode="telephone")) == "Telephone"
    assert str(Session()) == "New session"
