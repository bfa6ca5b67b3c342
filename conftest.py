"""Fixtures shared by every app's tests.

Browser tests use pytest-playwright's ``page`` against pytest-django's
``live_server``, with Debian's Chromium (Playwright's own download is not
available here). ``axe_check(page)`` fails on serious or critical WCAG 2.2
A/AA violations (``impacts=None``: on any).

``make test`` runs the suite in one process per core (pytest-xdist): each has its own
test database (pytest-django's ``test_<name>_gw0``...), media folder and cache keys,
and the tests marked ``alone`` run before them, in a process of their own.
"""

import os
from pathlib import Path

import pytest

# Personas (manager, mentors A and B, councillors A and B, commissioners of X
# and Y) on the demo programme, for every app's access tests.
pytest_plugins = ["accounts.tests.personas"]

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The xdist worker this process is ("gw0", "gw1"...), or None in a single process.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
NO_CHROMIUM = f"Chromium not found at {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    if XDIST_WORKER:
        for item in items:
            if item.get_closest_marker("alone"):
                item.add_marker(
                    pytest.mark.skip(
                        reason="runs alone, not beside other tests (make test runs it on its "
                        "own first; or: pytest -n 0)"
                    )
                )
    if CHROMIUM.exists():
        return
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS", "").lower() in {"1", "true", "yes"}:
        raise pytest.UsageError(
            f"REQUIRE_BROWSER_TESTS is set but Chromium is not at {CHROMIUM}: "
            "install Debian's 'chromium' package."
        )
    reason = f"{NO_CHROMIUM}: install Debian's 'chromium' package to run browser tests"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter):
    # Counted from the reports, which under xdist reach this process from the workers.
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if NO_CHROMIUM in str(r.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"{len(skipped)} BROWSER TESTS SKIPPED: Chromium is not installed at {CHROMIUM}",
            yellow=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _own_media_and_cache_keys(tmp_path_factory):
    """Files a test writes go to a folder of this process's own, not var/media. Under
    xdist a shared cache server (Redis in CI) holds each worker's keys under a prefix of
    its own, so one worker's rate limits and cached figures never answer another's."""
    from django.conf import settings
    from django.test import override_settings

    overrides = {"MEDIA_ROOT": tmp_path_factory.mktemp("media")}
    cache = settings.CACHES["default"]
    if XDIST_WORKER and cache["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        overrides["CACHES"] = {
            **settings.CACHES,
            "default": {**cache, "KEY_PREFIX": f"test-{XDIST_WORKER}"},
        }
    with override_settings(**overrides):
        yield


@pytest.fixture(autouse=True)
def _steady_session_writes(settings):
    """A query-count test builds hundreds of rows between two requests, which on a busy
    machine takes more than a minute: the second request would then also write the
    session's "last seen" time (three queries more) and look like a page that grows.
    The tests of the idle clock move it by 20 minutes or set a short idle time, so they
    still see every write."""
    settings.SESSION_ACTIVITY_WRITE_SECONDS = 10 * 60


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Argon2 as configured takes a third of a second a password, and factories and the
    demo programme set many: the same algorithm at its lowest cost here.
    (config/tests/test_security_settings.py checks production's hasher.)"""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Argon2PasswordHasher, "time_cost", 1)
        mp.setattr(Argon2PasswordHasher, "memory_cost", 64)
        mp.setattr(Argon2PasswordHasher, "parallelism", 1)
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """A test's database is rolled back, but the cache is the process's: what one test
    cached (the dashboard's figures, rate limits) must not answer the next."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]  # the backend itself, not django.core.cache.cache's proxy
    if XDIST_WORKER and isinstance(cache, RedisCache):
        # clear() would empty the other workers' keys too (FLUSHDB): only this one's.
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """A transactional test ends by emptying every table, the data migrations' roles,
    mentoring types and themes too: a test after it finds them put back."""
    uses_db = request.node.get_closest_marker("django_db") is not None
    for name in ("transactional_db", "db", "live_server"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            uses_db = True
    if uses_db:
        from councils.models import Role
        from demo.reference import ensure_reference_data

        if not Role.objects.exists():
            ensure_reference_data()
    yield


@pytest.fixture(scope="session")
def _allow_orm_beside_playwright():
    # Playwright's sync API keeps an event loop running in this thread for the
    # rest of the session, so Django would refuse ORM calls from the test and
    # the database teardown without this. Only browser tests ask for it.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(autouse=True)
def _close_browser_contexts(request):
    """Browser contexts a test opened itself (a second person's) are closed when it ends.
    Left open, their keep-alive connections outlive the live server, stopped at the end of
    the session, and each of its threads then fails as it closes the database connection
    it shared (a warning with a traceback in a passing run)."""
    yield
    # From the test's fixture values: asking for "browser" here would start it earlier.
    browser = getattr(request.node, "funcargs", {}).get("browser")
    for context in browser.contexts if browser else []:
        context.close()


@pytest.fixture
def browser_page(_allow_orm_beside_playwright, page, live_server):
    """A Playwright page; ``page.base`` is the live server's address."""
    page.set_default_timeout(10_000)
    page.base = live_server.url
    return page


@pytest.fixture
def axe_check():
    """``axe_check(page)`` fails on serious or critical violations; ``impacts=None``
    counts every violation, whatever its impact; ``fail=False`` returns them as
    report lines instead of failing (for a sweep that collects many pages)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, impacts=("serious", "critical"), *, fail=True):
        # Only violations are read: asking for no passes makes each run quicker.
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        results = axe.run(page, options=options)
        bad = [
            f"- {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in results.response["violations"]
            if impacts is None or v.get("impact") in impacts
        ]
        assert not (fail and bad), f"axe found on {page.url}:\n" + "\n".join(bad)
        return bad

    return check
