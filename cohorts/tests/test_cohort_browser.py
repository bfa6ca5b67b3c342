"""Cohort matching in Chromium: from Rotherham's page the programme manager matches the
council's new members to one-to-one mentors in one run, changes one draft's mentor,
publishes three drafts after confirming with a note, and each becomes a placement.
axe checks every page on the way."""

import re

import pytest

from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS
from cohorts.models import CohortRun, DraftStatus
from councils.models import Council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_matches_an_intake_and_publishes_three_drafts(
    browser_page, axe_check, demo_programme
):
    council = Council.objects.get(slug="rotherham")
    page = browser_page
    sign_in(page, EMAILS["manager"])
    page.goto(page.base + f"/councils/{council.pk}/")
    page.get_by_role("link", name=re.compile("new members or cabinet to mentors")).click()
    page.wait_for_url(re.compile(r"/cohorts/new/"))
    axe_check(page)
    page.get_by_label("New members: first elected").check()
    page.get_by_label("Match them to").select_option(label="One-to-one mentoring")
    page.get_by_label("Placements start").fill("2026-06-01")
    page.get_by_label("Peer mentor days agreed").fill("4")
    page.get_by_label("Funding").select_option(label="Council's own budget")
    page.get_by_role("button", name="Match as drafts").click()
    page.wait_for_url(re.compile(r"/cohorts/\d+/$"))
    assert "matched as drafts" in page.content()
    axe_check(page)
    run = CohortRun.objects.get()

    # Another of the suggested mentors for the first draft.
    page.get_by_role("link", name=re.compile("^Change")).first.click()
    page.wait_for_url(re.compile(r"/drafts/\d+/$"))
    axe_check(page)
    page.locator("input[name=mentor]:not(:checked)").first.check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/cohorts/{run.pk}/"))
    assert "is now matched with" in page.content()

    boxes = page.locator("input[name=drafts]")
    for i in range(3):
        boxes.nth(i).check()
    page.get_by_role("button", name="Publish the drafts ticked").click()
    page.wait_for_selector("text=Publish 3 placements")
    axe_check(page)
    page.get_by_label("Why these go ahead").fill("Agreed with the Leader at induction.")
    page.get_by_role("button", name="Publish 3 placements").click()
    page.wait_for_url(re.compile(rf"/cohorts/{run.pk}/$"))
    assert "3 placements published as proposed." in page.content()
    axe_check(page)
    published = run.drafts.filter(status=DraftStatus.PUBLISHED)
    assert published.count() == 3
    assert all(d.placement_id for d in published)
