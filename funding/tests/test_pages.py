import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory
from funding import services
from funding.models import Budget, FinancialYear, Funder
from funding.tests.factories import BudgetFactory, FinancialYearFactory, FunderFactory
from mentoring.tests.factories import DayClaimFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_manager_adds_and_changes_a_funder(manager):
    response = manager.post(
        reverse("funder_create"), {"name": "Ministry of Housing", "kind": "government"}
    )
    assert response.status_code == 302
    funder = Funder.objects.get(name="Ministry of Housing")
    response = manager.post(
        reverse("funder_edit", args=[funder.pk]),
        {"name": "Ministry of Housing, Communities", "kind": "government"},
        follow=True,
    )
    assert "Ministry of Housing, Communities was changed." in response.content.decode()


def test_a_second_funder_of_the_same_name_is_refused_and_the_form_keeps_what_was_typed(manager):
    FunderFactory(name="Regional Board")
    response = manager.post(reverse("funder_create"), {"name": "Regional Board", "kind": "other"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["There is already a funder with this name."]
    assert 'value="Regional Board"' in response.content.decode()


def test_the_funder_list_runs_the_same_queries_for_one_funder_or_many(manager):
    BudgetFactory(funder=FunderFactory(name="A"))
    one = _queries(manager, reverse("funder_list"))
    for name in "BCDE":
        BudgetFactory(funder=FunderFactory(name=name))
    html = manager.get(reverse("funder_list")).content.decode()
    assert "E" in html and 'data-label="Budgets">1<' in html
    assert _queries(manager, reverse("funder_list")) == one


def _budget(funder, year, council=None, allocated="5000"):
    return {
        "funder": funder.pk,
        "council": council.pk if council else "",
        "financial_year": year.pk,
        "allocated": allocated,
        "note": "",
    }


def test_a_manager_adds_a_budget_and_is_sent_to_the_year_s_budgets(manager):
    funder, year, council = FunderFactory(), FinancialYearFactory(), CouncilFactory()
    response = manager.post(reverse("budget_create"), _budget(funder, year, council))
    assert response.status_code == 302
    assert response.url == reverse("budget_list") + "?year=2026"
    budget = Budget.objects.get()
    assert budget.council == council and budget.allocated == Decimal("5000")
    response = manager.post(
        reverse("budget_edit", args=[budget.pk]), _budget(funder, year, council, "6000.50")
    )
    budget.refresh_from_db()
    assert budget.allocated == Decimal("6000.50")


@pytest.mark.parametrize("for_council", [True, False])
def test_a_second_budget_of_a_funder_for_the_same_council_and_year_is_refused(manager, for_council):
    council = CouncilFactory() if for_council else None
    first = BudgetFactory(council=council)
    response = manager.post(
        reverse("budget_create"), _budget(first.funder, first.financial_year, council, "750")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    expected = (
        "This funder already has a budget for this council in this financial year."
        if for_council
        else "This funder already has a programme-wide budget in this financial year."
    )
    assert errors["council"] == [expected]
    assert "__all__" not in errors
    assert 'value="750"' in response.content.decode()
    assert Budget.objects.count() == 1


def test_a_negative_budget_is_refused_on_the_amount(manager):
    response = manager.post(
        reverse("budget_create"), _budget(FunderFactory(), FinancialYearFactory(), None, "-10")
    )
    assert response.context["form"].errors["allocated"] == [
        "The amount allocated cannot be negative."
    ]
    assert 'value="-10"' in response.content.decode()


def test_the_budget_form_says_whole_programme_rather_than_dashes(manager):
    html = manager.get(reverse("budget_create")).content.decode()
    assert "The whole programme" in html and "-----" not in html


def test_financial_years_are_added_once(manager):
    assert manager.post(reverse("financial_year_create"), {"start_year": "2026"}).status_code == 302
    response = manager.post(reverse("financial_year_create"), {"start_year": "2026"})
    assert response.context["form"].errors["start_year"] == [
        "This financial year is already set up."
    ]
    response = manager.post(reverse("financial_year_create"), {"start_year": "1999"})
    assert "between 2000 and 2100" in response.context["form"].errors["start_year"][0]
    assert list(FinancialYear.objects.values_list("start_year", flat=True)) == [2026]


def test_closing_a_year_asks_first_then_refuses_claims_for_its_days_until_reopened(manager):
    year = FinancialYearFactory(start_year=2025)
    url = reverse("financial_year_close", args=[year.pk])
    html = manager.get(url).content.decode()
    assert "no claim for a day from 1 April 2025 to 31 March 2026 will be accepted" in html
    year.refresh_from_db()
    assert not year.is_closed

    response = manager.post(url, follow=True)
    assert "was closed" in response.content.decode()
    year.refresh_from_db()
    assert year.is_closed and year.closed_by is not None

    placement = PlacementFactory(
        started_on=datetime.date(2026, 1, 5), planned_end_on=datetime.date(2026, 12, 18)
    )
    # 31 March 2026 is in the closed 2025/26; 1 April 2026 in 2026/27, open.
    last_day = DayClaimFactory.build(placement=placement, worked_on=datetime.date(2026, 3, 31))
    with pytest.raises(ValidationError) as refused:
        last_day.full_clean()
    assert "The financial year 2025/26 is closed" in str(refused.value)
    DayClaimFactory.build(placement=placement, worked_on=datetime.date(2026, 4, 1)).full_clean()

    manager.post(reverse("financial_year_reopen", args=[year.pk]))
    year.refresh_from_db()
    assert not year.is_closed
    last_day.full_clean()


def test_the_year_list_runs_the_same_queries_for_one_year_or_many(manager):
    BudgetFactory(financial_year=FinancialYearFactory(start_year=2020))
    one = _queries(manager, reverse("financial_year_list"))
    for start in range(2021, 2026):
        services.financial_year_close(FinancialYearFactory(start_year=start), by=None)
    assert _queries(manager, reverse("financial_year_list")) == one
    assert "Closed on" in manager.get(reverse("financial_year_list")).content.decode()


@pytest.mark.parametrize(
    "name", ["funder_list", "funder_create", "financial_year_list", "financial_year_create",
             "budget_create"],
)  # fmt: skip
def test_only_programme_managers_open_the_funding_pages(client, name):
    client.force_login(UserFactory())
    assert client.get(reverse(name)).status_code == 404
