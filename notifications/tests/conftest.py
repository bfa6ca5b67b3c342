"""Fixtures of the notification tests: a fixed day and a programme manager."""

import datetime

import pytest

from accounts.tests.factories import ProgrammeManagerFactory
from notifications.tests.builders import ensure_reference_rows

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def manager(db):
    return ProgrammeManagerFactory(full_name="Jo Hartley", email="jo.hartley@example.org")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Accounts made by factories hash a password; the quick hasher keeps tests fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def reference_rows_in_test_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_rows()
