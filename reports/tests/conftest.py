"""Fixtures of the report tests: files in a temporary folder, quick passwords, and
tasks run in the test's own process unless a test starts a real worker."""

import pytest
from celery import current_app

from accounts.tests.factories import ProgrammeManagerFactory
from notifications.tests.builders import ensure_reference_rows

# The project's app (config/celery.py), which Celery's Django fix-up makes the default.
celery_app = current_app._get_current_object()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_tasks(monkeypatch):
    """Queued tasks run at once in this process (when the transaction commits)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def manager(db):
    return ProgrammeManagerFactory(full_name="Jo Hartley", email="jo.hartley@example.org")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture(scope="session", autouse=True)
def reference_rows_in_test_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_rows()


@pytest.fixture
def reference_rows(transactional_db):
    """For a transactional test: an earlier one's flush removed them."""
    ensure_reference_rows()
