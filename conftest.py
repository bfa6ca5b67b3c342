"""Fixtures shared by every app's tests.

Browser tests use pytest-playwright's ``page`` against pytest-django's
``live_server``, with Debian's Chromium (Playwright's own download is not
available here). ``axe_check(page)`` fails on serious or critical WCAG 2.2
A/AA violations (``impacts=None``: on any).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_skipped_browser_tests = []


def pytest_collection_modifyitems(config, items):
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
    reason = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package to run browser tests"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))
        _skipped_browser_tests.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser_tests:
        terminalreporter.write_sep(
            "!",
            f"{len(_skipped_browser_tests)} BROWSER TESTS SKIPPED: Chromium is not installed at {CHROMIUM}",
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


@pytest.fixture(autouse=True)
def _empty_cache():
    """A test's database is rolled back, but the cache is the process's: what one test
    cached (the dashboard's figures, rate limits) must not answer the next."""
    from django.core.cache import cache

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


# Personas (manager, mentors A and B, councillors A and B, commissioners of X
# and Y) on the demo programme, for every app's access tests.
from accounts.tests.personas import client_as, demo_programme, persona_users  # noqa: E402, F401
