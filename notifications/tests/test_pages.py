"""The notifications list, marking read, and the bell in the header."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import Notification
from notifications.rules import ReminderKind

pytestmark = pytest.mark.django_db


def notify(user, n=1, **fields):
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=fields.get("kind", ReminderKind.ACTION_DUE),
            title=fields.get("title", f"Action due on 09/03/2026 ({i})"),
            body="An action for recommendation 2 is due on Monday 9 March 2026.",
            link=fields.get("link", "/reviews/1/action-plan/"),
        )
        for i in range(n)
    )


@pytest.fixture
def person(client):
    user = UserFactory(full_name="Sam Okafor")
    client.force_login(user)
    return user


def test_the_list_shows_my_notifications_and_nobody_elses(client, person):
    notify(person, title="Mine: action due")
    notify(UserFactory(), title="Someone else's: action due")

    body = client.get(reverse("notification_list")).content.decode()

    assert "Mine: action due" in body
    assert "Someone else" not in body
    assert "<h1" in body and body.count("<h1") == 1


def test_the_list_says_what_to_expect_when_empty(client, person):
    body = client.get(reverse("notification_list")).content.decode()
    assert "You have no notifications yet" in body


def test_the_list_filters_unread_and_keeps_the_filter_in_the_pages(client, person):
    read = notify(person, 30, title="Old news")
    Notification.objects.filter(pk__in=[n.pk for n in read]).update(read_at=timezone.now())
    notify(person, 30, title="Fresh")

    page = client.get(reverse("notification_list"), {"show": "unread"})

    body = page.content.decode()
    assert "Fresh" in body and "Old news" not in body
    assert "show=unread&amp;page=2" in body


def test_the_bell_counts_my_unread_notifications_without_a_query_of_its_own(client, person):
    notify(person, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(read_at=timezone.now())

    client.get(reverse("notification_list"))
    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("home")).content.decode()

    assert '2<span class="visually-hidden"> unread</span>' in body
    bell_queries = [q for q in captured if "notifications_notification" in q["sql"]]
    assert len(bell_queries) == 1
    assert "accounts_user" in bell_queries[0]["sql"]  # the roles query counts them too


def test_marking_one_read_and_opening_it(client, person):
    [first, second] = notify(person, 2, link="/reviews/7/action-plan/")

    response = client.post(reverse("notification_read", args=[first.pk]))
    opened = client.post(reverse("notification_read", args=[second.pk]), {"open": "1"})

    assert response.status_code == 302 and response["Location"] == reverse("notification_list")
    assert opened["Location"] == "/reviews/7/action-plan/"
    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 0


def test_marking_read_does_not_follow_a_link_to_another_site(client, person):
    [notification] = notify(person)
    response = client.post(
        reverse("notification_read", args=[notification.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notification_list")


def test_someone_elses_notification_cannot_be_marked(client, person):
    [theirs] = notify(UserFactory())
    response = client.post(reverse("notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_marks_only_mine(client, person):
    notify(person, 4)
    [theirs] = notify(UserFactory())

    response = client.post(reverse("notification_read_all"), follow=True)

    assert "Marked 4 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_list_runs_the_same_few_queries_with_5_or_205_notifications(client, person):
    notify(person, 5)
    small = queries_for(client, reverse("notification_list"))
    notify(person, 200)
    large = queries_for(client, reverse("notification_list"))
    assert small == large <= 12
