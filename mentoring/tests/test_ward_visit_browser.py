"""Mentor A records a ward visit's map and report; councillor A reads it. In Chromium,
with axe checking every page on the way."""

import re

import pytest

from accounts.models import User
from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS
from mentoring.tests import access as mentoring_access

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mentor_a_records_the_ward_map_and_report_and_councillor_a_reads_them(
    browser_page, axe_check, demo_programme, browser
):
    users = {name: User.objects.get(email=email) for name, email in EMAILS.items()}
    visit = mentoring_access.ward_objects(users)["ward_visit"]
    page = browser_page
    sign_in(page, EMAILS["mentor_a"])
    page.goto(page.base + f"/ward-visits/{visit.pk}/")
    axe_check(page)

    page.get_by_role("link", name="Add an issue").click()
    axe_check(page)
    page.get_by_role("button", name="Add the issue").click()
    page.wait_for_selector("text=Describe the issue.")
    # In the error summary, linked to the field, and above the field itself.
    assert page.get_by_role("link", name="Say where in the ward it is.").is_visible()
    assert page.locator(".invalid-feedback", has_text="Say where in the ward it is.").is_visible()
    axe_check(page)
    page.get_by_label("Issue").fill("Speeding past the primary school")
    page.get_by_label("Place in the ward").fill("Doncaster Road")
    page.get_by_role("group", name=re.compile("^Priority")).get_by_label("High").check()
    page.get_by_role("button", name="Add the issue").click()
    page.wait_for_url(re.compile(rf"/ward-visits/{visit.pk}/#[a-z0-9-]+$"))
    assert "The issue was added to the ward map." in page.content()

    page.get_by_role("link", name="Change the report").click()
    axe_check(page)
    page.get_by_label("Observations").fill("Parents raised the school run with us at the gates.")
    page.get_by_role("button", name="Save the report").click()
    page.wait_for_url(re.compile(rf"/ward-visits/{visit.pk}/#[a-z0-9-]+$"))
    axe_check(page)

    page.get_by_role("link", name=re.compile("^Remove the issue at Doncaster Road")).click()
    axe_check(page)

    councillor = browser.new_context().new_page()
    councillor.set_default_timeout(10_000)
    councillor.base = page.base
    sign_in(councillor, EMAILS["councillor_a"])
    councillor.goto(page.base + f"/ward-visits/{visit.pk}/")
    body = councillor.content()
    assert "Speeding past the primary school" in body
    assert "Parents raised the school run with us at the gates." in body
    assert councillor.get_by_role("link", name="Add an issue").count() == 0
    axe_check(councillor)
    pdf = councillor.request.get(page.base + f"/ward-visits/{visit.pk}/report.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
