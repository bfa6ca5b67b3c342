"""A session ends 12 hours after signing in however active; "Stay signed in" keeps
an idle session going; asking how long is left does not.

The clock is moved by shifting time.time, which the session rules read."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE


class Clock:
    def __init__(self):
        self.offset = 0

    def advance(self, seconds):
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + clock.offset)
    return clock


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_active_every_20_minutes_for_11_hours_59_still_signed_in(client, clock):
    client.force_login(UserFactory())
    for _ in range(35):
        clock.advance(20 * MINUTE)
        assert client.get(reverse("home")).status_code == 200
    clock.advance(19 * MINUTE)  # 11 hours 59 minutes after signing in
    assert client.get(reverse("home")).status_code == 200


def test_active_every_20_minutes_signed_out_at_12_hours(client, clock):
    client.force_login(UserFactory())
    for _ in range(35):
        clock.advance(20 * MINUTE)
        assert client.get(reverse("home")).status_code == 200
    clock.advance(20 * MINUTE)  # 12 hours after signing in
    response = client.get(reverse("home"))
    assert signed_out(response)
    assert response["Location"] == f"{reverse('account_login')}?next=/"
    assert signed_out(client.get(reverse("home")))


def test_stay_signed_in_does_not_pass_the_12_hours(client, clock):
    client.force_login(UserFactory())
    for _ in range(35):
        clock.advance(20 * MINUTE)
        assert client.post(reverse("session_keep_alive")).status_code == 204
    clock.advance(19 * MINUTE)
    assert client.post(reverse("session_keep_alive")).status_code == 204
    clock.advance(MINUTE)
    assert signed_out(client.get(reverse("home")))


def test_a_session_signed_in_before_the_limit_existed_counts_from_its_next_request(client, clock):
    client.force_login(UserFactory())
    session = client.session
    del session["signed_in_at"]
    session.save()
    assert client.get(reverse("home")).status_code == 200  # the stamp is written now
    for _ in range(35):
        clock.advance(20 * MINUTE)
        assert client.get(reverse("home")).status_code == 200
    clock.advance(20 * MINUTE)
    assert signed_out(client.get(reverse("home")))


def test_stay_signed_in_starts_the_idle_clock_again(client, clock):
    client.force_login(UserFactory())
    clock.advance(29 * MINUTE)
    assert client.post(reverse("session_keep_alive")).status_code == 204
    clock.advance(29 * MINUTE)  # 58 minutes after the last page
    assert client.get(reverse("home")).status_code == 200


def test_stay_signed_in_is_a_post_with_the_csrf_token():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(reverse("session_keep_alive")).status_code == 405
    assert client.post(reverse("session_keep_alive")).status_code == 403
    page = client.get(reverse("home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("session_keep_alive"), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 204


def test_stay_signed_in_after_the_session_ended_asks_to_sign_in(client, clock):
    client.force_login(UserFactory())
    clock.advance(31 * MINUTE)
    assert signed_out(client.post(reverse("session_keep_alive")))
    assert signed_out(client.get(reverse("home")))


def test_asking_how_long_is_left_is_not_activity(client, clock):
    client.force_login(UserFactory())
    for minutes_left in (20, 10, 2):
        clock.advance(10 * MINUTE if minutes_left != 2 else 8 * MINUTE)
        answer = client.get(reverse("session_status")).json()
        assert answer["signed_in"] is True
        # Stamps are kept to the second, so a second either way.
        assert abs(answer["idle_left"] - minutes_left * MINUTE) <= 1
        assert abs(answer["ends_in"] - (12 * HOUR - (30 - minutes_left) * MINUTE)) <= 1
    clock.advance(2 * MINUTE + 1)
    assert client.get(reverse("session_status")).json() == {"signed_in": False}
    assert signed_out(client.get(reverse("home")))


def test_the_page_tells_the_warning_who_without_saying_who(client):
    """The page carries a keyed hash of the account (so a draft kept in the tab is
    restored only to the same person) and of the sign-in (so it is restored only
    after a sign-out), never the email address or the id."""
    anne, bola = UserFactory(), UserFactory()

    def marks(user):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        client.logout()
        assert user.email not in page.split('id="session-timeout"')[1].split(">")[0]
        return (
            re.search(r'data-account="(\w+)"', page).group(1),
            re.search(r'data-session="(\w+)"', page).group(1),
        )

    anne_first, anne_again, bola_first = marks(anne), marks(anne), marks(bola)
    assert anne_first[0] == anne_again[0] != bola_first[0]
    assert str(anne.pk) not in {anne_first[0], bola_first[0]}


def test_signed_out_pages_carry_no_warning(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "session-timeout" not in page


def test_the_sign_in_page_says_why_the_session_ended(client, clock):
    client.force_login(UserFactory())
    client.get(reverse("home"))
    clock.advance(31 * MINUTE)
    page = client.get(reverse("home"), follow=True)
    assert "nothing was done for 30 minutes" in page.content.decode()

    client.force_login(UserFactory())
    for _ in range(36):
        clock.advance(20 * MINUTE)
        client.get(reverse("privacy_notice"))
    page = client.get(reverse("home"), follow=True)
    assert "signed in for 12 hours" in page.content.decode()


def test_the_warning_running_out_lands_on_the_sign_in_page_itself(client, clock):
    client.force_login(UserFactory())
    client.get(reverse("home"))
    clock.advance(31 * MINUTE)
    page = client.get(f"{reverse('account_login')}?next=/sessions/")
    assert page.status_code == 200
    assert "nothing was done for 30 minutes" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated
