"""Producing, storing and sending reports: idempotent, recorded, emailed once."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from councils.tests.factories import CommissionerAppointmentFactory, CouncilFactory
from mentoring.models import PlacementStatus
from mentoring.tests.factories import PlacementFactory
from notifications.models import Notification
from reports import services
from reports.models import MonthlyReport, ReportStatus
from reports.tests.builders import MONTH, council_with_a_month_of_activity

pytestmark = pytest.mark.django_db


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.pdf"))


def test_a_report_rendered_twice_leaves_one_report_one_file_and_one_email(
    media_in_tmp, django_capture_on_commit_callbacks
):
    built = council_with_a_month_of_activity()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_render(council=built.council, month=MONTH, run_id="run-1")
    first_path = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.report_render(council=built.council, month=MONTH, run_id="run-2")

    assert MonthlyReport.objects.count() == 1
    report = MonthlyReport.objects.get()
    assert report.pk == first.pk == second.pk
    assert report.status == ReportStatus.DONE and report.run_id == "run-2"
    assert files_in(media_in_tmp) == [Path(report.file.path)]
    assert not first_path.exists()
    data = Path(report.file.path).read_bytes()
    assert report.checksum == hashlib.sha256(data).hexdigest()
    assert report.size == len(data)
    assert report.file.name.startswith(f"monthly-reports/{built.council.slug}/")
    assert [m.to for m in mail.outbox] == [[built.commissioner.email]]
    assert Notification.objects.filter(recipient=built.commissioner).count() == 1


def test_the_commissioners_get_a_link_to_the_report_not_an_attachment():
    built = council_with_a_month_of_activity()

    report = services.report_render(council=built.council, month=MONTH, run_id="manual")

    [message] = mail.outbox
    assert message.attachments == []
    assert f"/councils/{built.council.slug}/reports/{report.pk}/" in message.body
    assert "October 2025" in message.subject
    assert report.emailed_at is not None


def test_a_report_for_the_month_under_way_is_not_emailed():
    built = council_with_a_month_of_activity()
    this_month = datetime.date.today().replace(day=1)

    report = services.report_render(council=built.council, month=this_month, run_id="manual")

    assert report.status == ReportStatus.DONE
    assert mail.outbox == []
    assert report.emailed_at is None


def test_a_report_that_fails_is_recorded_with_its_error(monkeypatch):
    built = council_with_a_month_of_activity()

    def broken(**kwargs):
        raise RuntimeError("the fonts are missing")

    monkeypatch.setattr("reports.pdf.monthly_report_pdf", broken)
    with pytest.raises(RuntimeError):
        services.report_render(council=built.council, month=MONTH, run_id="run-1")

    report = MonthlyReport.objects.get()
    assert report.status == ReportStatus.FAILED
    assert "the fonts are missing" in report.error
    assert not report.file
    assert mail.outbox == []


def test_a_failed_email_to_commissioners_is_released_for_a_later_try(settings):
    built = council_with_a_month_of_activity()
    settings.EMAIL_BACKEND = "notifications.tests.mail.FailingEmailBackend"

    with pytest.raises(Exception, match="451"):
        services.report_render(council=built.council, month=MONTH, run_id="run-1")
    report = MonthlyReport.objects.get()
    assert report.status == ReportStatus.DONE
    assert report.emailed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.report_notify_commissioners(report=report) == 1
    assert services.report_notify_commissioners(report=report) == 0
    assert len(mail.outbox) == 1


def test_reports_are_made_for_councils_with_a_commissioner_or_an_active_placement():
    overseen = CommissionerAppointmentFactory(council=CouncilFactory(name="Overseen")).council
    busy = PlacementFactory(council=CouncilFactory(name="Busy")).council
    PlacementFactory(council=CouncilFactory(name="Quiet"), status=PlacementStatus.PAUSED)
    CommissionerAppointmentFactory(
        council=CouncilFactory(name="Returned"), ended_on=datetime.date(2025, 1, 1)
    )
    # Mentors' own councils have no placement there.
    councils = {r.council for r in services.monthly_reports_run(month=MONTH)}

    assert councils == {overseen, busy}
    assert MonthlyReport.objects.filter(status=ReportStatus.DONE).count() == 2


def test_the_catch_up_queues_last_months_missing_reports_once(
    eager_tasks, django_capture_on_commit_callbacks
):
    built = council_with_a_month_of_activity()
    today = datetime.date(2025, 11, 5)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.monthly_reports_catch_up(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.monthly_reports_catch_up(today=today)

    report = MonthlyReport.objects.get(council=built.council)
    assert report.pk in first["queued"]  # and the other council's with a placement
    assert len(first["queued"]) == 2
    assert second == {"queued": [], "emailed": 0}
    assert report.month == MONTH and report.status == ReportStatus.DONE
    assert report.run_id  # the task's id
    assert [m.to for m in mail.outbox] == [[built.commissioner.email]]


def test_the_command_produces_the_month_and_prints_the_paths(capsys):
    built = council_with_a_month_of_activity()

    call_command("monthly_reports", "--month", "2025-10", "--council", built.council.slug)

    [line] = capsys.readouterr().out.splitlines()
    report = MonthlyReport.objects.get()
    assert line == report.file.path and Path(line).exists()
    assert report.run_id == "manual"


def test_the_command_refuses_a_month_it_cannot_read():
    with pytest.raises(CommandError, match="2026-10"):
        call_command("monthly_reports", "--month", "October")


def test_a_council_s_commissioners_are_those_whose_appointment_there_is_current():
    """Rotherham's commissioners left in 2018: one of them now serving elsewhere is not
    sent Rotherham's report."""
    rotherham, eastmoor = CouncilFactory(), CouncilFactory()
    past = CommissionerAppointmentFactory(
        council=rotherham,
        started_on=datetime.date(2015, 2, 26),
        ended_on=datetime.date(2018, 9, 24),
    )
    CommissionerAppointmentFactory(
        council=eastmoor, commissioner=past.commissioner, started_on=datetime.date(2025, 6, 12)
    )
    today = datetime.date(2026, 12, 7)
    assert list(services.current_commissioners(council=rotherham, today=today)) == []
    assert list(services.current_commissioners(council=eastmoor, today=today)) == [
        past.commissioner
    ]
