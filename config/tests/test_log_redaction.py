"""No secrets in logs (issue 16, item 11): tokens in addresses never reach a log line,
and the console mail backend says who and what subject, not the message with its link."""

import contextlib
import io
import logging
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIServer

import pytest
from django.conf import settings as django_settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.personas import EMAILS
from calendars.services import calendar_feed_renew
from core.logging import RedactSecretsFilter, redact

BASE_DIR = Path(__file__).resolve().parents[2]
TOKEN = "Zq7secretTOKENvalue_-1234567890abcdefXYZ"


@pytest.fixture
def log_output():
    """What the site's configured handlers (root's console and runserver's
    django.server) write, read from a buffer put in place of their stream."""
    buffer = io.StringIO()
    handlers = [
        h
        for name in ("", "django.server")
        for h in logging.getLogger(name).handlers
        # Named in LOGGING, so not pytest's own (which an in-process Celery worker, started
        # by an earlier test in this process, gives the same filter).
        if h.name in django_settings.LOGGING["handlers"]
    ]
    assert handlers
    old = [h.setStream(buffer) for h in handlers]
    yield buffer
    for handler, stream in zip(handlers, old, strict=True):
        handler.setStream(stream)


def runserver_request(path: str) -> None:
    """One request through runserver's own request handler, which writes the
    django.server log line (the application behind it does not matter here)."""

    def app(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not here"]

    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(app)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    with contextlib.suppress(urllib.error.HTTPError):  # the 404 is expected
        urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{path}")
    thread.join(timeout=10)
    server.server_close()


@pytest.mark.django_db
def test_a_calendar_feed_address_reaches_no_log(demo_programme, log_output):
    token = calendar_feed_renew(user=User.objects.get(email=EMAILS["mentor_a"]))
    feed = reverse("calendar_feed_ics", kwargs={"token": token})
    assert Client().get(feed).status_code == 200
    wrong = reverse("calendar_feed_ics", kwargs={"token": TOKEN})
    assert Client().get(wrong).status_code == 404  # django.request logs "Not Found: <path>"
    runserver_request(feed)

    logged = log_output.getvalue()
    assert "Not Found: /calendar/[redacted].ics" in logged
    assert '"GET /calendar/[redacted].ics HTTP/1.1" 404' in logged
    assert token not in logged and TOKEN not in logged


@pytest.mark.django_db
def test_an_invitation_link_reaches_no_log(log_output):
    link = reverse("invitation_accept", kwargs={"token": TOKEN})
    assert Client().get(link).status_code == 404
    runserver_request(link)

    logged = log_output.getvalue()
    assert "Not Found: /accounts/invitation/[redacted]/" in logged
    assert '"GET /accounts/invitation/[redacted]/ HTTP/1.1" 404' in logged
    assert TOKEN not in logged


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("calendar_feed_ics", {"token": TOKEN}),
        ("invitation_accept", {"token": TOKEN}),
        ("account_reset_password_from_key", {"uidb36": "4f", "key": TOKEN}),
        ("account_confirm_email", {"key": TOKEN}),
    ],
)
def test_every_address_that_carries_a_secret_is_redacted(name, kwargs):
    """The URLconf's own addresses, so a pattern that moves is still caught."""
    path = reverse(name, kwargs=kwargs)
    line = f'"GET {path} HTTP/1.1" 200 512 "https://mentoring.example.gov.uk{path}"'
    assert TOKEN not in redact(line)
    assert "[redacted]" in redact(line)


def test_a_secret_in_a_query_string_is_redacted_and_other_addresses_are_not():
    assert redact("GET /accounts/login/code/confirm/?code=BCDF-GHJK") == (
        "GET /accounts/login/code/confirm/?code=[redacted]"
    )
    for path in ["/accounts/invitations/new/", "/accounts/calendar/renew/", "/sessions/12/"]:
        assert redact(f"GET {path}") == f"GET {path}"


def test_a_traceback_that_names_the_address_is_redacted_too():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecretsFilter())
    logger = logging.getLogger("test_log_redaction.traceback")
    logger.addHandler(handler)
    try:
        raise ValueError(f"could not read /calendar/{TOKEN}.ics")
    except ValueError:
        logger.exception("Internal Server Error: /calendar/%s.ics", TOKEN)
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "ValueError: could not read /calendar/[redacted].ics" in written
    assert TOKEN not in written


@pytest.mark.django_db
def test_the_console_mail_says_who_and_what_subject_but_not_the_link(
    demo_programme, settings, tmp_path, capsys
):
    settings.EMAIL_BACKEND = "core.mail.FolderAndConsoleEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    email = EMAILS["mentor_a"]
    response = Client().post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302

    console = capsys.readouterr().out
    assert f"Email to {email}: Councillor mentoring: " in console
    assert str(tmp_path / "mail") in console  # where to read the whole message
    assert "/password/reset/key/" not in console
    assert "http" not in console
    [saved] = (tmp_path / "mail").iterdir()
    assert "/accounts/password/reset/key/" in saved.read_text()  # the file keeps it all


def test_the_workers_log_is_redacted_too():
    """Celery replaces the root logger's handlers when a worker starts (in a process of
    its own here, so this test's logging is left alone)."""
    code = (
        "import logging, django; django.setup()\n"
        "from config.celery import app\n"
        "app.log.setup_logging_subsystem(loglevel='INFO')\n"
        f"logging.getLogger('notifications.tasks').warning('link /accounts/invitation/{TOKEN}/')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "link /accounts/invitation/[redacted]/" in result.stderr
    assert TOKEN not in result.stderr + result.stdout
