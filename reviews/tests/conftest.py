"""Fixtures of the reviews tests: uploaded files go to a temporary folder."""

import pytest

from accounts.tests.factories import ProgrammeManagerFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def manager(db):
    return ProgrammeManagerFactory(full_name="Jo Hartley")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
