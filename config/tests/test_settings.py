"""The settings layer refuses values it cannot understand, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def run_check(**env):
    return run([sys.executable, "manage.py", "check"], **env)


def test_missing_secret_key_with_debug_off_stops_the_web_server():
    result = run([sys.executable, "-c", "import config.wsgi"], DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_secret_key_with_debug_off_stops_the_worker():
    celery = str(Path(sys.executable).with_name("celery"))
    result = run([celery, "-A", "config", "worker", "--pool", "solo"], DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_offline_commands_run_without_a_secret_key():
    result = run_check(DEBUG="false")
    assert result.returncode == 0, result.stderr


def test_debug_on_starts_without_a_secret_key():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_names_its_variable():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_a_bad_database_url_names_its_variable():
    result = run_check(DEBUG="true", DATABASE_URL="nosuchdb://somewhere/x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_uk_time_zone_and_language(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"


def test_dates_read_the_uk_way():
    import datetime

    from django.template import Context, Template

    rendered = Template('{{ d }} · {{ d|date:"SHORT_DATE_FORMAT" }}').render(
        Context({"d": datetime.date(2026, 11, 25)})
    )
    assert rendered == "25 November 2026 · 25/11/2026"


def test_production_settings_pass_the_deploy_check():
    import secrets

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{
                k: v
                for k, v in os.environ.items()
                # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process only.
                if k
                not in {
                    "DEBUG",
                    "SECURE_SSL_REDIRECT",
                    "SECURE_COOKIES",
                    "DJANGO_ALLOW_ASYNC_UNSAFE",
                }
            },
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "mentoring.example.gov.uk",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
