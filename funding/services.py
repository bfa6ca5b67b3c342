"""Changes to funders, financial years and budgets: each checked against the models'
rules (unique names, one budget per funder, council and year, no negative amount)
before it is saved."""

from django.db import transaction
from django.utils import timezone

from funding.models import Budget, FinancialYear, Funder


def funder_save(funder: Funder) -> Funder:
    funder.full_clean()
    funder.save()
    return funder


def budget_save(budget: Budget) -> Budget:
    budget.full_clean()
    budget.save()
    return budget


def financial_year_add(start_year: int) -> FinancialYear:
    year = FinancialYear(start_year=start_year)
    year.full_clean()
    year.save()
    return year


@transaction.atomic
def financial_year_close(year: FinancialYear, *, by) -> FinancialYear:
    """From now on no claim for a day in the year is accepted."""
    year = FinancialYear.objects.select_for_update().get(pk=year.pk)
    if not year.is_closed:
        year.closed_at = timezone.now()
        year.closed_by = by
        year.save(update_fields=["closed_at", "closed_by"])
    return year


@transaction.atomic
def financial_year_reopen(year: FinancialYear) -> FinancialYear:
    """Claims for days in the year are accepted again."""
    year = FinancialYear.objects.select_for_update().get(pk=year.pk)
    year.closed_at = None
    year.closed_by = None
    year.save(update_fields=["closed_at", "closed_by"])
    return year
