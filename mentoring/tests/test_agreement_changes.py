"""A learning agreement is read before it is agreed, says what changed since the
version before, is changed through a form that makes the new version only when saved,
and its messages say exactly who has agreed."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.agreement_changes import goal_changes, text_changes
from mentoring.models import AgreementStatus, LearningAgreement
from mentoring.tests.factories import AgreementReviewFactory, GoalFactory, LearningAgreementFactory
from mentoring.tests.pairs import agree, signed_in_pair

pytestmark = pytest.mark.django_db


def goal(text, **parts):
    defaults = {"reality": "", "options": "", "way_forward": "", "target_on": None}
    return SimpleNamespace(goal=text, **{**defaults, **parts})


def described(changes) -> list[tuple]:
    return [(c.kind, c.old, c.new) for c in changes]


def test_text_changes_name_the_paragraphs_added_removed_and_changed():
    old = "Chairing with confidence.\nReading budget papers.\nMeeting residents."
    new = "Chairing with confidence.\nReading the budget papers early.\nUsing social media."
    assert described(text_changes(old, new)) == [
        ("changed", "Reading budget papers.", "Reading the budget papers early."),
        ("changed", "Meeting residents.", "Using social media."),
    ]
    assert described(text_changes("One.", "One.\nTwo.")) == [("added", "", "Two.")]
    assert described(text_changes("One.\nTwo.", "Two.")) == [("removed", "One.", "")]
    assert text_changes("Same.\n\n", "Same.") == []


def test_goals_are_compared_by_content_not_by_their_place_in_the_list():
    chair = goal("Chair Planning Board meetings that finish on time.")
    budget = goal("Lead the budget debate.", target_on=datetime.date(2027, 2, 1))
    old = [chair, budget, goal("Hold a ward surgery every month.")]
    new = [
        goal("Lead the budget debate.", target_on=datetime.date(2027, 3, 1)),
        goal("Chair Planning Board meetings that always finish on time."),
        goal("Use social media to report back to residents."),
    ]
    changes = goal_changes(old, new)
    assert [(c.kind, c.goal) for c in changes] == [
        ("changed", "Lead the budget debate."),
        ("changed", "Chair Planning Board meetings that always finish on time."),
        ("added", "Use social media to report back to residents."),
        ("removed", "Hold a ward surgery every month."),
    ]
    assert [(p.label, p.kind, p.old, p.new) for p in changes[0].parts] == [
        ("Target date", "changed", "1 February 2027", "1 March 2027")
    ]
    assert [(p.label, p.old, p.new) for p in changes[1].parts] == [
        ("Goal", chair.goal, "Chair Planning Board meetings that always finish on time.")
    ]
    # The same goals in another order are no change.
    assert goal_changes(old, list(reversed(old))) == []


@pytest.fixture
def pair():
    return signed_in_pair()


def agreed_version(placement, *, version=1, goals=("Chair Planning Board with confidence",)):
    agreement = LearningAgreementFactory(placement=placement, version=version)
    for text in goals:
        GoalFactory(agreement=agreement, goal=text)
    AgreementReviewFactory(agreement=agreement, due_on=datetime.date(2027, 1, 15))
    now = timezone.now()
    LearningAgreement.objects.filter(pk=agreement.pk).update(
        status=AgreementStatus.ACTIVE, mentee_agreed_at=now, mentor_agreed_at=now
    )
    agreement.refresh_from_db()
    return agreement


def change_form(agreement, **overrides) -> dict:
    """The change form as its page fills it in from ``agreement``, with overrides."""
    data = {
        **{f: getattr(agreement, f) for f in LearningAgreement.CONTENT_FIELDS},
        "goals-TOTAL_FORMS": "0", "goals-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0",
    }  # fmt: skip
    for index, goal in enumerate(agreement.goals.all()):
        for part in ("goal", "reality", "options", "way_forward"):
            data[f"goals-{index}-{part}"] = getattr(goal, part)
        data[f"goals-{index}-target_on"] = goal.target_on.isoformat() if goal.target_on else ""
        data["goals-TOTAL_FORMS"] = str(index + 1)
    for index, review in enumerate(agreement.reviews.all()):
        data[f"reviews-{index}-due_on"] = review.due_on.isoformat()
        data["reviews-TOTAL_FORMS"] = str(index + 1)
    data.update(overrides)
    return data


def test_the_change_form_makes_the_new_version_only_when_it_is_saved(pair):
    placement, mentor, mentee = pair
    agreed = agreed_version(placement)
    page = mentor.get(reverse("agreement_change", args=[agreed.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chair Planning Board with confidence" in html  # starts from the agreed version
    assert "Save as version 2" in html
    assert LearningAgreement.objects.filter(placement=placement).count() == 1

    response = mentor.post(
        reverse("agreement_change", args=[agreed.pk]),
        change_form(agreed, ways_of_working="Fortnightly video calls."),
    )
    new = LearningAgreement.objects.get(placement=placement, version=2)
    assert response["Location"] == reverse("agreement_detail", args=[new.pk])
    assert new.status == AgreementStatus.DRAFT
    assert new.ways_of_working == "Fortnightly video calls."
    assert [g.goal for g in new.goals.all()] == ["Chair Planning Board with confidence"]
    assert [r.due_on for r in new.reviews.all()] == [datetime.date(2027, 1, 15)]
    agreed.refresh_from_db()
    assert agreed.status == AgreementStatus.ACTIVE


def test_saving_the_change_form_unchanged_or_without_a_goal_makes_no_version(pair):
    placement, mentor, _ = pair
    agreed = agreed_version(placement)
    url = reverse("agreement_change", args=[agreed.pk])
    unchanged = mentor.post(url, change_form(agreed)).content.decode()
    assert "Nothing was changed." in unchanged
    cleared = {f"goals-0-{part}": "" for part in ("goal", "reality", "options", "way_forward")}
    no_goal = mentor.post(url, change_form(agreed, **cleared, **{"goals-0-target_on": ""}))
    no_goal = no_goal.content.decode()
    assert "Keep at least one goal" in no_goal
    assert LearningAgreement.objects.filter(placement=placement).count() == 1


def test_the_agreement_page_says_what_changed_since_the_version_before(pair):
    placement, mentor, mentee = pair
    agreed = agreed_version(placement, goals=["Chair Planning Board with confidence",
                                               "Hold a ward surgery every month"])  # fmt: skip
    mentor.post(
        reverse("agreement_change", args=[agreed.pk]),
        change_form(
            agreed,
            ways_of_working="Monthly face-to-face meetings, video calls in between.",
            **{"goals-1-goal": "Lead the budget debate", "reviews-0-due_on": "2027-02-12"},
        ),
    )
    new = LearningAgreement.objects.get(placement=placement, version=2)
    html = mentee.get(reverse("agreement_detail", args=[new.pk])).content.decode()
    assert "What changed since version 1" in html
    assert (
        "Changed from “Monthly face-to-face meetings, telephone in between.” "
        "to “Monthly face-to-face meetings, video calls in between.”" in html
    )
    assert "Added: “Lead the budget debate”" in html
    assert "Removed: “Hold a ward surgery every month”" in html
    assert "Added: 12 February 2027" in html and "Removed: 15 January 2027" in html
    # The first version has nothing to compare with.
    first = mentee.get(reverse("agreement_detail", args=[agreed.pk])).content.decode()
    assert "What changed" not in first


def test_the_agree_button_comes_after_the_agreement_and_the_home_page_only_links_to_it(pair):
    placement, mentor, mentee = pair
    agreement = LearningAgreementFactory(placement=placement, status=AgreementStatus.PROPOSED)
    GoalFactory(agreement=agreement, goal="Chair Planning Board with confidence")
    html = mentee.get(reverse("agreement_detail", args=[agreement.pk])).content.decode()
    button = html.index("I agree to this learning agreement")
    for content in ("Development needs", "Chair Planning Board with confidence", "Review dates"):
        assert html.index(content) < button
    home = mentee.get(reverse("home")).content.decode()
    assert reverse("agreement_action", args=[agreement.pk, "agree"]) not in home
    assert "Read and agree to your learning agreement" in home


def test_the_messages_say_exactly_who_has_agreed(pair):
    placement, mentor, mentee = pair
    councillor = placement.mentees.get().councillor
    mentor_name = placement.mentors.get().full_name
    agreement = LearningAgreementFactory(placement=placement)
    GoalFactory(agreement=agreement)
    proposed = mentor.post(
        reverse("agreement_action", args=[agreement.pk, "propose"]), follow=True
    ).content.decode()
    assert "Nobody has agreed to it yet" in proposed
    assert f"once you and Cllr {councillor.full_name} have both agreed" in proposed
    assert "both agreed: the agreement" not in proposed

    first = agree(mentee, agreement)
    message = mentee.get(first["Location"]).content.decode()
    assert "You agreed. Waiting for" in message and mentor_name in message

    second = mentor.get(agree(mentor, agreement)["Location"]).content.decode()
    assert "Both of you have agreed: the agreement is in force." in second
