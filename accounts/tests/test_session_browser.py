"""The warning before the idle sign-out, and typed work kept through a sign-out, in
Chromium. The idle time is 6 seconds here and the warning comes 4 seconds before it."""

import re
import time

import pytest
from django.utils import timezone

from accounts.tests.browser import sign_in
from demo.programme import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Talked through the budget scrutiny plan; she wants to chair the next meeting."
LOG_SESSION = re.compile(r"/placements/\d+/log-session/$")
SIGN_IN = re.compile(r"/accounts/login/")


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_IDLE_SECONDS = 6
    settings.SESSION_WARNING_SECONDS = 4


def drafts(page) -> list[str]:
    """The keys of the typed work this tab keeps."""
    return page.evaluate(
        "Object.keys(sessionStorage).filter(function (k) { return k.startsWith('typed-draft:') })"
    )


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent").strip()


def type_a_note(page):
    page.get_by_role("link", name=re.compile("Log a session")).first.click()
    page.wait_for_url(LOG_SESSION)
    page.get_by_label("What was discussed (confidential)").fill(NOTE)


def sign_in_here(page, email):
    """On the sign-in page the forced sign-out led to (it returns to the form)."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_warning_is_announced_and_stay_signed_in_keeps_the_session(
    browser_page, axe_check, demo_programme, short_sessions
):
    page = browser_page
    sign_in(page, "mentor.a@demo.example.org")
    loaded = time.monotonic()
    notifications = page.get_by_role("link", name="Notifications")
    notifications.focus()

    warning = page.get_by_role("alertdialog", name="You are about to be signed out")
    warning.wait_for(timeout=5_000)
    assert re.search(
        r"You will be signed out in \d seconds? to protect your information", warning.inner_text()
    )
    assert focused_text(page) == "Stay signed in"
    axe_check(page, impacts=None)

    page.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/notifications/"

    # Past the time the session would have ended without "Stay signed in".
    page.wait_for_timeout(max(0, 6.5 - (time.monotonic() - loaded)) * 1000)
    page.reload()
    assert page.get_by_role("heading", name="My placements").is_visible()

    # Escape does the same as "Stay signed in".
    warning.wait_for(timeout=5_000)
    page.keyboard.press("Escape")
    warning.wait_for(state="hidden")
    assert not SIGN_IN.search(page.url)


def test_the_warning_at_12_hours_cannot_be_put_off(browser_page, demo_programme, settings):
    settings.SESSION_COOKIE_AGE = 6  # the 12 hours in all, shortened
    settings.SESSION_WARNING_SECONDS = 4
    page = browser_page
    sign_in(page, "mentor.a@demo.example.org")
    warning = page.get_by_role("alertdialog", name="You are about to be signed out")
    warning.wait_for(timeout=5_000)
    assert "the longest a session can last" in warning.inner_text()
    assert page.get_by_role("button", name="Stay signed in").count() == 0
    assert focused_text(page) == "Carry on"
    page.keyboard.press("Escape")
    warning.wait_for(state="hidden")
    page.wait_for_url(SIGN_IN, timeout=10_000)


def test_a_note_typed_when_signed_out_is_back_after_signing_in_again(
    browser_page, demo_programme, short_sessions
):
    page = browser_page
    sign_in(page, "mentor.a@demo.example.org")
    type_a_note(page)
    form_url = page.url

    # No answer to the warning: the page goes to sign in.
    page.wait_for_url(SIGN_IN, timeout=10_000)
    assert page.get_by_role("textbox", name="What was discussed (confidential)").count() == 0

    sign_in_here(page, "mentor.a@demo.example.org")
    page.wait_for_url(form_url)
    notice = page.get_by_role("status").filter(
        has_text="We restored what you typed before you were signed out"
    )
    notice.wait_for()  # written a moment after it is shown, to be announced
    assert page.get_by_label("What was discussed (confidential)").input_value() == NOTE
    assert len(drafts(page)) == 1


def test_a_note_is_not_restored_to_another_account(browser_page, demo_programme, short_sessions):
    page = browser_page
    sign_in(page, "mentor.a@demo.example.org")
    type_a_note(page)
    assert len(drafts(page)) == 1
    page.wait_for_url(SIGN_IN, timeout=10_000)

    # Back to mentor A's form, which mentor B may not see (its error page is plain),
    # then to their home page, the first with the script: mentor A's note is dropped.
    sign_in_here(page, "mentor.b@demo.example.org")
    page.wait_for_url(LOG_SESSION)
    page.goto(page.base + "/")
    assert page.get_by_role("heading", name="My placements").is_visible()
    assert drafts(page) == []


def test_typed_work_is_cleared_on_sending_and_on_signing_out(browser_page, demo_programme):
    page = browser_page
    sign_in(page, "mentor.a@demo.example.org")
    type_a_note(page)
    form_url = page.url
    page.locator("#id_held_on").fill("2000-01-01")
    page.locator("#id_duration_minutes").fill("45")
    page.locator("#id_mode").select_option(label="Telephone")
    page.get_by_role("button", name="Save the session").click()
    # Refused (before the placement began): shown again, still unsent, still kept.
    page.locator(".invalid-feedback, .alert-danger").first.wait_for()
    assert page.get_by_label("What was discussed (confidential)").input_value() == NOTE
    assert len(drafts(page)) == 1

    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_url(re.compile(r"/placements/\d+/$"))
    assert drafts(page) == []

    page.goto(form_url)
    page.get_by_label("What was discussed (confidential)").fill(NOTE)
    assert len(drafts(page)) == 1
    page.locator(".dropdown-toggle").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(SIGN_IN)
    assert drafts(page) == []
