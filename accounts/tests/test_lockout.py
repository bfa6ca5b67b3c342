"""Lockout without lock-in (issue 16, item 10).

Someone who knows a person's email address can pause password sign-in to their
account by guessing, but cannot keep them out: the sign-in page offers a code by
email, the owner is told, and colleagues behind the same office address are not
shut out with them.
"""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.personas import EMAILS
from demo.programme import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-42"
OFFICE = "198.51.100.20"  # a council's shared public address
HOME = "203.0.113.7"


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def guess(email, times, address=OFFICE):
    attacker = Client(REMOTE_ADDR=address)
    for _ in range(times):
        response = sign_in(attacker, email, WRONG)
        assert response.status_code == 200  # the form again, never an error page


def warnings_to(email):
    return [m for m in mail.outbox if m.to == [email] and "trying to sign in" in m.subject]


def codes_to(email):
    return [m for m in mail.outbox if m.to == [email] and "sign-in code" in m.subject]


def sign_in_with_code(client, email):
    """Ask for a code on the sign-in page's link, read it from the email, enter it."""
    page = client.get(reverse("account_login")).content.decode()
    link = re.search(r'href="([^"]+)">Email me a sign-in code<', page).group(1)
    response = client.post(link, {"email": email})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    body = codes_to(email)[-1].body
    code = body.split("is:\n\n")[1].splitlines()[0].strip()
    return client.post(reverse("account_confirm_login_code"), {"code": code})


def test_an_attacker_who_knows_an_email_cannot_keep_its_owner_out(demo_programme):
    email = EMAILS["mentor_a"]
    guess(email, 5)

    owner = Client(REMOTE_ADDR=HOME)
    refused = sign_in(owner, email, DEMO_PASSWORD).content.decode()
    assert "Too many failed login attempts" in refused
    assert "Email me a sign-in code" in refused
    assert owner.get(reverse("home")).status_code == 302

    response = sign_in_with_code(owner, email)
    assert response.status_code == 302
    home = owner.get(reverse("home"))
    assert home.status_code == 200
    assert home.context["user"].email == email


def test_the_owner_is_warned_once_by_email_with_no_secret_in_it(demo_programme):
    email = EMAILS["councillor_a"]
    guess(email, 4)
    assert warnings_to(email) == []  # a few typos are not an attack
    guess(email, 1)
    guess(email, 10, address=HOME)  # the guesser goes on, from elsewhere

    [warning] = warnings_to(email)
    body = warning.body
    assert "Email me a sign-in code" in body
    assert "http://testserver/accounts/login/code/" in body
    assert "http://testserver/accounts/password/reset/" in body
    assert "tell your programme manager" in body
    for secret in (WRONG, DEMO_PASSWORD):
        assert secret not in body and secret not in warning.subject
    assert not re.search(r"/key/|/invitation/|\?code=|token", body)
    assert warning.subject.startswith("Councillor mentoring: ")


def test_guesses_at_an_address_with_no_account_email_nobody(demo_programme):
    guess("nobody@example.org", 8)
    assert mail.outbox == []


def test_a_shared_office_address_does_not_lock_out_a_colleague(demo_programme):
    """Four accounts guessed to their limit from the office address: twenty failures
    there, twice what used to shut the whole address out."""
    for persona in ["mentor_a", "mentor_b", "councillor_a", "manager"]:
        guess(EMAILS[persona], 5)

    colleague = Client(REMOTE_ADDR=OFFICE)
    response = sign_in(colleague, EMAILS["councillor_b"], DEMO_PASSWORD)
    assert response.status_code == 302
    assert colleague.get(reverse("home")).status_code == 200


def test_the_defaults_are_five_per_account_and_a_hundred_per_address_in_15_minutes():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "100/15m/ip,5/15m/key"


def test_one_address_failing_on_many_accounts_is_still_stopped_at_its_limit(
    demo_programme, settings
):
    # The same rule as the default, with a per-address limit small enough to reach quickly.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "12/15m/ip,5/15m/key",
    }
    for number in range(12):
        guess(f"guess{number}@example.org", 1)
    response = sign_in(Client(REMOTE_ADDR=OFFICE), EMAILS["councillor_b"], DEMO_PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    # The owner elsewhere is not affected.
    assert (
        sign_in(Client(REMOTE_ADDR=HOME), EMAILS["councillor_b"], DEMO_PASSWORD).status_code == 302
    )


def test_a_code_is_sent_only_to_an_active_account(demo_programme):
    invited = User.objects.create_user(
        email="invited@example.org", password=None, full_name="Not Yet Accepted"
    )
    invited.is_active = False
    invited.save()
    for email in ["invited@example.org", "nobody@example.org"]:
        response = Client().post(reverse("account_request_login_code"), {"email": email})
        # The same answer as for a real account: nothing says whether one exists.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_confirm_login_code"))
    assert mail.outbox == []


def test_signing_in_with_a_code_still_asks_staff_for_their_authenticator_app(
    demo_programme, settings
):
    settings.REQUIRE_MFA_FOR_STAFF = True
    manager = User.objects.get(email=EMAILS["manager"])
    secret = generate_totp_secret()
    TOTP.activate(manager, secret)
    guess(manager.email, 5)

    client = Client(REMOTE_ADDR=HOME)
    response = sign_in_with_code(client, manager.email)
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert client.get(reverse("home")).status_code == 302

    totp = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": totp})
    assert client.get(reverse("home")).status_code == 200


def test_staff_without_an_authenticator_app_can_set_one_up_after_a_code_sign_in(
    demo_programme, settings
):
    settings.REQUIRE_MFA_FOR_STAFF = True
    client = Client(REMOTE_ADDR=HOME)
    sign_in_with_code(client, EMAILS["manager"])
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # The code counts as a fresh sign-in: no password asked before the set-up page.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
