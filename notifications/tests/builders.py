"""Small builders for reminder tests: placements whose people have accounts."""

import datetime

from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory
from mentoring.models import AgreementReview, AgreementStatus, LearningAgreement
from mentoring.tests.factories import LearningAgreementFactory, MentorFactory, PlacementFactory


def placement_with_accounts(*, today: datetime.date, mentee_accounts=1, **fields):
    """An active placement: one mentor with an account, ``mentee_accounts`` mentees with
    accounts and one without."""
    council = fields.pop("council", None) or CouncilFactory()
    mentor = MentorFactory(user=UserFactory())
    mentees = [
        CouncillorFactory(council=council, user=UserFactory()) for _ in range(mentee_accounts)
    ]
    mentees.append(CouncillorFactory(council=council))  # no account: never reminded
    kind = "councillor-role" if len(mentees) > 1 else "one-to-one"
    fields.setdefault("started_on", today - datetime.timedelta(days=120))
    fields.setdefault("planned_end_on", today + datetime.timedelta(days=200))
    placement = PlacementFactory(
        council=council, kind=kind, mentors=[mentor], mentees=mentees, **fields
    )
    placement.mentor_user = mentor.user
    placement.mentee_users = [m.user for m in mentees if m.user_id]
    return placement


def agreed_agreement(placement, *, review_dates=(), status=AgreementStatus.ACTIVE):
    """A learning agreement with its review dates, then agreed (review dates are frozen
    once agreed, so they are added first)."""
    version = placement.agreements.count() + 1
    agreement = LearningAgreementFactory(placement=placement, version=version)
    for day in review_dates:
        AgreementReview.objects.create(agreement=agreement, due_on=day)
    now = timezone.now()
    LearningAgreement.objects.filter(pk=agreement.pk).update(
        status=status, mentee_agreed_at=now, mentor_agreed_at=now
    )
    return agreement


def ensure_reference_rows() -> None:
    """Roles and mentoring types, put back by the data migrations' own (idempotent)
    functions: a transactional test's flush removes them, and a reused test database
    keeps that state."""
    import importlib

    from django.apps import apps

    for module, function in [
        ("councils.migrations.0002_roles", "add_roles"),
        ("mentoring.migrations.0002_types_and_themes", "add"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)
