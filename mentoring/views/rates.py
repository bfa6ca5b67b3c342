"""Day rates, for programme managers: what a whole day is paid, a mentor's own rate or
a funder's. A fee is fixed at the rate of the day worked when its claim is approved."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.decorators import programme_manager_required
from core.forms import add_errors
from mentoring.models import DayRate, Mentor
from mentoring.rate_forms import DayRateForm
from mentoring.rates import day_rate_save

PER_PAGE = 50


def _pk_asked_for(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 12 else None


@programme_manager_required
def rate_list(request):
    rates = DayRate.objects.visible_to(request.user).select_related("mentor", "funder")
    mentor = None
    mentor_pk = _pk_asked_for(request, "mentor")
    if mentor_pk:
        mentor = get_object_or_404(Mentor.objects.visible_to(request.user), pk=mentor_pk)
        rates = rates.filter(mentor=mentor)
    # The funders' rates first, then the mentors' own; the latest first within each.
    ordered = rates.order_by(
        F("funder__name").asc(nulls_last=True),
        F("mentor__full_name").asc(nulls_last=True),
        "-starts_on",
        "pk",
    )
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "mentoring/rate_list.html", {"page": page, "mentor": mentor})


@programme_manager_required
def rate_create(request):
    """A funder's rate: the funder is chosen on the form (or asked for as ?funder=)."""
    pk = _pk_asked_for(request, "funder")
    return _rate_form(request, DayRate(), {"funder": pk} if pk else {})


@programme_manager_required
def mentor_rate_create(request, pk):
    """A mentor's own rate, added from the mentor's page."""
    mentor = get_object_or_404(Mentor.objects.visible_to(request.user), pk=pk)
    return _rate_form(request, DayRate(mentor=mentor), {})


@programme_manager_required
def rate_edit(request, pk):
    rate = get_object_or_404(
        DayRate.objects.visible_to(request.user).select_related("mentor", "funder"), pk=pk
    )
    return _rate_form(request, rate, {})


def _rate_form(request, rate, initial):
    adding = rate.pk is None
    if adding:
        title = f"Add a day rate for {rate.mentor}" if rate.mentor_id else "Add a funder's day rate"
    else:
        title = f"Change the rate of {rate.mentor or rate.funder}"
    form = DayRateForm(request.POST or None, instance=rate, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rate = day_rate_save(form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{rate} was {'added' if adding else 'saved'}.")
            if rate.mentor_id:
                return redirect(f"{reverse('rate_list')}?mentor={rate.mentor_id}")
            return redirect("rate_list")
    return render(
        request,
        "mentoring/rate_form.html",
        {"form": form, "title": title, "adding": adding, "rate": rate},
    )
