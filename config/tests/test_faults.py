"""Faults staged on this machine's real services: the database restarted under a running
web server, the broker stopped and started again, a worker killed in the middle of a
report, the mail server refusing connections.

The tests marked ``slow`` start real processes (gunicorn, celery, redis-server) and
take a few seconds each. Those whose processes share the test database need PostgreSQL
(SQLite's test database is in memory); CI runs them all. Each broker fault uses a Redis
of its own on a free port, so stopping it leaves CI's Redis alone, and PostgreSQL is
restarted by one test only.
"""

import datetime
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProgrammeManagerFactory
from config.celery import app as celery_app
from config.tests.faults import (
    ON_POSTGRESQL,
    REDIS_SERVER,
    ThrowawayRedis,
    free_port,
    http_get,
    process_env,
    start_web_process,
    start_worker_process,
    stop_process_group,
    wait_for,
)
from config.tests.faults import children_of as pool_processes_of
from notifications.models import Notification, Reminder
from notifications.rules import ReminderKind
from notifications.services import send_reminders
from notifications.tests.builders import ensure_reference_rows
from reports import services as report_services
from reports.models import MonthlyReport, ReportStatus
from reports.selectors import councils_reported_on
from reports.services import report_for
from reports.tasks import render_monthly_report
from reports.tests.builders import MONTH, council_with_a_month_of_activity
from reports.views import NOT_QUEUED
from reviews.tests.factories import ActionFactory

NEEDS_POSTGRESQL = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="a web server or worker in another process shares the test database, which "
    "needs PostgreSQL: SQLite's test database is in memory (CI runs this on PostgreSQL)",
)
NEEDS_REDIS_SERVER = pytest.mark.skipif(
    REDIS_SERVER is None,
    reason="redis-server is not installed: the broker faults start a Redis of their own",
)
PG_CTLCLUSTER = shutil.which("pg_ctlcluster")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reference_rows():
    """Roles and mentoring types (after the test's django_db mark has set up the
    database): a transactional test's flush removed them."""
    ensure_reference_rows()


@pytest.fixture
def manager():
    return ProgrammeManagerFactory(full_name="Jo Hartley", email="jo.hartley@example.org")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def use_broker(monkeypatch, url: str) -> None:
    """Tasks go through the broker at ``url`` (never run in this process), on
    connections made afresh."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "worker_hijack_root_logger", False)
    # broker_url alone is not enough: Celery prefers the CELERY_BROKER_URL variable to
    # it, but not to these two.
    for key in ("broker_url", "broker_read_url", "broker_write_url"):
        monkeypatch.setitem(celery_app.conf, key, url)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    monkeypatch.setattr(celery_app, "_pool", None)


@pytest.fixture
def redis_broker(tmp_path, monkeypatch):
    redis = ThrowawayRedis(tmp_path / "redis")
    redis.start()
    use_broker(monkeypatch, redis.url)
    yield redis
    redis.stop()


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


def emails_to(address: str, mail_folder: Path) -> int:
    """How many messages the worker's mail folder holds for ``address``."""
    if not mail_folder.exists():
        return 0
    return sum(
        line == f"To: {address}"
        for path in mail_folder.iterdir()
        for line in path.read_text().splitlines()
    )


def log_tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def status_of(report: MonthlyReport) -> str:
    return MonthlyReport.objects.values_list("status", flat=True).get(pk=report.pk)


def finished(report: MonthlyReport) -> bool:
    """Failed, or made and its email claimed (the worker is stopped gently after, so
    the email goes)."""
    status, emailed_at = MonthlyReport.objects.values_list("status", "emailed_at").get(pk=report.pk)
    return status == ReportStatus.FAILED or (status == ReportStatus.DONE and emailed_at)


# --- A worker killed in the middle of a report -------------------------------------------


