"""gunicorn with production settings, probed as a container platform probes it: by the
container's own address, which is not in ALLOWED_HOSTS.

gunicorn listens on loopback only (nothing of a test is served to the network); the
probes differ by their Host header, which is all Django's host check reads. The database
is an empty SQLite file of the test's own (the readiness check asks it ``SELECT 1``,
no table), the broker the embedded filesystem one under the test's VAR_DIR, and
collectstatic has not run.
"""

import http.client
import os
import socket

import pytest
from cryptography.fernet import Fernet

from config.tests.faults import free_port, start_web_process, stop_process_group, wait_for

SITE = "mentoring.example.gov.uk"


def own_address() -> str:
    """This machine's address on its network, as a load balancer would see a container;
    a typical container's address where it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # UDP: nothing is sent, this only picks the interface
            address = s.getsockname()[0]
    except OSError:
        address = ""
    return address if address and not address.startswith("127.") else "172.18.0.5"


def production_env(tmp_path) -> dict[str, str]:
    """Production's defaults (DEBUG off, HTTPS redirect, secure cookies, the manifest
    storage, MFA for staff) from a clean environment, not the test run's."""
    static_root = tmp_path / "staticfiles"
    static_root.mkdir()
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    return {
        **{name: os.environ[name] for name in keep if name in os.environ},
        "DEBUG": "false",
        "SECRET_KEY": "health-probe-test-" + Fernet.generate_key().decode(),
        "CONFIDENTIAL_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": SITE,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "INFO",
    }


def get(port: int, path: str, host: str) -> tuple[int, str, http.client.HTTPMessage]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace"), response.headers
    finally:
        connection.close()


def answers(port: int) -> bool:
    try:
        return get(port, "/healthz", "127.0.0.1")[0] == 200
    except OSError:
        return False


@pytest.mark.slow
def test_gunicorn_in_production_answers_the_probes_by_any_address_and_refuses_pages(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"  # its stderr and stdout
    web = start_web_process(production_env(tmp_path), port, log)
    try:
        wait_for(
            lambda: answers(port),
            60,
            lambda: f"gunicorn did not start:\n{log.read_text(errors='replace')}",
            interval=0.2,
        )
        hosts = [f"127.0.0.1:{port}", "127.0.0.1:8000", f"{own_address()}:8000", "[::1]:8000"]
        for host in hosts:
            for path, body in [("/healthz", "ok\n"), ("/readyz", "database: ok\nbroker: ok\n")]:
                status, text, headers = get(port, path, host)
                assert (status, text) == (200, body), (host, path, text)
                assert headers["Content-Type"] == "text/plain; charset=utf-8"
                assert headers["Set-Cookie"] is None
                assert headers["Location"] is None  # not sent to https

        quiet = log.read_text(errors="replace")
        assert "Traceback" not in quiet, quiet
        assert "DisallowedHost" not in quiet, quiet
        assert "Invalid HTTP_HOST" not in quiet, quiet

        # The host check still guards every page, and the error page renders without
        # collectstatic.
        status, text, _ = get(port, "/", f"{own_address()}:8000")
        assert status == 400
        assert "Bad request" in text
        status, _, headers = get(port, "/", SITE)
        assert status == 301
        assert headers["Location"] == f"https://{SITE}/"
        assert web.poll() is None
    finally:
        stop_process_group(web)
    # The refused page was logged: the log checked above is the one Django writes to.
    assert "Invalid HTTP_HOST header" in log.read_text(errors="replace")
