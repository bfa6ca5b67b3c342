"""Sending reminders exactly once, and the in-app notifications.

``send_reminders`` collects what every rule finds due, records each reminder
under its unique key (kind, object, recipient, due date), then for each one
not yet sent: claims it with a conditional update (exactly one run wins),
sends the email outside any transaction, and marks it sent together with its
in-app notification. A send that fails leaves the row unsent with its error,
and the next run (beat runs one every few minutes) tries it again while the
reminder is still due.
"""

import datetime
import logging
from collections import Counter
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications.models import Notification, Reminder
from notifications.rules import ReminderCandidate

logger = logging.getLogger(__name__)

# Every app with reminders: a function (today=, manager_ids=) -> candidates.
RULES = ["mentoring.reminders.reminder_candidates", "reviews.reminders.reminder_candidates"]


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
        for c in unique.values()
        if c.recipient_id in active
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return [r.key for r in rows]


def reminder_claim(*, reminder: Reminder) -> bool:
    """Take the reminder for this run; False when another run has it or has sent it."""
    now = timezone.now()
    claimed = (
        Reminder.objects.claimable(now)
        .filter(pk=reminder.pk)
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def reminder_email(*, reminder: Reminder) -> EmailMultiAlternatives:
    context = {
        "recipient": reminder.recipient,
        "title": reminder.title,
        "body": reminder.body,
        "link": absolute_url(reminder.link),
        "notifications_link": absolute_url(reverse("notification_list")),
    }
    message = EmailMultiAlternatives(
        subject=f"Councillor mentoring: {reminder.title}",
        body=render_to_string("notifications/email/reminder.txt", context),
        to=[reminder.recipient.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/reminder.html", context), "text/html"
    )
    return message


def reminder_send(*, reminder: Reminder, connection=None) -> bool:
    """Send one claimed reminder by email, then mark it sent with its notification.
    A failure is recorded on the row (and logged, without the content) and the claim
    released, so the next run tries again."""
    try:
        message = reminder_email(reminder=reminder)
        message.connection = connection
        message.send()
    except Exception as exc:  # any failure is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:1000]
        Reminder.objects.filter(pk=reminder.pk).update(claimed_at=None, last_error=error)
        logger.warning("Reminder %s (%s) not sent: %s", reminder.pk, reminder.kind, error)
        if connection is not None:
            _close_quietly(connection)  # the next send opens a fresh one
        return False
    with transaction.atomic():
        Reminder.objects.filter(pk=reminder.pk).update(
            sent_at=timezone.now(), claimed_at=None, last_error=""
        )
        Notification.objects.create(
            recipient_id=reminder.recipient_id,
            kind=reminder.kind,
            title=reminder.title,
            body=reminder.body,
            link=reminder.link,
        )
    return True


def send_reminders(*, today: datetime.date | None = None) -> Counter:
    """Find, record and send every reminder due today; how many were sent, by kind."""
    today = today or timezone.localdate()
    keys = set(reminders_record(candidates=reminder_candidates(today=today)))
    sent = Counter()
    if not keys:
        return sent
    due = [
        r
        for r in Reminder.objects.claimable()
        .filter(due_on__in={k[4] for k in keys})
        .select_related("recipient")
        .order_by("pk")
        if r.key in keys
    ]
    if not due:
        return sent
    connection = get_connection()
    try:
        for reminder in due:
            if reminder_claim(reminder=reminder) and reminder_send(
                reminder=reminder, connection=connection
            ):
                sent[reminder.kind] += 1
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
