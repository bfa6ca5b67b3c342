import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.personas import EMAILS
from demo.programme import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_right_password_signs_in(client, demo_programme):
    response = sign_in(client, EMAILS["mentor_a"], DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_repeated_wrong_passwords_get_a_clear_message_and_the_right_one_is_refused_meanwhile(
    client, demo_programme
):
    messages = []
    for _ in range(7):
        response = sign_in(client, EMAILS["mentor_a"], "wrong-password-123")
        assert response.status_code in (200, 429)  # never a server error
        messages.append(response.content.decode())
    assert "Too many failed login attempts" in messages[-1]
    response = sign_in(client, EMAILS["mentor_a"], DEMO_PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_password_and_an_unknown_email_read_the_same(client, demo_programme):
    known = sign_in(client, EMAILS["mentor_a"], "wrong-password-123").content.decode()
    unknown = sign_in(client, "nobody@example.org", "wrong-password-123").content.decode()
    message = "The email address and/or password you specified are not correct."
    assert message in known and message in unknown


def test_password_reset_does_not_reveal_whether_an_account_exists(client, demo_programme):
    known = client.post(reverse("account_reset_password"), {"email": EMAILS["mentor_a"]})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [[EMAILS["mentor_a"]]]


def test_staff_without_mfa_are_sent_to_set_it_up_and_can_do_nothing_else(
    client_as, settings, demo_programme
):
    settings.REQUIRE_MFA_FOR_STAFF = True
    for persona in ["manager", "commissioner_x"]:
        client = client_as(persona)
        for url in [reverse("home"), reverse("placement_list"), reverse("visit_list")]:
            response = client.get(url)
            assert response.status_code == 302, (persona, url)
            assert response["Location"] == reverse("mfa_activate_totp")
    # Mentors and councillors may turn it on but are not made to.
    assert client_as("mentor_a").get(reverse("home")).status_code == 200


def test_the_admin_login_goes_through_the_same_sign_in(client, demo_programme):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pages_for_signed_in_people_are_not_cached(client_as, demo_programme):
    response = client_as("councillor_a").get(reverse("home"))
    assert response["Cache-Control"] == "no-store"
