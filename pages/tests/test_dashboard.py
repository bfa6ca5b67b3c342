import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from mentoring.models import DayClaim, Funding, PlacementStatus
from mentoring.tests.factories import (
    DayClaimFactory,
    MentorFactory,
    PlacementFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_what_needs_attention(client):
    client.force_login(UserFactory(is_programme_manager=True))
    today = datetime.date.today()
    long_ago = today - datetime.timedelta(days=100)
    quiet = PlacementFactory(started_on=long_ago, planned_end_on=None, funding=Funding.SUBSIDY)
    busy = PlacementFactory(started_on=long_ago, planned_end_on=None)
    SessionFactory(placement=busy, held_on=today, duration_minutes=7 * 60)
    mentor = busy.mentors.first()
    claim = {"placement": busy, "mentor": mentor, "worked_on": today, "length": "half"}
    DayClaimFactory(**claim, status=DayClaim.Status.APPROVED)
    DayClaimFactory(**claim, status=DayClaim.Status.APPROVED)
    DayClaimFactory(**claim, status=DayClaim.Status.SUBMITTED)
    DayClaimFactory(**claim, status=DayClaim.Status.REJECTED)
    PlacementFactory(status=PlacementStatus.PAUSED)
    MentorFactory(accreditation_expires_on=today + datetime.timedelta(days=10))
    context = client.get(reverse("dashboard")).context
    assert context["figures"]["active"] == 2
    assert context["figures"]["quiet"] == 1
    assert context["sessions"]["this_month"] == 1
    # Days used are approved claims, whatever the sessions' minutes; pending beside them.
    assert context["days_used"] == 1
    assert context["days_pending"] == Decimal("0.5")
    assert context["accreditation_ending"] == 1
    by_council = {row["council__name"]: row["n"] for row in context["by_council"]}
    assert by_council == {quiet.council.name: 1, busy.council.name: 1}
    html = client.get(reverse("dashboard")).content.decode()
    assert 'href="/placements/?attention=quiet"' in html


def test_only_programme_managers_see_the_dashboard(client):
    client.force_login(UserFactory())
    assert client.get(reverse("dashboard")).status_code == 404


def test_the_figures_are_kept_while_nothing_changes_and_a_change_shows_at_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory(is_programme_manager=True))
    long_ago = datetime.date.today() - datetime.timedelta(days=100)
    PlacementFactory(started_on=long_ago, planned_end_on=None)
    with CaptureQueriesContext(connection) as computed:
        assert client.get(reverse("dashboard")).context["figures"]["active"] == 1
    with CaptureQueriesContext(connection) as kept:
        response = client.get(reverse("dashboard"))
    assert response.context["figures"]["active"] == 1
    assert len(computed) - len(kept) >= 8  # the figures' queries are not run again
    assert "as of" in response.content.decode()

    PlacementFactory(started_on=long_ago, planned_end_on=None)
    assert client.get(reverse("dashboard")).context["figures"]["active"] == 2


def test_the_money_panel_adds_up_each_funder_s_budgets_of_this_financial_year(client):
    from django.utils import timezone

    from funding.models import FinancialYear
    from funding.tests.factories import BudgetFactory, FinancialYearFactory, FunderFactory
    from mentoring.models import ClaimExpense

    client.force_login(UserFactory(is_programme_manager=True))
    today = timezone.localdate()
    year = FinancialYearFactory(start_year=FinancialYear.current(today))
    funder = FunderFactory(name="Housing grant")
    BudgetFactory(funder=funder, financial_year=year, allocated=Decimal("1000"))
    BudgetFactory(funder=funder, financial_year=year, allocated=Decimal("1000"),
                  council=PlacementFactory().council)  # fmt: skip
    placement = PlacementFactory(
        funder=funder, started_on=year.starts_on, planned_end_on=None, cost=Decimal("1500")
    )
    claim = DayClaimFactory(
        placement=placement, worked_on=year.starts_on, status=DayClaim.Status.APPROVED,
        fee=Decimal("350"),
    )  # fmt: skip
    response = client.get(reverse("dashboard"))
    (row,) = response.context["money_by_funder"]
    assert (row["allocated"], row["committed"], row["spent"]) == (
        Decimal("2000"),
        Decimal("1500"),
        Decimal("350"),
    )
    html = response.content.decode()
    assert "Money this financial year" in html and "£2,000.00" in html
    assert f"{reverse('budget_list')}?year={year.start_year}" in html

    # An expense added to an approved claim shows at once: the figures are recomputed.
    ClaimExpense.objects.create(
        claim=claim, kind="travel", description="Train", amount=Decimal("50")
    )
    (row,) = client.get(reverse("dashboard")).context["money_by_funder"]
    assert row["spent"] == Decimal("400")


def test_the_dashboard_runs_the_same_queries_with_one_budget_or_many(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from funding.models import FinancialYear
    from funding.tests.factories import BudgetFactory, FinancialYearFactory, FunderFactory

    client.force_login(UserFactory(is_programme_manager=True))
    year = FinancialYearFactory(start_year=FinancialYear.current(timezone.localdate()))

    def computed():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("dashboard"))
        return len(queries)

    funder = FunderFactory(name="Grant 0")
    BudgetFactory(funder=funder, financial_year=year)
    PlacementFactory(funder=funder, started_on=year.starts_on, planned_end_on=None)
    one = computed()
    for i in range(1, 5):
        funder = FunderFactory(name=f"Grant {i}")
        BudgetFactory(funder=funder, financial_year=year)
        placement = PlacementFactory(funder=funder, started_on=year.starts_on, planned_end_on=None)
        DayClaimFactory(placement=placement, worked_on=year.starts_on,
                        status=DayClaim.Status.APPROVED, fee=Decimal("100"))  # fmt: skip
    assert computed() == one
