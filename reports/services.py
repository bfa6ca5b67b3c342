"""Producing, storing and sending the monthly progress reports.

``report_render`` is idempotent: a second render of a council's month replaces
the file on the same row (one report), and the commissioners are emailed a
link once, claimed by a conditional update on ``emailed_at``. Rendering runs
outside any transaction; the row is locked only to swap in the new file.
"""

import datetime
import hashlib
import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.text import one_line
from councils.models import Council
from notifications.rules import MONTHLY_REPORT
from notifications.services import absolute_url, notification_notify
from reports.models import MonthlyReport, ReportNarrative, ReportStatus, report_upload_to
from reports.selectors import councils_reported_on, month_start, previous_month
from reports.tasks import render_monthly_report

logger = logging.getLogger(__name__)

# A report queued or being produced for longer than this was lost with its worker.
STALE_AFTER = datetime.timedelta(minutes=30)


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    errors: list[type[BaseException]] = [OperationalError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover: redis is a dependency
        pass
    return tuple(errors)


# How the error of a report that the broker did not take begins; the catch-up queues
# last month's again.
NOT_QUEUED_ERROR = "The report could not be queued"


class ReportNotQueued(Exception):
    """The task queue (broker) did not answer; the report is recorded as failed."""


def report_for(*, council: Council, month: datetime.date) -> MonthlyReport:
    """The council's one report row for the month, made if missing (safe under races)."""
    month = month_start(month)
    try:
        with transaction.atomic():
            report, _ = MonthlyReport.objects.get_or_create(council=council, month=month)
    except IntegrityError:
        report = MonthlyReport.objects.get(council=council, month=month)
    report.council = council
    return report


def report_request(*, council: Council, month: datetime.date, requested_by=None) -> MonthlyReport:
    """Queue the production of a month's report (after the transaction commits).

    Raises ReportNotQueued when the broker cannot be reached; the report is then
    recorded as failed with the reason.
    """
    report = report_for(council=council, month=month)
    task_id = str(uuid.uuid4())
    MonthlyReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.QUEUED,
        run_id=task_id,
        error="",
        requested_by=requested_by,
        updated_at=timezone.now(),
    )
    try:
        render_monthly_report.apply_async_on_commit((report.pk,), task_id=task_id)
    except _broker_errors() as exc:
        logger.warning("Report %s not queued: %s: %s", report.pk, type(exc).__name__, exc)
        MonthlyReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED,
            error=f"{NOT_QUEUED_ERROR}: the task queue did not answer "
            f"({type(exc).__name__}: {exc}).",
            updated_at=timezone.now(),
        )
        raise ReportNotQueued(str(exc)) from exc
    report.refresh_from_db()
    return report


def report_render(*, council: Council, month: datetime.date, run_id: str) -> MonthlyReport:
    """Produce the report, store it (replacing an earlier file) and, for a month that has
    ended, email the council's commissioners a link once."""
    from reports.pdf import monthly_report_pdf

    month = month_start(month)
    report = report_for(council=council, month=month)
    MonthlyReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, run_id=run_id, error="", updated_at=timezone.now()
    )
    try:
        data = monthly_report_pdf(council=council, month=month)
    except Exception as exc:
        MonthlyReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED,
            error=f"The report could not be produced ({type(exc).__name__}: {exc}).",
            updated_at=timezone.now(),
        )
        logger.exception("Report %s for %s failed", month, council.slug)
        raise
    storage = MonthlyReport._meta.get_field("file").storage
    name = storage.save(report_upload_to(report, "report.pdf"), ContentFile(data))
    with transaction.atomic():
        locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        old_name = locked.file.name
        locked.file.name = name
        locked.size = len(data)
        locked.checksum = hashlib.sha256(data).hexdigest()
        locked.rendered_at = timezone.now()
        locked.status = ReportStatus.DONE
        locked.error = ""
        locked.run_id = run_id
        locked.save()
    if old_name and old_name != name:
        transaction.on_commit(lambda: storage.delete(old_name))
    locked.council = council
    if month < month_start(timezone.localdate()):
        report_notify_commissioners(report=locked)
    return locked


