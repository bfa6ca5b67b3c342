"""A councillor makes their calendar feed in Chromium; axe checks each page."""

import re

import pytest

from accounts.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_councillor_a_makes_renews_and_turns_off_their_calendar_feed(
    browser_page, axe_check, demo_programme
):
    page = browser_page
    sign_in(page, "councillor.a@demo.example.org")

    page.goto(page.base + "/accounts/calendar/")
    axe_check(page)
    page.get_by_role("button", name="Make my calendar feed").click()
    page.wait_for_url(re.compile(r"/accounts/calendar/$"))
    address = page.get_by_label("Calendar feed address").input_value()
    assert re.fullmatch(r"http://[^/]+/calendar/[\w-]+\.ics", address)
    axe_check(page)

    feed = page.request.get(address)
    assert feed.status == 200
    assert "BEGIN:VCALENDAR" in feed.text() and "Mentoring session" in feed.text()

    page.get_by_role("link", name="Renew the address").click()
    axe_check(page)
    page.get_by_role("button", name="Renew the address").click()
    page.wait_for_url(re.compile(r"/accounts/calendar/$"))
    assert page.get_by_label("Calendar feed address").input_value() != address
    assert page.request.get(address).status == 404

    page.get_by_role("link", name="Turn off the feed").click()
    axe_check(page)
    page.get_by_role("button", name="Turn off the feed").click()
    page.wait_for_url(re.compile(r"/accounts/calendar/$"))
    assert "Your calendar feed was turned off" in page.content()
    axe_check(page)
