import json

import pytest
from celery import current_app
from django.test import Client

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory

# The project's app (config/celery.py), which Celery's Django fix-up makes the default.
celery_app = current_app._get_current_object()


pytestmark = pytest.mark.django_db


def test_home_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_page_uses_the_layout(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-GB">' in html
    assert "Skip to main content" in html
    assert "Accessibility statement" in html


def test_unknown_page_is_a_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Skip to main content" in response.content.decode()


# The addresses a platform's probe uses as Host: the container's own, never the site's
# name; none is in ALLOWED_HOSTS.
PROBE_HOSTS = ["127.0.0.1:8000", "172.18.0.5:8000", "[fd00::5]:8000"]


@pytest.fixture
def broker_down(monkeypatch):
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    for key in ("broker_url", "broker_write_url"):
        monkeypatch.setitem(celery_app.conf, key, "redis://127.0.0.1:9/0")


def assert_plain_and_uncached(response):
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.parametrize("host", PROBE_HOSTS)
def test_healthz_and_readyz_answer_whatever_the_host_without_a_warning(client, host, caplog):
    live = client.get("/healthz", HTTP_HOST=host)
    ready = client.get("/readyz", HTTP_HOST=host)

    assert live.status_code == 200
    assert live.content.decode() == "ok\n"
    assert_plain_and_uncached(live)
    assert ready.status_code == 200
    assert ready.content.decode() == "database: ok\nbroker: ok\n"
    assert_plain_and_uncached(ready)
    assert [r.getMessage() for r in caplog.records if r.levelname != "DEBUG"] == []


def test_a_page_asked_for_by_a_host_not_allowed_is_still_refused(client):
    response = client.get("/", HTTP_HOST="172.18.0.5:8000")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_healthz_asks_neither_the_database_nor_the_broker(
    client, broker_down, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_readyz_names_the_broker_when_it_does_not_answer(client, broker_down):
    response = client.get("/readyz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 503
    assert response.content.decode() == "database: ok\nbroker: failed\n"
    assert_plain_and_uncached(response)


def test_healthz_and_readyz_answer_signed_in_people_too(client):
    client.force_login(ProgrammeManagerFactory())
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_healthz_and_readyz_answer_get_only(client):
    for path in ("/healthz", "/readyz"):
        response = client.post(path)
        assert response.status_code == 405
        assert response["Allow"] == "GET"


# --- Error pages with the static files missing --------------------------------------------


@pytest.fixture(params=["no manifest", "an empty manifest"])
def static_files_not_collected(request, settings, tmp_path):
    """Production's storage (hashed names from staticfiles.json) where collectstatic has
    not run: ``{% static %}`` raises ValueError for every file."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATIC_ROOT.mkdir()
    if request.param == "an empty manifest":
        manifest = {"paths": {}, "version": "1.1", "hash": ""}
        (settings.STATIC_ROOT / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }


def test_the_500_page_renders_when_the_static_files_are_missing(static_files_not_collected):
    client = Client(raise_request_exception=False)
    # The sign-in page's layout asks for its stylesheet through the manifest, and fails.
    response = client.get("/accounts/login/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert "Skip to main content" in html


def test_the_other_error_pages_render_when_the_static_files_are_missing(
    static_files_not_collected,
):
    client = Client(raise_request_exception=False)
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert "Page not found" in not_found.content.decode()
    bad_host = client.get("/", HTTP_HOST="172.18.0.5:8000")
    assert bad_host.status_code == 400
    assert "Bad request" in bad_host.content.decode()
    client.force_login(UserFactory())
    forbidden = client.get("/admin/login/")  # the admin is for site administrators only
    assert forbidden.status_code == 403
    assert "You cannot do that" in forbidden.content.decode()
