"""Sending reminders exactly once, and the in-app notifications.

``send_reminders`` collects what every rule finds due, records each reminder
under its unique key (kind, object, recipient, due date), then, a chunk at a
time, claims those not yet sent with one conditional update under the run's
token (exactly one run wins each), sends the emails outside any transaction,
and marks the sent ones sent together with their in-app notifications. A send
that fails leaves the row unsent with its error, and the next run (beat runs
one every few minutes) tries it again while the reminder is still due.
"""

import datetime
import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.text import one_line
from notifications.models import Notification, Reminder
from notifications.rules import ReminderCandidate

logger = logging.getLogger(__name__)

# Every app with reminders: a function (today=, manager_ids=) -> candidates.
RULES = ["mentoring.reminders.reminder_candidates", "reviews.reminders.reminder_candidates"]
SEND_CHUNK = 500


def absolute_url(path: str) -> str:
    """A link for an email: the site's address (SITE_URL) and the path."""
    if not path:
        return ""
    return settings.SITE_URL.rstrip("/") + path


def programme_manager_ids() -> list[int]:
    return list(
        get_user_model()
        .objects.filter(is_programme_manager=True, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def reminder_candidates(*, today: datetime.date) -> Iterator[ReminderCandidate]:
    """What every rule finds due today (a fixed number of queries)."""
    manager_ids = programme_manager_ids()
    for rule in RULES:
        yield from import_string(rule)(today=today, manager_ids=manager_ids)


def reminders_record(*, candidates: Iterable[ReminderCandidate]) -> list[tuple]:
    """Insert a row for each candidate not yet recorded (a second run inserts nothing);
    return the keys of the candidates, for active recipients only."""
    unique = {c.key: c for c in candidates}
    active = set(
        get_user_model()
        .objects.filter(pk__in={c.recipient_id for c in unique.values()}, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    # Most of what is due was recorded on an earlier day (a window such as "ending in
    # the next 30 days" stays due): only the new ones are inserted.
    recorded = set(
        Reminder.objects.filter(due_on__in={c.due_on for c in unique.values()}).values_list(
            "kind", "object_type", "object_id", "recipient_id", "due_on"
        )
    )
    keys = [key for key, c in unique.items() if c.recipient_id in active]
    rows = [
        Reminder(
            kind=c.kind,
            object_type=c.object_type,
            object_id=c.object_id,
            recipient_id=c.recipient_id,
            due_on=c.due_on,
            title=c.title[:200],
            body=c.body,
            link=c.link,
        )
        for key, c in unique.items()
        if c.recipient_id in active and key not in recorded
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return keys


def reminders_claim(*, reminder_ids: list[int]) -> tuple[uuid.UUID, list[Reminder]]:
    """Take these reminders for this run in one conditional update; return the run's
    token and the rows it won (another run's live claims are left to it). The claim is
    stamped now, not when the run began, so a long run's later chunks are not taken
    for abandoned ones by another run."""
    token = uuid.uuid4()
    now = timezone.now()
    Reminder.objects.claimable(now).filter(pk__in=reminder_ids).update(
        claimed_at=now, claimed_by=token, attempts=F("attempts") + 1
    )
    won = list(
        Reminder.objects.filter(claimed_by=token, sent_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    return token, won


def reminder_email(*, reminder: Reminder) -> EmailMultiAlternatives:
    context = {
        "recipient": reminder.recipient,
        "title": reminder.title,
        "body": reminder.body,
        "link": absolute_url(reminder.link),
        "notifications_link": absolute_url(reverse("notification_list")),
    }
    message = EmailMultiAlternatives(
        # The title can hold a name or a title typed before line breaks were refused;
        # a line break in a header would stop this reminder for good.
        subject=one_line(f"Councillor mentoring: {reminder.title}"),
        body=render_to_string("notifications/email/reminder.txt", context),
        to=[reminder.recipient.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/reminder.html", context), "text/html"
    )
    return message


def reminders_send(*, reminders: list[Reminder], connection) -> tuple[list[Reminder], dict]:
    """Email each claimed reminder over one connection (no queries); return those sent
    and, for those not sent, the error. A failure is logged without the content."""
    sent, failed = [], {}
    for reminder in reminders:
        try:
            message = reminder_email(reminder=reminder)
            message.connection = connection
            message.send()
        except SoftTimeLimitExceeded:
            raise  # the task is out of time: stop, leaving the rest claimed for a retry
        except Exception as exc:  # any failure is recorded and retried
            error = f"{type(exc).__name__}: {exc}"[:1000]
            failed[reminder.pk] = error
            logger.warning("Reminder %s (%s) not sent: %s", reminder.pk, reminder.kind, error)
            _close_quietly(connection)  # the next send opens a fresh one
        else:
            sent.append(reminder)
    return sent, failed


def reminders_mark(*, token, sent: list[Reminder], failed: dict) -> None:
    """Mark the sent ones sent, with their in-app notifications, in one transaction; give
    the failed ones back with their error, for the next run to try again."""
    with transaction.atomic():
        if sent:
            sent_at = timezone.now()
            marked = Reminder.objects.filter(pk__in=[r.pk for r in sent], claimed_by=token).update(
                sent_at=sent_at, claimed_at=None, claimed_by=None, last_error=""
            )
            if marked != len(sent):  # another run took some over: it notifies those
                ours = set(
                    Reminder.objects.filter(
                        pk__in=[r.pk for r in sent], sent_at=sent_at
                    ).values_list("pk", flat=True)
                )
                sent[:] = [r for r in sent if r.pk in ours]
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=r.recipient_id,
                        kind=r.kind,
                        title=r.title,
                        body=r.body,
                        link=r.link,
                    )
                    for r in sent
                ],
                batch_size=500,
            )
        by_error = {}
        for pk, error in failed.items():
            by_error.setdefault(error, []).append(pk)
        for error, pks in by_error.items():  # usually one: the mail server is down
            Reminder.objects.filter(pk__in=pks, claimed_by=token).update(
                claimed_at=None, claimed_by=None, last_error=error
            )


def send_reminders(*, today: datetime.date | None = None) -> Counter:
    """Find, record and send every reminder due today; how many were sent, by kind.

    A fixed number of queries however many are due: the claim, the marking and the
    notifications are each one statement per chunk of SEND_CHUNK reminders. The chunk
    bounds what a run that dies between sending and marking could send twice.
    """
    today = today or timezone.localdate()
    keys = set(reminders_record(candidates=reminder_candidates(today=today)))
    sent = Counter()
    if not keys:
        return sent
    now = timezone.now()
    due = [
        r.pk
        for r in Reminder.objects.claimable(now)
        .filter(due_on__in={k[4] for k in keys})
        .only("pk", "kind", "object_type", "object_id", "recipient_id", "due_on")
        .order_by("pk")
        if r.key in keys
    ]
    if not due:
        return sent
    connection = get_connection()
    try:
        for start in range(0, len(due), SEND_CHUNK):
            token, claimed = reminders_claim(reminder_ids=due[start : start + SEND_CHUNK])
            done, failed = reminders_send(reminders=claimed, connection=connection)
            reminders_mark(token=token, sent=done, failed=failed)
            sent.update(r.kind for r in done)
    finally:
        _close_quietly(connection)
    return sent


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # closing a broken mail connection
        logger.warning("The mail connection did not close cleanly.")


def notification_notify(
    *, recipient_ids: Iterable[int], kind: str, title: str, body: str, link: str = ""
) -> None:
    """Put a notification in each person's list (no email)."""
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, title=title, body=body, link=link)
        for pk in dict.fromkeys(recipient_ids)
    )


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
