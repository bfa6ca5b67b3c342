"""Mentor A logs a session; councillor A reads it; nobody else does."""

import re

import pytest
from django.utils import timezone

from accounts.tests.browser import sign_in
from mentoring.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, base, email):
    """A page of a browser context of its own, signed in as ``email``."""
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, email, base=base)
    return page


def test_a_session_logged_by_mentor_a_is_read_by_councillor_a_alone(
    browser, live_server, axe_check, demo_programme, _allow_orm_beside_playwright
):
    base = live_server.url
    mentor = signed_in_page(browser, base, "mentor.a@demo.example.org")
    axe_check(mentor)
    mentor.get_by_role("link", name=re.compile("Log a session")).first.click()
    axe_check(mentor)
    mentor.locator("#id_held_on").fill(timezone.localdate().isoformat())
    mentor.locator("#id_duration_minutes").fill("45")
    mentor.locator("#id_mode").select_option(label="Telephone")
    mentor.locator("#id_notes").fill("Talked about the budget scrutiny session.")
    mentor.locator("#id_actions_agreed").fill("Ask the S151 officer for the MTFS timetable.")
    mentor.get_by_role("button", name="Save the session").click()
    mentor.wait_for_url(re.compile(r"/placements/\d+/$"))
    assert "The session was saved." in mentor.content()
    axe_check(mentor)
    session = Session.objects.filter(duration_minutes=45, mode="telephone").get()

    councillor = signed_in_page(browser, base, "councillor.a@demo.example.org")
    axe_check(councillor)
    councillor.goto(f"{base}/sessions/{session.pk}/")
    assert "Talked about the budget scrutiny session." in councillor.content()
    assert "Ask the S151 officer for the MTFS timetable." in councillor.content()
    axe_check(councillor)

    other = signed_in_page(browser, base, "councillor.b@demo.example.org")
    response = other.goto(f"{base}/sessions/{session.pk}/")
    assert response.status == 404

    manager = signed_in_page(browser, base, "manager@demo.example.org")
    manager.goto(f"{base}/sessions/{session.pk}/")
    body = manager.content()
    assert "Telephone" in body and "45 minutes" in body
    assert "budget scrutiny" not in body and "MTFS" not in body
    axe_check(manager)
