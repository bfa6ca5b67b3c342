"""Thin tasks over reports.services: ids as arguments, retried with back-off on
database and mail errors, time limits well under the broker's visibility
timeout (an hour on Redis) so a task is never delivered twice while running.

Each task imports the services in its body: the services queue these tasks (after
the transaction commits), so they import this module, never the other way round."""

import datetime
import logging
import smtplib

from celery import shared_task
from celery.signals import beat_init
from django.db import DatabaseError
from django.utils import timezone

from reports.models import MonthlyReport
from reports.selectors import previous_month

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError, smtplib.SMTPException),
    "retry_backoff": 30,
    "retry_backoff_max": 10 * 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(bind=True, acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY)
def render_monthly_report(self, report_id: int) -> str:
    """Produce one council's monthly report (the row says which council and month)."""
    report = MonthlyReport.objects.select_related("council").filter(pk=report_id).first()
    if report is None:
        return "gone"
    from reports import services

    services.report_render(
        council=report.council, month=report.month, run_id=self.request.id or "worker"
    )
    return "done"


@shared_task(acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY)
def monthly_reports_task(month: str | None = None) -> list[int]:
    """On the 1st: queue last month's report for every council reported on."""
    from reports import services

    day = datetime.date.fromisoformat(month) if month else previous_month(timezone.localdate())
    return services.monthly_reports_enqueue(month=day)


@shared_task(acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY)
def monthly_reports_catch_up_task() -> dict:
    """Often: last month's reports that are missing, lost or not yet emailed."""
    from reports import services

    return services.monthly_reports_catch_up()


@shared_task(acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY)
def monthly_statements_task(month: str | None = None) -> dict:
    """On the 1st: email last month's statement links to mentors and the recharge
    schedules' link to the programme managers, once each."""
    from reports import services

    day = datetime.date.fromisoformat(month) if month else previous_month(timezone.localdate())
    return services.statements_email(month=day)


@beat_init.connect
def catch_up_when_beat_starts(sender=None, **kwargs):
    """Once when beat starts, so a restarted programme has last month's reports."""
    try:
        monthly_reports_catch_up_task.delay()
    except Exception:  # beat keeps running; its schedule tries again
        logger.exception("Could not queue the monthly reports catch-up at beat start.")
