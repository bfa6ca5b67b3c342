"""The rules of review visits, recommendations and the action plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from reviews.models import Recommendation, ReviewVisit, VisitKind
from reviews.tests.factories import (
    ActionFactory,
    CheckInVisitFactory,
    PeerTeamMemberFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    ReviewVisitFactory,
)

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2025, 3, 10)


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# Factories -------------------------------------------------------------------


def test_every_reviews_factory_makes_a_row_that_passes_the_rules():
    rows = [
        ReviewVisitFactory(),
        CheckInVisitFactory(),
        PeerTeamMemberFactory(),
        RecommendationFactory(),
        ActionFactory(),
        ProgressUpdateFactory(),
    ]
    for row in rows:
        row.full_clean()


def test_recommendations_made_by_the_factory_are_numbered_in_turn_per_visit():
    visit = ReviewVisitFactory()
    numbers = [RecommendationFactory(visit=visit).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert RecommendationFactory().number == 1


def test_a_check_in_made_by_the_factory_checks_a_visit_to_the_same_council():
    check_in = CheckInVisitFactory()
    assert check_in.checks_visit.council == check_in.council
    assert check_in.first_day > check_in.checks_visit.last_day


# No last day before the first ------------------------------------------------


def test_a_visit_whose_last_day_is_before_its_first_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewVisitFactory(first_day=FIRST_DAY, last_day=FIRST_DAY - datetime.timedelta(days=1))


def test_a_visit_whose_last_day_is_before_its_first_is_refused_with_a_plain_message():
    visit = ReviewVisitFactory.build(
        council=ReviewVisitFactory().council,
        first_day=FIRST_DAY,
        last_day=FIRST_DAY - datetime.timedelta(days=1),
    )
    assert errors_of(visit)["last_day"] == ["The last day on site cannot be before the first."]


def test_a_one_day_visit_is_fine():
    ReviewVisitFactory(first_day=FIRST_DAY, last_day=FIRST_DAY).full_clean()


# A check-in names the visit it checks ----------------------------------------


def test_a_check_in_that_names_no_visit_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewVisitFactory(kind=VisitKind.CHECK_IN, checks_visit=None)


def test_a_check_in_that_names_no_visit_is_refused_with_a_plain_message():
    visit = ReviewVisitFactory.build(
        council=ReviewVisitFactory().council, kind=VisitKind.CHECK_IN, checks_visit=None
    )
    assert errors_of(visit)["checks_visit"] == ["A check-in must name the visit it checks."]


def test_a_check_in_of_another_council_s_visit_is_refused():
    check_in = CheckInVisitFactory.build(
        council=ReviewVisitFactory().council, checks_visit=ReviewVisitFactory()
    )
    assert errors_of(check_in)["checks_visit"] == ["A check-in checks a visit to the same council."]


def test_a_visit_cannot_check_itself():
    visit = ReviewVisitFactory()
    visit.kind = VisitKind.CHECK_IN
    visit.checks_visit = visit
    assert errors_of(visit)["checks_visit"] == ["A visit cannot check itself."]


# Recommendation numbers ------------------------------------------------------


def test_two_recommendations_with_one_number_on_a_visit_are_refused_by_the_database():
    first = RecommendationFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.bulk_create(
            [Recommendation(visit=first.visit, number=1, text="Another one.")]
        )


def test_two_recommendations_with_one_number_on_a_visit_are_refused_with_a_plain_message():
    first = RecommendationFactory(number=1)
    again = Recommendation(visit=first.visit, number=1, text="Another one.")
    with pytest.raises(ValidationError) as caught:
        again.full_clean()
    assert "That number is already used for this visit." in caught.value.messages


def test_recommendation_numbers_may_repeat_across_visits():
    RecommendationFactory(number=1)
    other = Recommendation(visit=ReviewVisitFactory(), number=1, text="The same number.")
    other.full_clean()
    other.save()
    assert Recommendation.objects.filter(number=1).count() == 2


def test_a_recommendation_numbered_zero_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(number=0)


# History is kept -------------------------------------------------------------


def test_deleting_a_visit_with_recommendations_is_refused():
    visit = RecommendationFactory().visit
    with pytest.raises(ProtectedError):
        visit.delete()
    assert ReviewVisit.objects.filter(pk=visit.pk).exists()


def test_deleting_a_visit_that_has_a_check_in_is_refused():
    checked = CheckInVisitFactory().checks_visit
    with pytest.raises(ProtectedError):
        checked.delete()


def test_deleting_a_recommendation_with_actions_is_refused():
    recommendation = ActionFactory().recommendation
    with pytest.raises(ProtectedError):
        recommendation.delete()
