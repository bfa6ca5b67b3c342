"""Funders, financial years and budgets: set up by the programme managers. What each
budget has committed and spent is on the budgets page (mentoring), which links here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.decorators import programme_manager_required
from core.forms import add_errors
from funding import services
from funding.forms import BudgetForm, FinancialYearForm, FunderForm
from funding.models import Budget, FinancialYear, Funder

PER_PAGE = 50


def _budgets_of_year(start_year: int) -> str:
    """The budgets page (mentoring, named rather than imported) for a financial year."""
    return f"{reverse('budget_list')}?year={start_year}"


@programme_manager_required
def funder_list(request):
    funders = Funder.objects.visible_to(request.user).annotate(budget_count=Count("budgets"))
    page = Paginator(funders.order_by("name", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "funding/funder_list.html", {"page": page})


@programme_manager_required
def funder_create(request):
    return _funder_form(request, Funder())


@programme_manager_required
def funder_edit(request, pk):
    return _funder_form(request, get_object_or_404(Funder.objects.visible_to(request.user), pk=pk))


def _funder_form(request, funder):
    adding = funder.pk is None
    title = "Add a funder" if adding else f"Change {funder}"
    form = FunderForm(request.POST or None, instance=funder)
    if request.method == "POST" and form.is_valid():
        try:
            funder = services.funder_save(form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{funder} was {'added' if adding else 'changed'}.")
            return redirect("funder_list")
    return render(
        request, "funding/funder_form.html", {"form": form, "title": title, "adding": adding}
    )


@programme_manager_required
def financial_year_list(request):
    years = FinancialYear.objects.visible_to(request.user).annotate(budget_count=Count("budgets"))
    page = Paginator(years.order_by("-start_year"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "funding/financial_year_list.html", {"page": page})


@programme_manager_required
def financial_year_create(request):
    form = FinancialYearForm(request.POST or None, initial={"start_year": FinancialYear.current()})
    if request.method == "POST" and form.is_valid():
        try:
            year = services.financial_year_add(form.cleaned_data["start_year"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The financial year {year.label} was added.")
            return redirect("financial_year_list")
    return render(request, "funding/financial_year_form.html", {"form": form})


@programme_manager_required
def financial_year_close(request, pk):
    year = get_object_or_404(FinancialYear.objects.visible_to(request.user), pk=pk)
    if year.is_closed:
        messages.info(request, f"The financial year {year.label} is already closed.")
        return redirect("financial_year_list")
    if request.method == "POST":
        services.financial_year_close(year, by=request.user)
        messages.success(
            request,
            f"The financial year {year.label} was closed: no more days can be claimed in it.",
        )
        return redirect("financial_year_list")
    return render(request, "funding/financial_year_close.html", {"year": year})


@programme_manager_required
def financial_year_reopen(request, pk):
    year = get_object_or_404(FinancialYear.objects.visible_to(request.user), pk=pk)
    if not year.is_closed:
        messages.info(request, f"The financial year {year.label} is open.")
        return redirect("financial_year_list")
    if request.method == "POST":
        services.financial_year_reopen(year)
        messages.success(
            request,
            f"The financial year {year.label} was reopened: days in it can be claimed again.",
        )
        return redirect("financial_year_list")
    return render(request, "funding/financial_year_reopen.html", {"year": year})


@programme_manager_required
def budget_create(request):
    initial = {}
    for name in ("funder", "financial_year"):
        value = request.GET.get(name, "")
        if value.isdigit() and len(value) <= 12:
            initial[name] = int(value)
    return _budget_form(request, Budget(), initial)


@programme_manager_required
def budget_edit(request, pk):
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related(
            "funder", "council", "financial_year"
        ),
        pk=pk,
    )
    return _budget_form(request, budget, {})


def _budget_form(request, budget, initial):
    adding = budget.pk is None
    title = "Add a budget" if adding else f"Change the budget of {budget}"
    form = BudgetForm(request.POST or None, instance=budget, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            budget = services.budget_save(form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"The budget of {budget} was {'added' if adding else 'changed'}."
            )
            return redirect(_budgets_of_year(budget.financial_year.start_year))
    return render(
        request,
        "funding/budget_form.html",
        {"form": form, "title": title, "adding": adding, "budget": budget},
    )