@pytest.mark.slow
@NEEDS_POSTGRESQL
@NEEDS_REDIS_SERVER
@pytest.mark.parametrize("victim", ["pool process", "whole worker"])
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_report_leaves_it_made_once(
    victim, redis_broker, reference_rows, media_in_tmp, tmp_path
):
    """SIGKILL while the report is being rendered. The pool process (the out-of-memory
    killer's usual victim): its worker puts the task back (reject_on_worker_lost) and
    runs it again. The whole worker (a container stopped hard): the task was never
    acknowledged, so Redis hands it to the next worker (after the visibility timeout,
    seconds here, an hour by default)."""
    built = council_with_a_month_of_activity()
    report = report_for(council=built.council, month=MONTH)
    env = process_env(tmp_path, CELERY_BROKER_URL=redis_broker.url)
    log = tmp_path / "worker.log"
    worker = start_worker_process(env, log)
    try:
        render_monthly_report.apply_async((report.pk,))
        wait_for(
            lambda: status_of(report) == ReportStatus.RUNNING,
            90,
            lambda: f"the worker never started the report:\n{log_tail(log)}",
            interval=0.01,
        )
        if victim == "pool process":
            for pid in pool_processes_of(worker.pid):
                os.kill(pid, signal.SIGKILL)
        else:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)

        report.refresh_from_db()
        assert report.status == ReportStatus.RUNNING, "the kill came too late"
        assert report.rendered_at is None and not report.file

        if victim == "whole worker":
            worker = start_worker_process(env, log)
        wait_for(
            lambda: finished(report),
            90,
            lambda: f"the report was not made again:\n{log_tail(log)}",
            interval=0.2,
        )
    finally:
        stop_process_group(worker)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert MonthlyReport.objects.count() == 1
    assert pdfs_in(media_in_tmp) == [media_in_tmp / report.file.name]
    assert emails_to(built.commissioner.email, tmp_path / "var" / "mail") == 1
    assert Notification.objects.filter(recipient=built.commissioner).count() == 1


# --- PostgreSQL restarted while the app serves -------------------------------------------


def local_cluster() -> tuple[str, str] | None:
    """(version, name) of the PostgreSQL cluster on this machine that holds the test
    database, if this process may restart it (pg_ctlcluster, as root or postgres)."""
    if not (ON_POSTGRESQL and PG_CTLCLUSTER):
        return None
    db = connections["default"].settings_dict
    if (db.get("HOST") or "localhost") not in ("localhost", "127.0.0.1", "::1"):
        return None
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        return None
    port = str(db.get("PORT") or 5432)
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
    ).stdout
    for line in listing.splitlines():
        version, name, cluster_port, status, *_ = line.split()
        if cluster_port == port and status == "online":
            return version, name
    return None


CLUSTER = local_cluster()


@pytest.mark.slow
@pytest.mark.alone  # every other test's connection is cut too
@pytest.mark.skipif(
    CLUSTER is None,
    reason="restarting the database needs the test database on PostgreSQL in a local "
    "cluster that pg_ctlcluster may restart (root or postgres); CI has one",
)
@pytest.mark.django_db(transaction=True)
def test_the_site_answers_again_after_postgresql_restarts_without_its_own_restart(
    manager_client, tmp_path
):
    """gunicorn (two workers) keeps its database connections between requests
    (CONN_MAX_AGE); after the server restarts, each is checked before use
    (CONN_HEALTH_CHECKS) and opened afresh, so no page fails and gunicorn is not
    restarted. This restarts the machine's PostgreSQL once, in a second or two."""
    cookies = {"sessionid": manager_client.cookies["sessionid"].value}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    web = start_web_process(process_env(tmp_path), port, log)
    try:
        wait_for(
            lambda: _status(f"{base}/readyz") == 200,
            60,
            lambda: f"gunicorn did not start:\n{log_tail(log)}",
            interval=0.2,
        )
        # Both workers hold an open connection: more requests than workers.
        before = [http_get(f"{base}/dashboard/", cookies) for _ in range(6)]
        assert [status for status, _ in before] == [200] * 6, log_tail(log)
        assert "Jo Hartley" in before[0][1]

        connections.close_all()  # this process's own, which the restart ends too
        version, name = CLUSTER
        subprocess.run(
            [PG_CTLCLUSTER, "--skip-systemctl-redirect", version, name, "restart"],
            check=True,
            timeout=120,
            capture_output=True,
        )
        wait_for(_database_answers, 30, "PostgreSQL did not come back", interval=0.2)

        after = [http_get(f"{base}/dashboard/", cookies) for _ in range(6)]
        assert [status for status, _ in after] == [200] * 6, log_tail(log)
        assert "Jo Hartley" in after[-1][1]
        assert _status(f"{base}/readyz") == 200
        assert web.poll() is None  # the same gunicorn throughout
    finally:
        stop_process_group(web)
        connections.close_all()


def _status(url: str) -> int | None:
    try:
        return http_get(url, timeout=5)[0]
    except OSError:
        return None


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        connections.close_all()
        return False


# --- Redis stopped and started again -----------------------------------------------------