def current_commissioners(*, council: Council, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (
        get_user_model()
        # One filter: the council, the start and the end are of the same appointment.
        .objects.filter(
            Q(commissioner_appointments__ended_on__isnull=True)
            | Q(commissioner_appointments__ended_on__gte=today),
            is_active=True,
            commissioner_appointments__council=council,
            commissioner_appointments__started_on__lte=today,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def report_notify_commissioners(*, report: MonthlyReport) -> int:
    """Email each current commissioner of the council a link to the report, once for the
    report's life (claimed on ``emailed_at``), with an in-app notification. A mail
    failure releases the claim and is raised, so the task tries again."""
    claimed = MonthlyReport.objects.filter(
        pk=report.pk, status=ReportStatus.DONE, emailed_at__isnull=True
    ).update(emailed_at=timezone.now())
    if claimed != 1:
        return 0
    report.emailed_at = timezone.now()
    council = report.council
    commissioners = list(current_commissioners(council=council))
    path = reverse("report_detail", kwargs={"slug": council.slug, "pk": report.pk})
    title = f"Monthly progress report for {council.name}, {report.month_label}"
    messages = []
    for person in commissioners:
        context = {
            "recipient": person,
            "council": council,
            "report": report,
            "link": absolute_url(path),
        }
        message = EmailMultiAlternatives(
            subject=one_line(f"Councillor mentoring: {title}"),
            body=render_to_string("reports/email/report_ready.txt", context),
            to=[person.email],
        )
        message.attach_alternative(
            render_to_string("reports/email/report_ready.html", context), "text/html"
        )
        messages.append(message)
    try:
        if messages:
            get_connection().send_messages(messages)
    except Exception:
        MonthlyReport.objects.filter(pk=report.pk).update(emailed_at=None)
        raise
    notification_notify(
        recipient_ids=[p.pk for p in commissioners],
        kind=MONTHLY_REPORT,
        title=title,
        body=f"The councillor mentoring programme's progress report for {council.name}, "
        f"{report.month_label}, is ready to read.",
        link=path,
    )
    return len(messages)


def monthly_reports_run(
    *, month: datetime.date, run_id: str = "manual", council: Council | None = None
) -> list[MonthlyReport]:
    """Produce the month's report now for one council, or for every council with a current
    commissioner or an active placement. A failure is recorded and the others go on."""
    councils = [council] if council else list(councils_reported_on(today=timezone.localdate()))
    reports = []
    for each in councils:
        try:
            reports.append(report_render(council=each, month=month, run_id=run_id))
        except Exception:
            reports.append(report_for(council=each, month=month))
            reports[-1].refresh_from_db()
    return reports


def monthly_reports_enqueue(*, month: datetime.date) -> list[int]:
    """Queue a render task for each council reported on (beat, on the 1st)."""
    queued = []
    for council in councils_reported_on(today=timezone.localdate()):
        report = report_for(council=council, month=month)
        task_id = str(uuid.uuid4())
        MonthlyReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.QUEUED, run_id=task_id, error="", updated_at=timezone.now()
        )
        render_monthly_report.apply_async_on_commit((report.pk,), task_id=task_id)
        queued.append(report.pk)
    return queued


def monthly_reports_catch_up(*, today: datetime.date | None = None) -> dict:
    """Last month's reports that are missing, could not be queued (the broker was down)
    or were lost with a worker or the broker are queued; a finished report whose email
    failed is emailed. Safe to run often."""
    today = today or timezone.localdate()
    month = previous_month(today)
    councils = list(councils_reported_on(today=today))
    existing = {
        r.council_id: r
        for r in MonthlyReport.objects.filter(
            month=month, council__in=[c.pk for c in councils]
        ).select_related("council")
    }
    stale_before = timezone.now() - STALE_AFTER
    queued, emailed = [], 0
    for council in councils:
        report = existing.get(council.pk)
        lost = report is not None and (
            report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
            and report.updated_at < stale_before
        )
        not_queued = (
            report is not None
            and report.status == ReportStatus.FAILED
            and report.error.startswith(NOT_QUEUED_ERROR)
        )
        if report is None or lost or not_queued:
            report = report or report_for(council=council, month=month)
            task_id = str(uuid.uuid4())
            MonthlyReport.objects.filter(pk=report.pk).update(
                status=ReportStatus.QUEUED, run_id=task_id, error="", updated_at=timezone.now()
            )
            render_monthly_report.apply_async_on_commit((report.pk,), task_id=task_id)
            queued.append(report.pk)
        elif report.status == ReportStatus.DONE and report.emailed_at is None:
            emailed += report_notify_commissioners(report=report)
    return {"queued": queued, "emailed": emailed}


def narrative_save(*, council: Council, month: datetime.date, text: str, user) -> ReportNarrative:
    narrative, _ = ReportNarrative.objects.update_or_create(
        council=council,
        month=month_start(month),
        defaults={"text": text.strip(), "updated_by": user},
    )
    return narrative


# Mentors' statements and the recharge schedules: a link emailed once a month.


def _statement_email_claim(*, mentor_id: int | None, month: datetime.date, kind: str) -> bool:
    """Record the sending before it happens; False when it was already recorded (sent)."""
    from reports.models import StatementEmail

    try:
        with transaction.atomic():
            StatementEmail.objects.create(mentor_id=mentor_id, month=month, kind=kind)
    except IntegrityError:
        return False
    return True


def _statement_email_release(*, mentor_id: int | None, month: datetime.date, kind: str) -> None:
    from reports.models import StatementEmail

    StatementEmail.objects.filter(mentor_id=mentor_id, month=month, kind=kind).delete()


def _statement_message(*, to: str, name: str, kind: str, month: datetime.date, path: str):
    title = (
        f"Recharge schedules for {month:%B %Y}"
        if kind == "recharges"
        else f"Your statement for {month:%B %Y}"
    )
    context = {
        "recipient_name": name or to,
        "kind": kind,
        "month": month,
        "title": title,
        "link": absolute_url(path),
    }
    message = EmailMultiAlternatives(
        subject=one_line(f"Councillor mentoring: {title}"),
        body=render_to_string("reports/email/statement_ready.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string("reports/email/statement_ready.html", context), "text/html"
    )
    return message


def statements_email(*, month: datetime.date) -> dict:
    """Email each mentor with approved days worked in the month a link to their
    statement, and the programme managers a link to the recharge schedules, once each
    (recorded in StatementEmail before sending; a mail failure removes the record and is
    raised, so the task tries again). The email carries the month and a link, no figures."""
    from mentoring.models import DayClaim, Mentor
    from reports.models import StatementEmail
    from reports.selectors import month_end

    month = month_start(month)
    end = month_end(month)
    approved = DayClaim.objects.filter(
        status=DayClaim.Status.APPROVED, worked_on__gte=month, worked_on__lte=end
    )
    mentors = (
        Mentor.objects.filter(pk__in=approved.values("mentor_id"))
        .select_related("user")
        .order_by("pk")
    )
    sent = {"statements": 0, "recharges": 0}
    for mentor in mentors:
        user = mentor.user if mentor.user_id and mentor.user.is_active else None
        to = (user.email if user else "") or mentor.email
        if not to:
            continue
        kind = StatementEmail.Kind.STATEMENT
        if not _statement_email_claim(mentor_id=mentor.pk, month=month, kind=kind):
            continue
        path = reverse(
            "statement_detail",
            kwargs={"mentor_pk": mentor.pk, "year": month.year, "month": month.month},
        )
        message = _statement_message(
            to=to, name=mentor.full_name, kind=kind, month=month, path=path
        )
        try:
            get_connection().send_messages([message])
        except Exception:
            _statement_email_release(mentor_id=mentor.pk, month=month, kind=kind)
            raise
        sent["statements"] += 1
    funded = approved.filter(placement__funder__isnull=False)
    kind = StatementEmail.Kind.RECHARGES
    if funded.exists() and _statement_email_claim(mentor_id=None, month=month, kind=kind):
        managers = list(
            get_user_model()
            .objects.filter(is_programme_manager=True, is_active=True)
            .exclude(email="")
            .order_by("pk")
        )
        path = reverse("recharge_list") + f"?month={month:%Y-%m}"
        messages = [
            _statement_message(to=m.email, name=m.full_name, kind=kind, month=month, path=path)
            for m in managers
        ]
        try:
            if messages:
                get_connection().send_messages(messages)
        except Exception:
            _statement_email_release(mentor_id=None, month=month, kind=kind)
            raise
        sent["recharges"] = len(messages)
    return sent
