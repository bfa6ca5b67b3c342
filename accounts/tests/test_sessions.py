import time

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_idle_for_more_than_30_minutes_is_signed_out(client):
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("home")).status_code == 302


def test_an_active_session_stays_signed_in(client):
    client.force_login(UserFactory())
    session = client.session
    session["last_seen"] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200


def test_new_passwords_are_hashed_with_argon2():
    user = UserFactory()
    user.set_password("a-long-enough-passphrase")
    assert user.password.startswith("argon2")
