"""`backup` then `restore` into an empty database finds every row and every media file.

On SQLite the empty database is a new file; on PostgreSQL (DATABASE_URL) a new
database created on the same server. Either is reached through a second alias,
``restore_target``, which the commands take as --database.
"""

import copy
import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.utils import load_backend

from mentoring.models import Placement, SessionNote
from operations.backups import database_row_counts, read_manifest

pytestmark = pytest.mark.django_db(transaction=True)

TARGET = "restore_target"


def _admin_connection(db):
    import psycopg

    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def empty_database(tmp_path):
    """A second database alias pointing at a database with nothing in it."""
    default = copy.deepcopy(connections["default"].settings_dict)
    vendor = connections["default"].vendor
    if vendor == "sqlite":
        conf = {"ENGINE": default["ENGINE"], "NAME": str(tmp_path / "restored.sqlite3")}
    else:
        name = f"restore_test_{uuid.uuid4().hex[:12]}"
        with _admin_connection(default) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        conf = {**default, "NAME": name, "TEST": {}}
    # Django fills in the defaults (TIME_ZONE, OPTIONS, TEST...) as for any alias. The
    # connection is made here rather than added to DATABASES, so the test database
    # set-up leaves it alone (and Django's test case allows it as a dynamic connection).
    configured = connections.configure_settings({"default": default, TARGET: conf})[TARGET]
    connections[TARGET] = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, TARGET)
    yield TARGET
    connections[TARGET].close()
    del connections[TARGET]
    if vendor != "sqlite":
        with _admin_connection(default) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    letter = settings.MEDIA_ROOT / "reviews" / "2026" / "letter to the leader.pdf"
    letter.parent.mkdir(parents=True)
    letter.write_bytes(b"%PDF-1.7 the commissioners' letter")
    return letter


def backup(to: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "--to", str(to), stdout=out)
    assert "Backed up" in out.getvalue()
    (archive,) = to.glob("mentoring-*.tar.gz")
    return archive


def restore(*args) -> str:
    out = io.StringIO()
    call_command("restore", *map(str, args), stdout=out)
    return out.getvalue()


def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(
    demo_programme, media, empty_database, settings, tmp_path
):
    before = database_row_counts("default")
    assert before["mentoring.Placement"] and before["mentoring.SessionNote"]
    archive = backup(tmp_path / "backups")
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = read_manifest(archive)
    assert manifest["row_counts"] == before
    assert manifest["vendor"] == connections["default"].vendor
    assert manifest["migrations"]["mentoring"].startswith("0")
    assert manifest["media_files"] == 1

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    output = restore(archive, "--database", empty_database)

    assert "match the backup" in output
    after = database_row_counts(empty_database)
    assert after == before
    assert set(after) >= {"accounts.User", "mentoring.SessionNote", "reviews.ReviewVisit"}
    assert set(Placement.objects.using(empty_database).values_list("pk", flat=True)) == set(
        Placement.objects.values_list("pk", flat=True)
    )
    assert list(SessionNote.objects.using(empty_database).values_list("notes", flat=True)) == list(
        SessionNote.objects.values_list("notes", flat=True)
    )
    restored = settings.MEDIA_ROOT / media.relative_to(media.parents[2])
    assert restored.read_bytes() == media.read_bytes()


def test_restore_refuses_to_replace_a_database_with_data_unless_told(
    demo_programme, media, empty_database, tmp_path
):
    archive = backup(tmp_path / "backups")
    with pytest.raises(CommandError, match="already holds data.*--yes"):
        restore(archive)
    restore(archive, "--database", empty_database)
    with pytest.raises(CommandError, match="already holds data"):
        restore(archive, "--database", empty_database)
    assert "match the backup" in restore(archive, "--database", empty_database, "--yes")
    assert database_row_counts(empty_database) == database_row_counts("default")


def test_restore_names_a_missing_or_damaged_archive(tmp_path):
    with pytest.raises(CommandError, match="No backup archive at"):
        restore(tmp_path / "nowhere.tar.gz")
    damaged = tmp_path / "mentoring-20261125-120000.tar.gz"
    damaged.write_bytes(b"\x1f\x8b\x08 not really gzip")
    with pytest.raises(CommandError, match="damaged or not a backup archive"):
        restore(damaged)
    no_manifest = tmp_path / "other.tar.gz"
    with tarfile.open(no_manifest, "w:gz") as tar:
        (tmp_path / "notes.txt").write_text("hello")
        tar.add(tmp_path / "notes.txt", arcname="notes.txt")
    with pytest.raises(CommandError, match="not a backup made by `backup`"):
        restore(no_manifest)


def test_restore_refuses_an_archive_of_the_other_database_vendor(tmp_path):
    other = "postgresql" if connections["default"].vendor == "sqlite" else "sqlite"
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps({"format": 1, "vendor": other, "row_counts": {}, "migrations": {}})
    )
    archive = tmp_path / "mentoring-20261125-120000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(manifest, arcname="manifest.json")
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        restore(archive)
