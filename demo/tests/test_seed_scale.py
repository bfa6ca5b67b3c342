"""seed_scale's money: funders, rates, budgets by council and financial year, fees and
expenses, made in bulk and true to the rules the pages rely on."""

import datetime

import pytest
from django.conf import settings

from demo.scale import scale_load
from funding.models import Budget, FinancialYear, Funder
from funding.years import financial_year_of
from mentoring.models import ClaimExpense, DayClaim, DayRate, Placement
from mentoring.money import budget_of, budgets_with_figures, claim_fee

pytestmark = pytest.mark.django_db


def test_seed_scale_adds_funders_budgets_fees_and_expenses():
    today = datetime.date(2026, 12, 7)
    [result] = scale_load(factor=1, today=today)
    assert result.counts["budgets"] > 0 and result.counts["expenses"] > 0
    assert Funder.objects.count() == 10 + 2  # each council's own, and the two shared
    assert FinancialYear.objects.filter(start_year=financial_year_of(today)).exists()
    assert DayRate.objects.filter(mentor__isnull=False).exists()
    councils = set(Budget.objects.values_list("council", flat=True))
    assert len(councils) == 10
    # Every placement has a funder with a budget in the year it starts; regionally
    # funded hours cost nothing; costs are within their type's band.
    placements = Placement.objects.select_related("mentoring_type")
    for placement in placements:
        assert budget_of(
            funder_id=placement.funder_id,
            council_id=placement.council_id,
            year=financial_year_of(placement.started_on),
        ), placement
        if placement.funding == "nil-cost":
            assert placement.cost is None
        else:
            band = placement.mentoring_type
            assert band.cost_from <= placement.cost <= band.cost_to
    # Approved claims carry the fee the service would fix; no other claim has one.
    approved = DayClaim.objects.filter(status=DayClaim.Status.APPROVED)
    assert not approved.filter(fee__isnull=True).exists()
    assert (
        not DayClaim.objects.exclude(status=DayClaim.Status.APPROVED)
        .exclude(fee__isnull=True)
        .exists()
    )
    for claim in approved.select_related("placement__mentoring_type").order_by("pk")[:200]:
        assert claim.fee == claim_fee(claim), claim
    # Expenses stay under the receipt limit, so none needs a file.
    assert not ClaimExpense.objects.filter(amount__gt=settings.EXPENSE_RECEIPT_OVER).exists()
    # No budget is overspent or overcommitted.
    figures = budgets_with_figures(Budget.objects.all())
    assert {f.warning for f in figures} <= {"", "near"}
