"""The budgets page: each budget's allocated, committed, spent and remaining money in a
financial year, the warnings at 80% and past 100%, for programme managers only."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.models import Council
from councils.tests.factories import CouncilFactory
from funding.tests.factories import (
    BudgetFactory,
    FinancialYearFactory,
    FunderFactory,
    funder_rate,
)
from mentoring.models import ClaimExpense, DayClaim
from mentoring.tests.factories import DayClaimFactory, MentorFactory, PlacementFactory

pytestmark = pytest.mark.django_db

Status = DayClaim.Status
D = Decimal


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def _placement(funder, council=None, started_on=datetime.date(2026, 5, 4), **kwargs):
    return PlacementFactory(
        funder=funder,
        council=council or CouncilFactory(),
        started_on=started_on,
        planned_end_on=datetime.date(2027, 6, 30),
        **kwargs,
    )


def _approved(placement, worked_on, fee, expense=None):
    claim = DayClaimFactory(
        placement=placement, worked_on=worked_on, status=Status.APPROVED, fee=D(fee)
    )
    if expense:
        ClaimExpense.objects.create(
            claim=claim, kind=ClaimExpense.Kind.TRAVEL, description="Train", amount=D(expense)
        )
    return claim


def _rows(response):
    return {
        (total.funder.name, row.budget.council.name if row.budget.council else None): row
        for total in response.context["funders"]
        for row in total.rows
    }


def test_committed_is_the_placements_cost_or_their_days_at_the_funder_s_rate_on_start(manager):
    funder = FunderFactory(name="Grant")
    funder_rate(funder, "300", ends_on=datetime.date(2026, 4, 30))
    funder_rate(funder, "400", starts_on=datetime.date(2026, 5, 1))
    BudgetFactory(funder=funder, allocated=D("20000"))
    _placement(funder, cost=D("2500"))
    _placement(funder, cost=None, mentor_days_agreed=D("5.0"))  # 5 days at £400
    _placement(funder, cost=None, mentor_days_agreed=D("2.0"), started_on=datetime.date(2026, 4, 6))
    _placement(funder, cost=D("9999"), status="withdrawn", withdrawn_reason="The council withdrew.")
    _placement(funder, cost=D("7777"), started_on=datetime.date(2027, 4, 1))  # next year's
    row = _rows(manager.get(reverse("budget_list") + "?year=2026"))[("Grant", None)]
    assert row.committed == D("2500") + D("2000") + D("600")


def test_spent_is_approved_fees_and_expenses_by_the_financial_year_of_the_day(manager):
    funder = FunderFactory(name="Grant")
    BudgetFactory(funder=funder, allocated=D("10000"))
    BudgetFactory(
        funder=funder, allocated=D("10000"), financial_year=FinancialYearFactory(start_year=2027)
    )
    placement = _placement(funder)
    _approved(placement, datetime.date(2027, 3, 31), "400.00", expense="25.50")
    _approved(placement, datetime.date(2027, 4, 1), "200.00", expense="10.00")
    DayClaimFactory(
        placement=placement, worked_on=datetime.date(2026, 6, 1), status=Status.SUBMITTED,
        fee=None,
    )  # fmt: skip
    this_year = _rows(manager.get(reverse("budget_list") + "?year=2026"))[("Grant", None)]
    next_year = _rows(manager.get(reverse("budget_list") + "?year=2027"))[("Grant", None)]
    # 31 March counts in the year before; 1 April in the next.
    assert this_year.spent == D("425.50")
    assert this_year.remaining == D("9574.50")
    assert next_year.spent == D("210.00")


def test_a_council_s_budget_meets_its_costs_before_the_programme_wide_one(manager):
    funder = FunderFactory(name="Grant")
    own, other = CouncilFactory(name="Barnsley"), CouncilFactory(name="Sheffield")
    BudgetFactory(funder=funder, council=own, allocated=D("5000"))
    BudgetFactory(funder=funder, allocated=D("50000"))
    _approved(_placement(funder, own, cost=D("1000")), datetime.date(2026, 6, 1), "350.00")
    _approved(_placement(funder, other, cost=D("3000")), datetime.date(2026, 6, 1), "175.00")
    response = manager.get(reverse("budget_list") + "?year=2026")
    rows = _rows(response)
    assert (rows[("Grant", "Barnsley")].committed, rows[("Grant", "Barnsley")].spent) == (
        D("1000"),
        D("350.00"),
    )
    assert (rows[("Grant", None)].committed, rows[("Grant", None)].spent) == (
        D("3000"),
        D("175.00"),
    )
    total = response.context["funders"][0]
    assert (total.allocated, total.committed, total.spent) == (D("55000"), D("4000"), D("525"))
    html = response.content.decode()
    assert "Whole programme" in html and "£55,000.00" in html and "£525.00" in html


def test_warnings_in_words_at_80_per_cent_and_past_100(manager):
    near, over, fine = (FunderFactory(name=n) for n in ("Near", "Over", "Fine"))
    for funder, cost in ((near, "800"), (over, "1010"), (fine, "100")):
        BudgetFactory(funder=funder, allocated=D("1000"))
        _placement(funder, cost=D(cost))
    _approved(_placement(over, cost=D("0")), datetime.date(2026, 6, 1), "1100.00")
    response = manager.get(reverse("budget_list") + "?year=2026")
    rows = _rows(response)
    assert [rows[(n, None)].warning for n in ("Near", "Over", "Fine")] == ["near", "over", ""]
    html = response.content.decode()
    assert "Near the limit: 80% or more used" in html
    assert "Over budget" in html
    assert "None: £100.00 over" in html
    assert "1 budget over its allocation." in html
    assert '<progress max="100" value="110"' in html


def test_the_figures_link_to_the_claims_and_placements_behind_them(manager):
    funder = FunderFactory(name="Grant")
    council = CouncilFactory()
    BudgetFactory(funder=funder, council=council)
    html = manager.get(reverse("budget_list") + "?year=2026").content.decode()
    assert f"/claims/?status=approved&amp;council={council.pk}&amp;funder={funder.pk}" in html
    assert f"/placements/?council={council.pk}&amp;funder={funder.pk}" in html
    assert reverse("budget_create") in html and reverse("funder_list") in html


def test_the_year_defaults_to_the_current_one_and_the_select_lists_those_that_exist(manager):
    from funding.models import FinancialYear

    FinancialYearFactory(start_year=2020)
    response = manager.get(reverse("budget_list"))
    assert response.context["year"] == FinancialYear.current()
    assert response.context["years"] == [(2020, "2020/21")]
    # A year that is not set up is not asked for.
    assert manager.get(reverse("budget_list") + "?year=1990").context["year"] == (
        FinancialYear.current()
    )
    assert "No budgets for" in response.content.decode()


def _grow(funder, n_budgets, n_claims):
    for i in range(n_budgets):
        council = CouncilFactory()
        BudgetFactory(funder=FunderFactory(name=f"Funder {i}"), council=council)
        placement = _placement(funder, council, cost=None)
        mentor = placement.mentors.get()
        DayClaim.objects.bulk_create(
            DayClaim(
                placement=placement,
                mentor=mentor,
                worked_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=d),
                length=DayClaim.Length.HALF,
                purpose=DayClaim.Purpose.PREPARATION,
                description="Reading the papers",
                status=Status.APPROVED,
                fee=D("175"),
            )
            for d in range(n_claims)
        )


def test_the_page_runs_the_same_queries_for_one_budget_or_many_with_many_claims(manager):
    funder = FunderFactory(name="Grant")
    funder_rate(funder, "350")
    BudgetFactory(funder=funder)
    _grow(funder, 0, 0)
    url = reverse("budget_list") + "?year=2026"
    manager.get(url)
    cache.clear()  # the figures are worked out afresh each time (not from the cache)
    with CaptureQueriesContext(connection) as one:
        manager.get(url)
    _grow(funder, 4, 20)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = manager.get(url)
    assert len(response.context["funders"]) == 5
    assert len(many) == len(one)


def test_a_change_to_a_claim_shows_at_once_despite_the_cache(manager):
    funder = FunderFactory(name="Grant")
    funder_rate(funder, "350")
    BudgetFactory(funder=funder)
    url = reverse("budget_list") + "?year=2026"
    placement = _placement(funder)
    before = manager.get(url).context["funders"][0].spent
    _approved(placement, datetime.date(2026, 6, 1), "175")
    assert manager.get(url).context["funders"][0].spent == before + D("175")


def test_budgets_come_a_page_at_a_time_under_each_funder_s_total(manager):
    """Every council's budget from each funder is hundreds of rows at national scale."""
    grant, own = FunderFactory(name="Grant"), FunderFactory(name="Own budgets")
    for i in range(51):
        BudgetFactory(funder=grant, council=CouncilFactory(name=f"Council {i:02}"))
    BudgetFactory(funder=own, council=CouncilFactory(name="Barnsley"), allocated=D("1000"))
    _placement(own, Council.objects.get(name="Barnsley"), cost=D("1200"))
    url = reverse("budget_list") + "?year=2026"
    first = manager.get(url)
    assert len(first.context["page"].object_list) == 50
    assert [t.funder.name for t in first.context["funders"]] == ["Grant", "Own budgets"]
    html = first.content.decode()
    assert "52 budgets, 1 to 50 shown." in html and "Page 1 of 2" in html
    second = manager.get(url + "&page=2").context["page"].object_list
    assert [(r.budget.funder.name, r.budget.council.name) for r in second] == [
        ("Grant", "Council 50"),
        ("Own budgets", "Barnsley"),
    ]
    only_own = manager.get(url + f"&funder={own.pk}").context["page"].object_list
    assert [r.budget.council.name for r in only_own] == ["Barnsley"]
    searched = manager.get(url + "&council=cil 1").context["page"].object_list
    assert len(searched) == 10  # Council 10 to Council 19
    over = manager.get(url + "&show=over").context["page"].object_list
    assert [r.budget.council.name for r in over] == ["Barnsley"]
    nothing = manager.get(url + "&council=Nowhere")
    assert "No budget in 2026/27 matches the filter." in nothing.content.decode()


@pytest.mark.parametrize("who", ["mentor", "councillor", "nobody"])
def test_only_programme_managers_see_the_budgets(client, who):
    user = UserFactory()
    if who == "mentor":
        MentorFactory(user=user)
    client.force_login(user)
    assert client.get(reverse("budget_list")).status_code == 404
