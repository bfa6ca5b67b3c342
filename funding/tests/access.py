"""Who may open each money page: merged into the access matrix (accounts/tests).

Funders, financial years, budgets and day rates are the programme managers': anyone
else signed in gets 404, as if the pages did not exist. The budgets overview and the
day rates live in mentoring (they need its figures) but are declared here with the rest.
"""

import datetime
from decimal import Decimal

from accounts.tests.personas import only
from funding.models import Budget, FinancialYear, Funder
from mentoring.models import DayRate

MANAGER = only("manager")

EXPECTED = {
    "funder_list": (None, MANAGER),
    "funder_create": (None, MANAGER),
    "funder_edit": (lambda o: {"pk": o["funder"].pk}, MANAGER),
    "financial_year_list": (None, MANAGER),
    "financial_year_create": (None, MANAGER),
    # A confirmation page: the POST closes (or reopens) the year.
    "financial_year_close": (lambda o: {"pk": o["open_year"].pk}, MANAGER),
    "financial_year_reopen": (lambda o: {"pk": o["closed_year"].pk}, MANAGER),
    "budget_create": (None, MANAGER),
    "budget_edit": (lambda o: {"pk": o["budget"].pk}, MANAGER),
    "budget_list": (None, MANAGER),
    "rate_list": (None, MANAGER),
    "rate_create": (None, MANAGER),
    "rate_edit": (lambda o: {"pk": o["rate"].pk}, MANAGER),
    "mentor_rate_create": (lambda o: {"pk": o["mentor_a"].pk}, MANAGER),
}

EXTRA = []


def objects(users) -> dict:
    """A funder with a budget and a day rate, and two years far ahead: one open to
    close, one closed to reopen (whatever the demo data has closed)."""
    funder, _ = Funder.objects.get_or_create(
        name="Access matrix funder", defaults={"kind": Funder.Kind.OTHER}
    )
    open_year, _ = FinancialYear.objects.get_or_create(start_year=2090)
    closed_year, _ = FinancialYear.objects.get_or_create(
        start_year=2091, defaults={"closed_at": datetime.datetime(2092, 4, 2, tzinfo=datetime.UTC)}
    )
    budget, _ = Budget.objects.get_or_create(
        funder=funder, council=None, financial_year=open_year,
        defaults={"allocated": Decimal("1000")},
    )  # fmt: skip
    rate, _ = DayRate.objects.get_or_create(
        funder=funder, starts_on=datetime.date(2090, 4, 1), defaults={"amount": Decimal("300")}
    )
    return {
        "funder": funder,
        "open_year": open_year,
        "closed_year": closed_year,
        "budget": budget,
        "rate": rate,
    }
