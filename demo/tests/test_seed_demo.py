import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from mentoring.models import (
    AgreementStatus,
    DayClaim,
    LearningAgreement,
    Placement,
    Session,
    SessionMode,
)
from reviews.models import Recommendation, ReviewVisit, VisitKind

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_running_it_twice_leaves_the_same_number_of_rows_in_every_table(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == first


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")


def test_force_runs_it_with_debug_off_and_it_holds_the_seed_documents(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=io.StringIO())
    statuses = set(LearningAgreement.objects.values_list("status", flat=True))
    assert statuses == set(AgreementStatus.values)
    assert set(Session.objects.values_list("mode", flat=True)) == set(SessionMode.values)
    cpc = ReviewVisit.objects.get(kind=VisitKind.CORPORATE_PEER_CHALLENGE)
    assert Recommendation.objects.filter(visit=cpc).count() == 7
    assert ReviewVisit.objects.get(kind=VisitKind.CHECK_IN).checks_visit == cpc
    progress = ReviewVisit.objects.get(kind=VisitKind.PROGRESS_REVIEW)
    assert "restoration of further decision-making powers" in progress.question


def test_it_prints_the_demo_logins(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "manager@demo.example.org" in out
    assert "commissioner@demo.example.org" in out


def test_the_demo_claims_days_as_the_programme_pays_them(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    claims = DayClaim.objects.all()
    by_status = Counter(claims.values_list("status", flat=True))
    # Mostly approved, some waiting, one queried with its question, one draft to confirm.
    assert by_status[DayClaim.Status.APPROVED] > by_status[DayClaim.Status.SUBMITTED] > 0
    queried = claims.get(status=DayClaim.Status.QUERIED)
    assert queried.message == "Which meeting was this? Please add the committee's name."
    assert by_status[DayClaim.Status.DRAFT] == 1
    # Half days for calls, whole days for visits; preparation and travel besides.
    for claim in claims.filter(session__isnull=False).select_related("session"):
        whole = claim.session.mode in ("face-to-face", "observation", "away-day")
        assert claim.length == ("whole" if whole else "half"), claim.session.mode
    assert {"preparation", "travel"} <= set(claims.values_list("purpose", flat=True))
    # Induction buddies are volunteers: no claims.
    assert not claims.filter(placement__mentoring_type__slug="induction-buddy").exists()
    for placement in Placement.objects.with_days():
        assert placement.days_used + placement.days_pending <= placement.mentor_days_agreed
    assert 25 <= claims.count() <= 60
    # Every claim keeps the rules a mentor's own claim is held to.
    for claim in claims:
        claim.full_clean()
