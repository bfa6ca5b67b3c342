import datetime
from decimal import Decimal

import factory

from funding.models import Budget, FinancialYear, Funder
from mentoring.models import DayRate


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Funder {n}")
    kind = Funder.Kind.GOVERNMENT


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("start_year",)

    start_year = 2026


class BudgetFactory(factory.django.DjangoModelFactory):
    """A programme-wide budget of £10,000 in 2026/27."""

    class Meta:
        model = Budget

    funder = factory.SubFactory(FunderFactory)
    council = None
    financial_year = factory.SubFactory(FinancialYearFactory)
    allocated = Decimal("10000.00")


def funder_rate(funder, amount, starts_on=datetime.date(2020, 4, 1), ends_on=None):
    """A day rate for every mentor the funder pays."""
    return DayRate.objects.create(
        funder=funder, amount=Decimal(amount), starts_on=starts_on, ends_on=ends_on
    )
