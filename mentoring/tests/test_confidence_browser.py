"""Councillor A records a baseline confidence check-in and sees the chart, in Chromium,
with axe checking every page on the way."""

import re

import pytest

from accounts.tests.browser import sign_in
from mentoring.models import ConfidenceArea, ConfidenceCheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_councillor_a_records_a_baseline_check_in_and_sees_the_chart(
    browser_page, axe_check, demo_programme
):
    # Start councillor A's series afresh: the demo data already has their baseline.
    ConfidenceCheck.objects.filter(
        mentee__councillor__user__email="councillor.a@demo.example.org"
    ).delete()
    page = browser_page
    sign_in(page, "councillor.a@demo.example.org")

    page.goto(page.base + "/confidence/")
    assert page.get_by_role("heading", level=1, name="Confidence check-ins").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Record a check-in").first.click()
    page.wait_for_url(re.compile(r"/confidence/new/$"))
    axe_check(page)

    # Sent without the scores: each area says what is missing, beside its choices.
    page.get_by_role("group", name="Stage").get_by_label("Baseline").check()
    page.get_by_role("button", name="Record check-in").click()
    page.wait_for_selector("text=Choose how confident you feel: chairing meetings.")
    assert page.get_by_role("group", name="Stage").get_by_label("Baseline").is_checked()
    axe_check(page)

    for number, area in enumerate(ConfidenceArea):
        group = page.get_by_role("group", name=re.compile("^" + re.escape(area.label)))
        group.get_by_label(re.compile(rf"^{2 + number % 2}:")).check()
    page.get_by_role("button", name="Record check-in").click()
    page.wait_for_url(re.compile(r"/confidence/mentees/\d+/$"))
    assert "baseline check-in of" in page.get_by_role("status").first.inner_text()
    # A small chart for each area, named by its area, each with one point: the baseline.
    assert page.get_by_role("img").filter(has=page.locator("circle")).count() == len(ConfidenceArea)
    chart = page.get_by_role("img", name="Chairing meetings")
    assert chart.is_visible()
    assert chart.locator("circle").count() == 1
    table = page.get_by_role("table")
    assert "Chairing meetings" in table.inner_text()
    axe_check(page)
    check = ConfidenceCheck.objects.get(
        mentee__councillor__user__email="councillor.a@demo.example.org"
    )
    assert check.stage == "baseline"
    assert check.scores.get(area="chairing").score == 3
