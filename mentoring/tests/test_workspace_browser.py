"""A manager goes from the dashboard's quiet placements to one, then places a mentor."""

import re

import pytest

from accounts.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_the_dashboard_to_a_quiet_placement_then_a_new_placement(
    browser_page, axe_check, demo_programme
):
    page = browser_page
    sign_in(page, "manager@demo.example.org")
    page.goto(page.base + "/dashboard/")
    axe_check(page)
    page.locator("#quiet-placements").click()
    page.wait_for_url(re.compile(r"attention=quiet"))
    axe_check(page)
    page.get_by_role("link", name=re.compile(r" with .+, one-to-one mentoring$")).first.click()
    page.wait_for_url(re.compile(r"/placements/\d+/$"))
    assert page.get_by_role("heading", level=1).is_visible()
    axe_check(page)

    page.goto(page.base + "/placements/new/")
    axe_check(page)
    page.locator("#id_council").select_option(label="Rotherham Metropolitan Borough Council")
    page.get_by_role("button", name="Next: choose the mentees").click()
    page.wait_for_selector("input[name=councillors]")
    axe_check(page)
    page.locator("#id_mentoring_type").select_option(label="One-to-one mentoring")
    page.get_by_role("group", name="Councillor mentees").get_by_label("Cllr Chloe Dunn").check()
    page.locator("#id_started_on").fill("2027-01-04")
    page.locator("#id_planned_end_on").fill("2027-06-30")
    page.get_by_role("button", name="Suggest mentors").click()
    page.wait_for_selector("text=Suggested mentors, best match first")
    axe_check(page)
    first_allowed = page.locator("input[name=mentors]:not([disabled])").first
    first_allowed.check()
    page.locator("#id_mentor_days_agreed").fill("6")
    page.locator("#id_funding").select_option(label="Council's own budget")
    if page.get_by_text("Warning:").count():
        page.locator("#id_accept_warnings").check()
        page.locator("#id_warning_note").fill("Best available match.")
    page.get_by_role("button", name="Create placement").click()
    page.wait_for_url(re.compile(r"/placements/\d+/$"))
    assert "The placement was created." in page.content()
    axe_check(page)
