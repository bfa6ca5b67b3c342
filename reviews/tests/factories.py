"""Factories for review visits, their recommendations and the action plan."""

import datetime

import factory
from dateutil.relativedelta import relativedelta

from councils.tests.factories import CouncilFactory
from reviews.models import (
    RAG,
    Action,
    PeerTeamMember,
    ProgressUpdate,
    Recommendation,
    ReviewVisit,
    VisitKind,
    VisitStatus,
)


class ReviewVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewVisit

    council = factory.SubFactory(CouncilFactory)
    kind = VisitKind.PROGRESS_REVIEW
    title = factory.Sequence(lambda n: f"Progress review {n}")
    checks_visit = None
    first_day = datetime.date(2025, 3, 10)
    last_day = factory.LazyAttribute(lambda o: o.first_day + datetime.timedelta(days=3))
    question = (
        "Is the intervention sufficient to justify the return of further decision-making powers?"
    )
    status = VisitStatus.PLANNED


class CheckInVisitFactory(ReviewVisitFactory):
    """The six-month check-in of an earlier visit to the same council."""

    kind = VisitKind.CHECK_IN
    title = factory.Sequence(lambda n: f"Six-month check-in {n}")
    checks_visit = factory.SubFactory(
        ReviewVisitFactory, council=factory.SelfAttribute("..council")
    )
    first_day = factory.LazyAttribute(lambda o: o.checks_visit.first_day + relativedelta(months=6))


class PeerTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerTeamMember

    visit = factory.SubFactory(ReviewVisitFactory)
    name = factory.Faker("name", locale="en_GB")
    role = "Member peer"
    organisation = "Local Government Association"


class RecommendationFactory(factory.django.DjangoModelFactory):
    """Numbered next after the visit's existing recommendations."""

    class Meta:
        model = Recommendation
        django_get_or_create = ("visit", "number")

    visit = factory.SubFactory(ReviewVisitFactory)
    number = factory.LazyAttribute(
        lambda o: o.visit.recommendations.count() + 1 if o.visit.pk else 1
    )
    text = "Strengthen the Audit Committee's oversight of the improvement plan."
    theme = "Governance"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    description = "Appoint an independent member to the Audit Committee."
    owner = "Assistant Chief Executive"
    due_on = datetime.date(2025, 9, 30)
    rag = RAG.AMBER
    completed_on = None


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    written_on = datetime.date(2025, 6, 2)
    text = "Recruitment advertised; interviews in July."
    rag = RAG.AMBER
    author_name = "Head of Democratic Services"
