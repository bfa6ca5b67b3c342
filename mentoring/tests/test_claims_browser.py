"""Mentor A claims two half days; the programme manager queries one and approves the
other. In Chromium, with axe checking every claim page on the way."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS
from mentoring.models import DayClaim, Placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _free_days(placement, mentor, n=2):
    """Days in the placement on which the mentor has claimed nothing yet, latest first."""
    day = min(timezone.localdate(), placement.follow_up_until or timezone.localdate())
    taken = set(
        DayClaim.objects.counted().filter(mentor=mentor).values_list("worked_on", flat=True)
    )
    days = []
    while len(days) < n and day >= placement.started_on:
        if day not in taken:
            days.append(day)
        day -= datetime.timedelta(days=1)
    return days


def _claim(page, day, description, *, send_from_detail=False):
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Half day").check()
    page.get_by_label("Preparation").check()
    page.get_by_label("Description").fill(description)
    if send_from_detail:
        page.get_by_role("button", name="Save as a draft").click()
        page.wait_for_url(re.compile(r"/claims/\d+/$"))
        page.get_by_role("button", name="Send for approval").click()
    else:
        page.get_by_role("button", name="Save and send for approval").click()
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    assert "The claim was sent for approval." in page.content()
    return int(re.search(r"/claims/(\d+)/$", page.url).group(1))


def test_a_mentor_claims_two_half_days_and_the_manager_queries_one_and_approves_the_other(
    browser_page, axe_check, demo_programme, browser
):
    mentor_user = User.objects.get(email=EMAILS["mentor_a"])
    placement = Placement.objects.of_member(User.objects.get(email=EMAILS["councillor_a"])).get(
        mentors__user=mentor_user
    )
    first_day, second_day = _free_days(placement, mentor_user.mentor)

    page = browser_page
    sign_in(page, EMAILS["mentor_a"])
    page.goto(page.base + f"/placements/{placement.pk}/")
    page.get_by_role("link", name="Claim a day", exact=True).click()
    axe_check(page)
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_selector("text=Choose a half or a whole day.")
    axe_check(page)
    first = _claim(page, first_day, "Reading the cabinet papers before our session")
    axe_check(page)
    page.goto(page.base + f"/placements/{placement.pk}/claims/new/")
    second = _claim(page, second_day, "Observing the scrutiny committee", send_from_detail=True)
    page.goto(page.base + "/claims/")
    axe_check(page)

    manager = browser.new_context().new_page()
    manager.set_default_timeout(10_000)
    manager.base = page.base
    sign_in(manager, EMAILS["manager"])
    manager.goto(page.base + "/claims/")
    axe_check(manager)
    manager.goto(page.base + f"/claims/{first}/")
    axe_check(manager)
    manager.get_by_label("Send it back with a question").check()
    manager.get_by_role("button", name="Save the decision").click()
    manager.wait_for_selector("text=Enter your question for the mentor.")
    axe_check(manager)
    manager.get_by_label("Send it back with a question").check()
    manager.get_by_label("Message to the mentor").fill("Was this the morning or the afternoon?")
    manager.get_by_role("button", name="Save the decision").click()
    manager.wait_for_url(re.compile(r"/claims/$"))
    assert "The claim was sent back with your question." in manager.content()
    manager.goto(page.base + f"/claims/{second}/")
    manager.get_by_label("Approve the claim").check()
    manager.get_by_role("button", name="Save the decision").click()
    manager.wait_for_url(re.compile(r"/claims/$"))
    assert "The claim was approved." in manager.content()

    page.goto(page.base + f"/claims/{first}/")
    assert "Was this the morning or the afternoon?" in page.content()
    assert page.get_by_role("link", name="Change this claim").is_visible()
    page.goto(page.base + f"/claims/{second}/")
    assert page.get_by_role("link", name="Change this claim").count() == 0
    axe_check(page)
