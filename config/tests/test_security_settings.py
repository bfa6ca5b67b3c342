"""The production security settings a council's security review asks about, each
checked as production would load them (DEBUG off, from the environment)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
READ = """
import json
from django.conf import settings as s
print(json.dumps({
    "hsts": s.SECURE_HSTS_SECONDS, "hsts_subdomains": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "hsts_preload": s.SECURE_HSTS_PRELOAD, "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "session_secure": s.SESSION_COOKIE_SECURE, "session_httponly": s.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": s.CSRF_COOKIE_SECURE, "frames": s.X_FRAME_OPTIONS,
    "referrer": s.SECURE_REFERRER_POLICY, "session_age": s.SESSION_COOKIE_AGE,
    "idle": s.SESSION_IDLE_SECONDS, "hasher": s.PASSWORD_HASHERS[0],
    "debug": s.DEBUG,
}))
"""


@pytest.fixture(scope="module")
def production():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="mentoring.example.gov.uk",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", READ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains_and_redirects_to_https(production):
    assert production["debug"] is False
    assert production["hsts"] >= 365 * 24 * 60 * 60
    assert production["hsts_subdomains"] and production["hsts_preload"]
    assert production["ssl_redirect"]


def test_production_cookies_are_secure_and_the_session_cookie_http_only(production):
    assert production["session_secure"] and production["csrf_secure"]
    assert production["session_httponly"]


def test_production_denies_framing_and_keeps_referrers_to_the_site(production):
    assert production["frames"] == "DENY"
    assert production["referrer"] in {"same-origin", "strict-origin", "no-referrer"}


def test_sessions_end_after_30_minutes_idle_and_12_hours_in_all(production):
    assert production["idle"] == 30 * 60
    assert production["session_age"] == 12 * 60 * 60


def test_passwords_are_hashed_with_argon2_and_need_12_characters_not_on_the_common_list(
    production,
):
    assert production["hasher"].endswith("Argon2PasswordHasher")
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3")
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")
    validate_password("correct horse battery staple")


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored_and_carry_the_security_headers(client_as, demo_programme):
    response = client_as("mentor_a").get(reverse("home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
