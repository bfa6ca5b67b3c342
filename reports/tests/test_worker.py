"""End to end: a real Celery worker takes a report task from the broker (Redis when
CELERY_BROKER_URL says so, as in CI; the embedded filesystem broker otherwise)
and produces the PDF, whose text holds the council, the month and its figures."""

import io
import time
import uuid
from pathlib import Path

import pytest
from celery import current_app
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from pypdf import PdfReader

from reports.models import MonthlyReport, ReportStatus
from reports.services import report_for
from reports.tasks import render_monthly_report
from reports.tests.builders import MONTH, NOTE_MARKER, council_with_a_month_of_activity

# The project's app (config/celery.py), which Celery's Django fix-up makes the default.
celery_app = current_app._get_current_object()


@pytest.fixture
def real_broker(monkeypatch):
    """Tasks go through the broker (never run in this process), on a queue of this
    test's own, so no other worker on the same broker takes them."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "worker_hijack_root_logger", False)
    # The broker of the settings, whatever an earlier test left in Celery's settings,
    # with producers and connections made afresh.
    monkeypatch.setitem(celery_app.conf, "broker_url", settings.CELERY_BROKER_URL)
    for key in ("broker_read_url", "broker_write_url"):
        monkeypatch.setitem(celery_app.conf, key, None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    monkeypatch.setattr(celery_app, "_pool", None)
    queue = f"test-reports-{uuid.uuid4().hex[:8]}"
    if celery_app.conf.broker_url.startswith("filesystem://"):
        # The worker looks for new message files every tenth of a second, not every second.
        options = {**celery_app.conf.broker_transport_options, "polling_interval": 0.1}
        monkeypatch.setitem(celery_app.conf, "broker_transport_options", options)
    yield queue
    if celery_app.conf.broker_url.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for leftover in Path(options["data_folder_in"]).glob(f"*.{queue}.msg"):
            leftover.unlink(missing_ok=True)
        Path(options.get("control_folder", "control"), f"{queue}.exchange").unlink(missing_ok=True)


# Committed rows, so the worker's own connection sees them.
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_produces_a_queued_report(real_broker, reference_rows):
    assert not celery_app.conf.task_always_eager
    built = council_with_a_month_of_activity()
    report = report_for(council=built.council, month=MONTH)

    # Queued before the worker starts: kombu's filesystem transport makes a message's file
    # before it writes it, and a worker polling meanwhile (on a busy machine) reads it empty.
    result = render_monthly_report.apply_async((report.pk,), queue=real_broker)
    with start_worker(
        celery_app, perform_ping_check=False, queues=[real_broker], shutdown_timeout=30
    ):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
                break
            time.sleep(0.2)

    assert report.status == ReportStatus.DONE, report.error
    assert report.run_id == result.id  # produced by the worker, not in this process
    assert MonthlyReport.objects.count() == 1
    reader = PdfReader(io.BytesIO(Path(report.file.path).read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert built.council.name in text
    assert "October 2025" in text
    assert "Sessions held in the month 3" in text
    assert "Sessions held to date 5" in text
    assert NOTE_MARKER not in text
