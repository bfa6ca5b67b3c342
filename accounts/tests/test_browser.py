"""Main journeys of sign-in and invitations in Chromium, checked with axe."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.core import mail

from demo.programme import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 with allauth's defaults: HMAC-SHA1, 30 seconds, 6 digits."""
    key = base64.b32decode(secret, casefold=True)
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 1_000_000).zfill(6)


def test_a_manager_sets_up_mfa_then_invites_a_mentor_who_joins(
    browser_page, axe_check, settings, demo_programme, browser
):
    settings.REQUIRE_MFA_FOR_STAFF = True
    page = browser_page
    page.goto(page.base + "/accounts/login/")
    axe_check(page)
    page.get_by_label("Email").fill("manager@demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Sent to set up an authenticator app; it asks for the password again first.
    page.wait_for_url(re.compile(r"/accounts/(reauthenticate|2fa/totp/activate)/"))
    if "/reauthenticate/" in page.url:
        axe_check(page)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    axe_check(page)
    secret = page.locator("#authenticator_secret").input_value()
    if 30 - time.time() % 30 < 3:
        time.sleep(3)  # stay clear of the step boundary
    page.get_by_label("Authenticator code").fill(totp(secret))
    page.get_by_role("button", name=re.compile("Activate", re.I)).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    axe_check(page)

    # Now the manager can work: invite a mentor from their record in the pool.
    from mentoring.models import Mentor

    derek = Mentor.objects.get(full_name="Derek Whyte")
    page.goto(page.base + f"/mentors/{derek.pk}/")
    page.get_by_role("link", name="Invite to sign in").click()
    page.wait_for_url(re.compile(r"/accounts/invitations/new/"))
    axe_check(page)
    assert page.get_by_label("Role").input_value() == "mentor"
    assert page.get_by_label("Mentor").input_value() == str(derek.pk)
    page.get_by_label("Email address").fill("derek.whyte@walsall.example.org")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(re.compile(r"/accounts/invitations/$"))
    assert "Invitation sent to derek.whyte@walsall.example.org" in page.content()
    axe_check(page)

    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    mentor = browser.new_context().new_page()
    mentor.set_default_timeout(10_000)
    mentor.goto(link)
    axe_check(mentor)
    mentor.locator("#id_password1").fill("walsall-mentor-passphrase")
    mentor.locator("#id_password2").fill("walsall-mentor-passphrase")
    mentor.get_by_role("button", name="Set password and sign in").click()
    mentor.wait_for_url(re.compile(r"/$"))
    assert mentor.get_by_role("heading", name="My placements").is_visible()
    axe_check(mentor)
