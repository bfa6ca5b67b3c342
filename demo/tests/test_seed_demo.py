import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from funding.models import Budget, FinancialYear, Funder
from funding.years import financial_year_of
from mentoring.models import (
    AgreementStatus,
    ClaimExpense,
    DayClaim,
    DayRate,
    LearningAgreement,
    Placement,
    Session,
    SessionMode,
)
from mentoring.money import budget_of, budgets_with_figures, claim_fee
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
    # Every claim keeps the rules a mentor's own claim is held to; those of a closed
    # financial year were approved before it closed.
    closed = set(FinancialYear.objects.closed().values_list("start_year", flat=True))
    for claim in claims:
        if financial_year_of(claim.worked_on) in closed:
            assert claim.status == DayClaim.Status.APPROVED
            continue
        claim.full_clean()


def test_the_demo_has_funders_budgets_rates_fees_and_expenses(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    # A budget for 2026/27 from every funder; 2025/26, in which the ended placement
    # started, is closed.
    funders = set(Funder.objects.values_list("pk", flat=True))
    assert len(funders) == 3
    assert (
        set(Budget.objects.filter(financial_year__start_year=2026).values_list("funder", flat=True))
        == funders
    )
    assert FinancialYear.objects.get(start_year=2025).is_closed
    assert not FinancialYear.objects.get(start_year=2026).is_closed
    figures = budgets_with_figures(Budget.objects.filter(financial_year__start_year=2026))
    assert "near" in {f.warning for f in figures}
    assert "over" not in {f.warning for f in figures}
    # A funder's rate, and a mentor's own.
    assert DayRate.objects.filter(funder__isnull=False).exists()
    assert DayRate.objects.filter(mentor__isnull=False).exists()
    # Placements are paid for by a funder with a budget in the year they start, at a
    # cost within their type's band.
    for placement in Placement.objects.exclude(status="withdrawn").select_related("mentoring_type"):
        if placement.cost is not None:
            band = placement.mentoring_type
            assert band.cost_from <= placement.cost <= band.cost_to, placement
        if placement.funder_id:
            assert budget_of(
                funder_id=placement.funder_id,
                council_id=placement.council_id,
                year=financial_year_of(placement.started_on),
            )
    assert Placement.objects.filter(funder__isnull=False).count() >= 8
    # Every approved claim is paid its fee, at the day's rate; volunteers' days at none.
    approved = DayClaim.objects.filter(status=DayClaim.Status.APPROVED).select_related(
        "placement__mentoring_type"
    )
    assert approved.exists()
    for claim in approved:
        assert claim.fee is not None and claim.fee == claim_fee(claim), claim
        if not claim.placement.mentoring_type.paid:
            assert claim.fee == 0
        else:
            assert claim.fee > 0
    assert not DayClaim.objects.filter(placement__mentoring_type__paid=False, fee__gt=0).exists()
    assert DayClaim.objects.filter(status=DayClaim.Status.QUERIED).count() >= 1
    # Expenses on approved and waiting claims; a real PDF receipt for each over the limit.
    expenses = ClaimExpense.objects.select_related("claim")
    assert {e.claim.status for e in expenses} >= {"approved", "submitted"}
    assert {e.kind for e in expenses} == {"travel", "subsistence"}
    for expense in expenses:
        if expense.amount > settings.EXPENSE_RECEIPT_OVER:
            assert expense.receipt and expense.receipt_name, expense
            with expense.receipt.open("rb") as stored:
                assert len(PdfReader(stored).pages) == 1
        expense.full_clean()
