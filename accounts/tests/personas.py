"""The people every access test is tried as, built on the demo programme.

Mentor A mentors councillor A (Rotherham's Leader); mentor B mentors
councillor B (Leader of the Opposition), both in Rotherham (council X); a
commissioner oversees Rotherham (for these tests), another oversees Leeds (council Y).

The demo programme takes a second or two to build, so it is built once per module for
the tests that ask for it (run first in their module), in a transaction of its own that
each test's own transaction (a savepoint) sits inside: what a test changes is rolled back
after it, and the programme itself is rolled back before the next test that does not ask
for it, so no other test finds it. A transactional test (a live server's, a real
worker's) must see committed rows, so it builds and commits the programme itself, and its
flush removes it.

This module is a pytest plugin (the root conftest.py names it): its hooks open and close
that transaction around the tests.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django.fixtures import validate_django_db

from accounts.models import User
from councils.models import CommissionerAppointment, Council

PERSONAS = [
    "anonymous",
    "manager",
    "mentor_a",
    "mentor_b",
    "councillor_a",
    "councillor_b",
    "commissioner_x",
    "commissioner_y",
]


SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
LOGIN = "login"  # a redirect to the sign-in page
ANY = "any"  # 200 or a redirect that is not to sign-in (e.g. to re-authenticate)


def everyone(code):
    return dict.fromkeys(PERSONAS, code)


def signed_in(code=200):
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, code)}


def only(*allowed, code=200):
    """Signed-in personas not named get 404: ids do not reveal what exists."""
    return {"anonymous": LOGIN, **{p: code if p in allowed else 404 for p in SIGNED_IN}}


EMAILS = {
    "manager": "manager@demo.example.org",
    "mentor_a": "mentor.a@demo.example.org",
    "mentor_b": "mentor.b@demo.example.org",
    "councillor_a": "councillor.a@demo.example.org",
    "councillor_b": "councillor.b@demo.example.org",
    "commissioner_x": "commissioner@demo.example.org",
    "commissioner_y": "commissioner.y@demo.example.org",
}


def demo_programme_build():
    """seed_demo's programme, and the access tests' commissioners: the demo commissioner
    (who in the demo oversees the fictional Eastmoor) for Rotherham too, and another for
    Leeds (council Y). Test data only: Rotherham's real commissioners left in 2018."""
    # --force: seed_demo refuses with DEBUG off, as the tests run.
    call_command("seed_demo", force=True, stdout=io.StringIO())
    CommissionerAppointment.objects.get_or_create(
        council=Council.objects.get(slug="rotherham"),
        commissioner=User.objects.get(email=EMAILS["commissioner_x"]),
        started_on=datetime.date(2025, 1, 1),
    )
    commissioner_y, _ = User.objects.get_or_create(
        email=EMAILS["commissioner_y"], defaults={"full_name": "Commissioner for Leeds"}
    )
    CommissionerAppointment.objects.get_or_create(
        council=Council.objects.get(slug="leeds"),
        commissioner=commissioner_y,
        defaults={"started_on": datetime.date(2025, 1, 1)},
    )


def _is_transactional(item: pytest.Item) -> bool:
    """As pytest-django decides: such a test's rows are committed, so it cannot run inside
    the programme's open transaction."""
    marker = item.get_closest_marker("django_db")
    if marker:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def _shares_the_programme(item: pytest.Item) -> bool:
    return "demo_programme" in getattr(item, "fixturenames", ()) and not _is_transactional(item)


class _SharedProgramme:
    """The demo programme in a transaction kept open across tests (one per process: each
    xdist worker has its own database and its own programme)."""

    def __init__(self):
        self.blocker = None  # pytest-django's
        self.has_database = False  # the test database is set up
        self.wanted = False  # by the test being set up
        self._atomic = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def open(self):
        self.has_database = True
        with self.blocker.unblock():
            atomic = transaction.atomic()
            # As Django's TestCase marks its own: a durable block inside is still allowed.
            atomic._from_testcase = True
            atomic.__enter__()
            try:
                demo_programme_build()
            except BaseException as error:
                atomic.__exit__(type(error), error, error.__traceback__)
                raise
            self._atomic = atomic

    def close(self):
        if self._atomic is None:
            return
        atomic, self._atomic = self._atomic, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_shared = _SharedProgramme()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each module, the tests that share the programme first (pytest-django has
    already put the database tests before the transactional ones), so it is built once
    for them rather than again after each test that does not use it."""
    runs, start = [], 0
    for i in range(1, len(items) + 1):
        if i == len(items) or items[i].path != items[start].path:
            runs.append(items[start:i])
            start = i
    items[:] = [
        item
        for run in runs
        for item in sorted(run, key=lambda item: not _shares_the_programme(item))
    ]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures: roll the programme back if this test does not share it,
    or build it again (after such a test) if it does."""
    _shared.wanted = _shares_the_programme(item)
    if _shared.is_open and not _shared.wanted:
        _shared.close()
    elif _shared.wanted and not _shared.is_open and _shared.has_database:
        _shared.open()


@pytest.fixture(scope="module")
def _shared_demo_programme(request, django_db_blocker):
    """Module-scoped, so set up before any test's own transaction: the module's first test
    that shares the programme builds it here (after the test database; asked for only then,
    as a browser test needs its ORM allowed beside Playwright first). Rolled back, at the
    latest, when the module is done."""
    _shared.blocker = django_db_blocker
    if _shared.wanted and not _shared.is_open:
        request.getfixturevalue("django_db_setup")
        _shared.open()
    yield _shared
    _shared.close()


@pytest.fixture
def demo_programme(request, _shared_demo_programme):
    if _shared_demo_programme.is_open:
        # Built already; this test's own transaction is a savepoint inside it.
        request.getfixturevalue("db")
        return
    # A transactional test: built and committed now, removed by its flush. (Or a test that
    # asked for the programme only as it ran: built in its own transaction.)
    if not _is_transactional(request.node):
        request.getfixturevalue("db")
    demo_programme_build()


@pytest.fixture
def persona_users(demo_programme):
    return {name: User.objects.get(email=email) for name, email in EMAILS.items()}


@pytest.fixture
def client_as(client, persona_users):
    """client_as("mentor_a") gives a test client signed in as that persona."""
    from django.test import Client

    def make(persona):
        c = Client()
        if persona != "anonymous":
            c.force_login(persona_users[persona])
        return c

    return make