@pytest.mark.slow
@NEEDS_REDIS_SERVER
@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_pages_answer_and_the_reports_are_made_once_when_it_returns(
    redis_broker, reference_rows, media_in_tmp, manager_client
):
    """Redis keeps nothing on disk, so a report queued before it stopped is lost with
    it, and one asked for while it is down cannot be queued. Both are last month's
    reports, which the catch-up (beat, every 10 minutes) queues again once Redis is
    back; a worker makes each once."""
    built = council_with_a_month_of_activity()
    today = datetime.date(2025, 11, 5)  # so last month is the builder's October 2025
    # The builder's second council reported on (it has an active placement).
    [other] = [c for c in councils_reported_on(today=today) if c != built.council]

    def ask_for_report(council):
        return manager_client.post(
            reverse("report_request", args=[council.slug]), {"month": "2025-10"}, follow=True
        )

    assert ask_for_report(built.council).status_code == 200
    lost = MonthlyReport.objects.get(council=built.council)
    assert lost.status == ReportStatus.QUEUED

    redis_broker.stop()

    for page in ["/", "/dashboard/", reverse("report_list", args=[built.council.slug])]:
        assert manager_client.get(page).status_code == 200, page
    started = time.monotonic()
    response = ask_for_report(other)
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert NOT_QUEUED.replace("'", "&#x27;") in response.content.decode()
    not_queued = MonthlyReport.objects.get(council=other)
    assert not_queued.status == ReportStatus.FAILED
    ready = manager_client.get("/readyz")
    assert ready.status_code == 503
    assert "broker: failed" in ready.content.decode()
    assert manager_client.get("/healthz").status_code == 200

    redis_broker.start()  # empty, on the same port
    assert manager_client.get("/readyz").status_code == 200
    # Half an hour on: the queued report is given up as lost.
    MonthlyReport.objects.filter(pk=lost.pk).update(
        updated_at=timezone.now() - report_services.STALE_AFTER
    )

    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
        queued = report_services.monthly_reports_catch_up(today=today)
        assert sorted(queued["queued"]) == sorted([lost.pk, not_queued.pk])
        wait_for(
            lambda: all(finished(r) for r in (lost, not_queued)),
            90,
            "the reports were not made once Redis was back",
            interval=0.2,
        )
    again = report_services.monthly_reports_catch_up(today=today)

    assert again == {"queued": [], "emailed": 0}
    assert MonthlyReport.objects.count() == 2
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {ReportStatus.DONE}
    assert len(pdfs_in(media_in_tmp)) == 2
    assert [m.to for m in mail.outbox] == [[built.commissioner.email]]


# --- The mail server down ----------------------------------------------------------------


@pytest.fixture
def mail_server_down(settings, monkeypatch):
    """EMAIL_URL naming a port where nothing listens: every connection is refused."""
    from config.env import env_email

    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{free_port()}")
    smtp = env_email("EMAIL_URL")
    for key, value in smtp.items():
        setattr(settings, key, value)
    settings.EMAIL_TIMEOUT = 2
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    return settings


def mail_server_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.django_db
def test_reminders_refused_by_the_mail_server_are_sent_once_when_it_is_back(
    mail_server_down, reference_rows, manager
):
    today = datetime.date(2026, 3, 2)
    for days in (1, 2):
        ActionFactory(due_on=today - datetime.timedelta(days=days))

    assert send_reminders(today=today) == {}  # a beat run while the mail server is down
    assert send_reminders(today=today) == {}  # and the next

    reminders = list(Reminder.objects.all())
    assert len(reminders) == 2  # to the programme manager, one for each action
    for reminder in reminders:
        assert reminder.sent_at is None and reminder.claimed_at is None
        assert reminder.attempts == 2
        assert reminder.last_error.startswith("ConnectionRefusedError")
    assert not Notification.objects.exists()

    mail_server_back(mail_server_down)
    assert send_reminders(today=today) == {ReminderKind.ACTION_OVERDUE: 2}
    assert send_reminders(today=today) == {}

    assert sorted(m.to[0] for m in mail.outbox) == ["jo.hartley@example.org"] * 2
    assert len({m.subject for m in mail.outbox}) == 2
    assert all(r.sent_at and r.attempts == 3 for r in Reminder.objects.all())
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_a_report_made_while_the_mail_server_is_down_is_emailed_once_by_the_catch_up(
    mail_server_down, reference_rows, media_in_tmp
):
    built = council_with_a_month_of_activity()

    with pytest.raises(ConnectionRefusedError):  # the task fails; the report is kept
        report_services.report_render(council=built.council, month=MONTH, run_id="run-1")
    report = MonthlyReport.objects.get(council=built.council)
    assert report.status == ReportStatus.DONE and report.emailed_at is None
    today = datetime.date(2025, 11, 5)
    with pytest.raises(ConnectionRefusedError):  # the catch-up while it is still down
        report_services.monthly_reports_catch_up(today=today)
    report.refresh_from_db()
    assert report.emailed_at is None  # released for the next try

    mail_server_back(mail_server_down)
    assert report_services.monthly_reports_catch_up(today=today)["emailed"] == 1
    assert report_services.monthly_reports_catch_up(today=today)["emailed"] == 0

    assert [m.to for m in mail.outbox] == [[built.commissioner.email]]
    assert Notification.objects.filter(recipient=built.commissioner).count() == 1
