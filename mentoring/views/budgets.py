"""Budgets of a financial year, for programme managers: what each funder allocated,
what the placements have committed, what approved claims have spent, and what is left.

The figures come from mentoring/money.py, summed in the database: the page runs the
same few queries whatever the number of budgets, placements and claims."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.decorators import programme_manager_required
from core.cache import cached_figures
from funding.models import FinancialYear, Funder
from funding.years import financial_year_bounds, financial_year_label
from mentoring.budget_forms import BudgetFilterForm
from mentoring.money import money_this_year

PER_PAGE = 50


@programme_manager_required
def budget_list(request):
    years = {
        start_year: (pk, closed_at)
        for pk, start_year, closed_at in FinancialYear.objects.visible_to(request.user)
        .order_by("-start_year")
        .values_list("pk", "start_year", "closed_at")
    }
    form = BudgetFilterForm(
        request.GET or None,
        years=list(years),
        funders=list(Funder.objects.order_by("name").values_list("pk", "name")),
    )
    asked = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    year = asked or FinancialYear.current()
    year_pk, closed_at = years.get(year, (None, None))
    # Summed over every claim and placement of the year: kept a minute, or until one
    # of them changes (core/cache.py), as the dashboard's figures are.
    funders = cached_figures(f"budgets:{year}", lambda: money_this_year(year))
    warnings = defaultdict(int)
    for total in funders:
        for row in total.rows:
            if row.warning:
                warnings[row.warning] += 1
    # Every council's budget from every funder is hundreds of rows at national scale:
    # the funders' totals in full, the budgets a page at a time.
    rows = [row for total in funders for row in total.rows if form.matches(row)]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    starts_on, ends_on = financial_year_bounds(year)
    return render(
        request,
        "mentoring/budget_list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "year_label": financial_year_label(year),
            "year_pk": year_pk,
            "year_closed": closed_at is not None,
            "years": [(y, financial_year_label(y)) for y in years],
            "funders": funders,
            "near": warnings["near"],
            "over": warnings["over"],
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
