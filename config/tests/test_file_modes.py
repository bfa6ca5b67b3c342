"""Files the site writes are readable by the account that runs it only (issue 16, item 11):
var/, the SQLite database, saved mail and uploaded media, even under the usual umask (022)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db.utils import ConnectionHandler

BASE_DIR = Path(__file__).resolve().parents[2]


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def start_settings(env: dict) -> None:
    """Load the settings in a new process, as the web server, worker or manage.py do."""
    code = "import os; os.umask(0o022); import django; django.setup()"
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=environ, check=True)


def test_var_is_created_readable_by_its_owner_only(tmp_path):
    var = tmp_path / "var"
    start_settings({"VAR_DIR": str(var), "DEBUG": "true"})
    assert mode(var) == 0o700


def test_a_var_made_before_this_rule_is_narrowed(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    os.chmod(var, 0o755)
    start_settings({"VAR_DIR": str(var), "DEBUG": "true"})
    assert mode(var) == 0o700


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path, django_db_blocker):
    old = tmp_path / "old.sqlite3"
    old.touch(mode=0o644)
    for path in (tmp_path / "new.sqlite3", old):
        # A SQLite database of its own, whatever database the tests run on (CI: PostgreSQL).
        handler = ConnectionHandler(
            {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
        )
        wrapper = handler["default"]
        try:
            with django_db_blocker.unblock(), wrapper.cursor() as cursor:
                cursor.execute("CREATE TABLE marker (id integer)")
        finally:
            wrapper.close()
        assert mode(path) == 0o600, path
        for extra in (f"{path}-wal", f"{path}-shm"):
            if os.path.exists(extra):
                assert mode(extra) & 0o077 == 0, extra


def test_saved_mail_is_readable_by_its_owner_only(settings, tmp_path, capsys):
    settings.EMAIL_BACKEND = "core.mail.FolderAndConsoleEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    send_mail("Your invitation", "https://example.org/accounts/invitation/x/", None, ["a@b.org"])
    [saved] = (tmp_path / "mail").iterdir()
    assert mode(tmp_path / "mail") == 0o700
    assert mode(saved) == 0o600


def test_uploaded_media_is_readable_by_its_owner_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("reviews/2026/11/letter.pdf", ContentFile(b"%PDF-1.4 letter"))
    assert mode(tmp_path / "media" / name) == 0o600
    assert mode(tmp_path / "media") == 0o700
    assert mode(tmp_path / "media" / "reviews" / "2026" / "11") == 0o700
