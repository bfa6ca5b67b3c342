"""The nightly retention run (beat: config/settings.py); a thin task over services."""

import logging

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
    autoretry_for=(DatabaseError,),
    retry_backoff=60,
    retry_backoff_max=30 * 60,
    max_retries=5,
)
def apply_retention_task() -> dict:
    """Anonymise people past their retention period and delete confidential notes
    past theirs. Returns (and logs) counts only."""
    # Imported here, as every task does: services may queue tasks, never the reverse.
    from privacy import services

    return services.apply_retention(timezone.localdate())
