"""Thin tasks over notifications.services; beat runs them (config/settings.py)."""

import logging
import smtplib

from celery import shared_task
from celery.signals import beat_init
from django.db import DatabaseError

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
    autoretry_for=(DatabaseError, smtplib.SMTPException),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    max_retries=5,
)
def send_reminders_task() -> dict:
    """Send every reminder due today (each exactly once); the counts by kind."""
    # Imported here, as every task does: services may queue tasks, never the reverse.
    from notifications import services

    sent = services.send_reminders()
    if sent:
        logger.info("Reminders sent: %s", dict(sent))
    return dict(sent)


@beat_init.connect
def catch_up_when_beat_starts(sender=None, **kwargs):
    """Once when beat starts: a restarted programme sends what fell due meanwhile."""
    try:
        send_reminders_task.delay()
    except Exception:  # beat keeps running; its schedule tries again
        logger.exception("Could not queue the reminders catch-up at beat start.")
