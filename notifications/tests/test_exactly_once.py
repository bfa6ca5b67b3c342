"""A reminder is sent once: not again on a second run, not twice by two runs at
once, and not lost when the mail server fails."""

import datetime
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import Notification, Reminder
from notifications.rules import ReminderKind
from notifications.services import reminder_candidates, reminders_record, send_reminders
from reviews.tests.factories import ActionFactory

days = datetime.timedelta
ON_POSTGRESQL = connection.vendor == "postgresql"
NEEDS_POSTGRESQL = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="two connections writing at once need PostgreSQL: SQLite's test database is "
    "in memory and serialises every write (CI runs this on PostgreSQL)",
)


def some_actions_due(today, n=3):
    for i in range(n):
        ActionFactory(due_on=today - days(i + 1), owner_user=UserFactory())


@pytest.mark.django_db
def test_send_reminders_run_twice_sends_nothing_the_second_time(today, manager):
    some_actions_due(today)

    first = send_reminders(today=today)
    outbox_after_first = len(mail.outbox)
    second = send_reminders(today=today)

    assert first == {ReminderKind.ACTION_OVERDUE: 6}
    assert second == {}
    assert len(mail.outbox) == outbox_after_first == 6
    assert Reminder.objects.count() == 6
    assert Notification.objects.count() == 6


@pytest.mark.django_db
def test_a_failing_mail_server_is_recorded_and_the_reminder_sent_on_the_next_run(
    today, manager, settings
):
    some_actions_due(today, n=1)
    settings.EMAIL_BACKEND = "notifications.tests.mail.FailingEmailBackend"

    assert send_reminders(today=today) == {}

    failed = list(Reminder.objects.all())
    assert len(failed) == 2
    assert all(r.sent_at is None and r.attempts == 1 for r in failed)
    assert all("SMTPException" in r.last_error and "451" in r.last_error for r in failed)
    assert all(r.claimed_at is None for r in failed)  # released for the next run
    assert not Notification.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_reminders(today=today) == {ReminderKind.ACTION_OVERDUE: 2}

    assert len(mail.outbox) == 2
    assert all(r.sent_at and r.attempts == 2 and not r.last_error for r in Reminder.objects.all())
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_a_reminder_being_sent_by_another_run_is_left_to_it_unless_that_run_died(today, manager):
    some_actions_due(today, n=1)
    reminders_record(candidates=reminder_candidates(today=today))  # both rows, unsent
    Reminder.objects.update(claimed_at=timezone.now(), claimed_by=uuid.uuid4())  # another run's

    assert send_reminders(today=today) == {}

    Reminder.objects.update(claimed_at=timezone.now() - days(minutes=16))  # it died
    assert send_reminders(today=today) == {ReminderKind.ACTION_OVERDUE: 2}


@NEEDS_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_on_their_own_connections_send_each_reminder_once(
    today, manager, settings
):
    some_actions_due(today, n=10)
    settings.EMAIL_BACKEND = "notifications.tests.mail.SlowEmailBackend"
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(send_reminders(today=today))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert not errors
    assert sum(sum(r.values()) for r in results) == 20
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == len(set(sent)) == 20
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 20
    assert Notification.objects.count() == 20


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


@NEEDS_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_send_reminders_commands_at_once_send_each_reminder_once(today, manager, tmp_path):
    some_actions_due(today, n=30)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "VAR_DIR": str(tmp_path),
        "DEBUG": "true",
        "EMAIL_URL": "",
    }
    command = [sys.executable, "manage.py", "send_reminders", "--date", today.isoformat()]
    base = Path(django_settings.BASE_DIR)
    runs = [
        subprocess.Popen(
            command, cwd=base, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    # The console names each email's recipient and subject, one line each (never its body).
    sent = [
        line.split(" (the whole message is in ")[0]
        for out, _ in outputs
        for line in out.splitlines()
        if line.startswith("Email to ")
    ]
    assert len(sent) == 60
    assert len(set(sent)) == 60
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 60
    assert Notification.objects.count() == 60


@pytest.mark.django_db
def test_sending_runs_the_same_few_queries_for_3_or_30_reminders(today, manager):
    # (Up to the database's bulk batch: SQLite takes some seventy reminders an insert.)
    from django.test.utils import CaptureQueriesContext

    def run(n):
        some_actions_due(today - days(n), n=n)  # a new day's batch each time
        with CaptureQueriesContext(connection) as captured:
            sent = send_reminders(today=today)
        return len(captured), sum(sent.values())

    few_queries, few = run(3)
    many_queries, many = run(30)

    assert (few, many) == (6, 60)
    assert many_queries == few_queries
    assert len(mail.outbox) == Notification.objects.count() == 66


@pytest.mark.django_db
def test_a_run_whose_claim_was_taken_over_neither_marks_nor_notifies(today, manager):
    from notifications.services import reminders_claim, reminders_mark

    some_actions_due(today, n=1)
    reminders_record(candidates=reminder_candidates(today=today))
    token, claimed = reminders_claim(
        reminder_ids=list(Reminder.objects.values_list("pk", flat=True))
    )
    assert len(claimed) == 2
    taken = claimed[0]
    Reminder.objects.filter(pk=taken.pk).update(claimed_by=uuid.uuid4())  # another run's now

    reminders_mark(token=token, sent=list(claimed), failed={})

    assert Notification.objects.count() == 1
    assert not Reminder.objects.get(pk=taken.pk).sent_at
