"""Day rates for programme managers: listed, added, changed and ended; two rates of the
same mentor or funder cannot overlap."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from funding.tests.factories import FunderFactory, funder_rate
from mentoring.models import DayRate
from mentoring.rates import day_rate_save
from mentoring.tests.factories import MentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def _form(funder=None, amount="350", starts_on="2026-04-01", ends_on=""):
    return {
        "funder": funder.pk if funder else "",
        "amount": amount,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def test_a_manager_adds_a_funder_s_rate_and_a_mentor_s_own(manager):
    funder, mentor = FunderFactory(name="Grant"), MentorFactory(full_name="Ann Example")
    response = manager.post(reverse("rate_create"), _form(funder=funder), follow=True)
    assert "£350.00 a day for Grant was added." in response.content.decode()
    response = manager.post(
        reverse("mentor_rate_create", args=[mentor.pk]), _form(amount="425.50"), follow=True
    )
    assert "£425.50 a day for Ann Example was added." in response.content.decode()
    html = manager.get(reverse("rate_list")).content.decode()
    assert "£425.50" in html and "Ann Example" in html and "No end" in html
    assert DayRate.objects.count() == 2


def test_an_overlapping_rate_is_refused_on_its_date_and_the_form_keeps_what_was_typed(manager):
    funder = FunderFactory(name="Grant")
    funder_rate(funder, "350", starts_on=datetime.date(2026, 4, 1))
    response = manager.post(
        reverse("rate_create"), _form(funder=funder, amount="375", starts_on="2026-09-01")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["starts_on"][0].startswith(
        "These dates overlap the rate of £350.00 from 1 April 2026 with no end"
    )
    html = response.content.decode()
    assert 'value="375"' in html and 'value="2026-09-01"' in html
    assert DayRate.objects.count() == 1


def test_a_rate_is_ended_by_its_until_date_and_a_new_one_follows(manager):
    funder = FunderFactory(name="Grant")
    old = funder_rate(funder, "350", starts_on=datetime.date(2026, 4, 1))
    response = manager.post(
        reverse("rate_edit", args=[old.pk]),
        _form(funder=funder, starts_on="2026-04-01", ends_on="2026-08-31"),
    )
    assert response.status_code == 302
    manager.post(reverse("rate_create"), _form(funder=funder, amount="375", starts_on="2026-09-01"))
    assert list(DayRate.objects.order_by("starts_on").values_list("amount", "ends_on")) == [
        (Decimal("350.00"), datetime.date(2026, 8, 31)),
        (Decimal("375.00"), None),
    ]


def test_a_rate_ending_before_it_starts_is_refused(manager):
    response = manager.post(
        reverse("rate_create"),
        _form(funder=FunderFactory(), starts_on="2026-04-01", ends_on="2026-03-01"),
    )
    assert response.context["form"].errors["ends_on"] == ["A rate cannot end before it starts."]


def test_a_funder_s_rate_asks_for_the_funder_said_once_on_the_field(manager):
    form = manager.post(reverse("rate_create"), _form()).context["form"]
    assert form.errors["funder"] == ["Choose the funder the rate is for."]
    assert "__all__" not in form.errors


def test_a_mentor_s_rate_and_a_changed_rate_keep_whose_rate_it_is(manager):
    """The pool of mentors is never a select: a mentor's rate is added from their page,
    and a rate changed keeps its mentor or funder whatever is sent."""
    mentor, funder = MentorFactory(full_name="Ann Example"), FunderFactory(name="Grant")
    form_page = manager.get(reverse("mentor_rate_create", args=[mentor.pk]))
    assert "Add a day rate for Ann Example" in form_page.content.decode()
    assert set(form_page.context["form"].fields) == {"amount", "starts_on", "ends_on"}
    manager.post(reverse("mentor_rate_create", args=[mentor.pk]), _form(funder=funder))
    rate = DayRate.objects.get()
    assert (rate.mentor, rate.funder) == (mentor, None)
    manager.post(reverse("rate_edit", args=[rate.pk]), _form(funder=funder, amount="400"))
    rate.refresh_from_db()
    assert (rate.mentor, rate.funder, rate.amount) == (mentor, None, Decimal("400"))


def test_a_negative_rate_is_refused_on_the_amount(manager):
    form = manager.post(reverse("rate_create"), _form(funder=FunderFactory(), amount="-5")).context[
        "form"
    ]
    assert form.errors["amount"] == ["The day rate cannot be negative."]


def test_the_service_refuses_an_overlap_too():
    mentor = MentorFactory()
    day_rate_save(DayRate(mentor=mentor, amount=Decimal("300"), starts_on=datetime.date(2026, 1, 1),
                          ends_on=datetime.date(2026, 12, 31)))  # fmt: skip
    with pytest.raises(Exception, match="overlap"):
        day_rate_save(
            DayRate(mentor=mentor, amount=Decimal("320"), starts_on=datetime.date(2025, 6, 1))
        )


def test_the_list_of_one_mentor_s_rates(manager):
    mentor = MentorFactory(full_name="Ann Example")
    DayRate.objects.create(
        mentor=mentor, amount=Decimal("410"), starts_on=datetime.date(2026, 1, 1)
    )
    funder_rate(FunderFactory(name="Grant"), "350")
    html = manager.get(reverse("rate_list") + f"?mentor={mentor.pk}").content.decode()
    assert "£410.00" in html and "Grant" not in html
    assert reverse("mentor_rate_create", args=[mentor.pk]) in html


def test_the_list_runs_the_same_queries_for_one_rate_or_many(manager):
    funder_rate(FunderFactory(name="Grant"), "350")
    url = reverse("rate_list")
    manager.get(url)
    with CaptureQueriesContext(connection) as one:
        manager.get(url)
    for i in range(5):
        DayRate.objects.create(
            mentor=MentorFactory(), amount=Decimal(400 + i), starts_on=datetime.date(2026, 1, 1)
        )
        funder_rate(FunderFactory(name=f"Funder {i}"), "300")
    with CaptureQueriesContext(connection) as many:
        response = manager.get(url)
    assert len(response.context["page"].object_list) == 11
    assert len(many) == len(one)


@pytest.mark.parametrize("name", ["rate_list", "rate_create"])
def test_only_programme_managers_open_the_rates(client, name):
    user = UserFactory()
    MentorFactory(user=user)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 404
