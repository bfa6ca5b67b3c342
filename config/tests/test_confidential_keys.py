"""The keys for confidential text: none in production stops the web server and the
worker; in development a key of the machine's own is made once, readable by its owner."""

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ_KEYS = "from django.conf import settings; print(','.join(settings.CONFIDENTIAL_KEYS))"


def run(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CONFIDENTIAL_KEYS", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_missing_confidential_keys_with_debug_off_stops_the_web_server():
    result = run([sys.executable, "-c", "import config.wsgi"], DEBUG="false")
    assert result.returncode != 0
    assert "CONFIDENTIAL_KEYS is not set" in result.stderr


def test_missing_confidential_keys_with_debug_off_stops_the_worker():
    celery = str(Path(sys.executable).with_name("celery"))
    result = run([celery, "-A", "config", "worker", "--pool", "solo"], DEBUG="false")
    assert result.returncode != 0
    assert "CONFIDENTIAL_KEYS is not set" in result.stderr


def test_offline_commands_run_without_confidential_keys():
    result = run([sys.executable, "manage.py", "check"], DEBUG="false")
    assert result.returncode == 0, result.stderr


def test_a_key_that_is_not_a_fernet_key_is_refused_by_name_without_repeating_it():
    result = run([sys.executable, "manage.py", "check"], DEBUG="false", CONFIDENTIAL_KEYS="hunter2")
    assert result.returncode != 0
    assert "CONFIDENTIAL_KEYS: key 1 of 1 is not a Fernet key" in result.stderr
    assert "hunter2" not in result.stderr


def test_debug_on_makes_a_development_key_once_readable_by_its_owner_only(tmp_path):
    var = tmp_path / "var"
    first = run(
        [sys.executable, "manage.py", "shell", "-c", READ_KEYS], DEBUG="true", VAR_DIR=str(var)
    )
    assert first.returncode == 0, first.stderr
    key_file = var / "confidential.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.stdout.splitlines()[-1] == key_file.read_text().strip()
    again = run(
        [sys.executable, "manage.py", "shell", "-c", READ_KEYS], DEBUG="true", VAR_DIR=str(var)
    )
    assert again.stdout.splitlines()[-1] == first.stdout.splitlines()[-1]
    assert list(var.glob("*.partial")) == []
