"""Backups: one archive holding the database, the uploaded files and a manifest.

An archive (``mentoring-YYYYmmdd-HHMMSS.tar.gz``) holds:

- ``manifest.json``: when it was made, the database vendor, the last migration
  applied in each app, the number of rows in each model's table and the number
  of media files;
- ``database.pgdump`` (PostgreSQL, ``pg_dump -Fc``) or ``database.sqlite3``
  (SQLite, a copy made with sqlite3's backup API);
- ``media/``: every file under ``MEDIA_ROOT``.

The row counts are taken from the same snapshot as the dump (PostgreSQL: an
exported snapshot that pg_dump reuses; SQLite: counted in the copy), so a
restore can check that it found every row. The archive holds confidential
session notes and reflections as the database does, encrypted (a copy of the
database file or pg_dump's, never through the models), so it is read only with
CONFIDENTIAL_KEYS, which it does not hold; it is written readable by its owner only.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Rows that `migrate` itself writes into any new database: not "data" when
# deciding whether a restore would overwrite someone's work.
MADE_BY_MIGRATE = {"contenttypes.ContentType", "auth.Permission"}


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


@dataclass
class RestoreResult:
    archive: Path
    manifest: dict
    row_counts: dict[str, int]
    media_files: int
    mismatches: list[str] = field(default_factory=list)
    newer_code_migrations: bool = False

    @property
    def ok(self) -> bool:
        return not self.mismatches


def pluralize(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def model_tables() -> dict[str, str]:
    """Every concrete table the project's models own, by model label."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.managed and not opts.proxy and not opts.swapped:
            tables[opts.label] = opts.db_table
    return dict(sorted(tables.items()))


def count_rows(cursor, existing_tables: set[str]) -> dict[str, int]:
    """Rows per model label, for the models whose table exists (a DB-API cursor)."""
    counts = {}
    for label, table in model_tables().items():
        if table in existing_tables:
            # Table names come from the models, never from input.
            quoted = '"{}"'.format(table.replace('"', '""'))
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
            counts[label] = cursor.fetchone()[0]
    return counts


def database_row_counts(using: str = "default") -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return count_rows(cursor, set(connection.introspection.table_names(cursor)))


def migration_summary(using: str = "default") -> dict[str, str]:
    """The last migration applied in each app."""
    applied = sorted(MigrationRecorder(connections[using]).applied_migrations())
    return {app: name for app, name in applied}


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# -- backup ------------------------------------------------------------------


def backup_create(*, to_dir: Path, using: str = "default") -> Path:
    """Write one archive into ``to_dir`` and return its path."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    to_dir = Path(to_dir)
    to_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.localtime()
    archive = to_dir / f"mentoring-{created:%Y%m%d-%H%M%S}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} already exists; wait a second and try again.")

    with tempfile.TemporaryDirectory(prefix="mentoring-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        dump_with = _pg_dump if vendor == "postgresql" else _sqlite_dump
        row_counts = dump_with(using, dump)
        media_root = Path(settings.MEDIA_ROOT)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "vendor": vendor,
            "django": django.get_version(),
            "migrations": migration_summary(using),
            "row_counts": row_counts,
            "media_files": len(files),
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))

        # Written under a temporary name and renamed, so a half-written archive
        # never looks like a backup; readable by its owner only.
        partial = archive.with_name(archive.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
                tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
                tar.add(dump, arcname=dump.name)
                for path in files:
                    tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
            partial.replace(archive)
        finally:
            partial.unlink(missing_ok=True)
    return archive


def _sqlite_dump(using: str, dump: Path) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
        cursor = target.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in cursor.fetchall()}
        return count_rows(cursor, tables)
    finally:
        target.close()


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args + ["--no-password", "--dbname", str(db["NAME"])]


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def _pg_dump(using: str, dump: Path) -> dict[str, int]:
    connection = connections[using]
    db = connection.settings_dict
    # Count the rows in one snapshot and let pg_dump dump that same snapshot.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        row_counts = count_rows(cursor, set(connection.introspection.table_names(cursor)))
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(dump)]
            + _pg_args(db),
            _pg_env(db),
        )
    return row_counts


# -- restore -----------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read())
    except KeyError:
        raise BackupError(
            f"{archive} has no {MANIFEST}: it is not a backup made by `backup`."
        ) from None
    except (tarfile.TarError, EOFError, OSError, zlib.error, ValueError) as error:
        raise BackupError(f"{archive} is damaged or not a backup archive ({error}).") from None
    if manifest.get("format") != FORMAT or manifest.get("vendor") not in DUMP_NAMES:
        raise BackupError(f"{archive} has a manifest this version cannot read.")
    return manifest


def has_data(using: str = "default") -> bool:
    """Whether the database holds anything beyond what `migrate` writes itself."""
    counts = database_row_counts(using)
    return any(n for label, n in counts.items() if label not in MADE_BY_MIGRATE)


def backup_restore(
    *, archive: Path, using: str = "default", overwrite: bool = False
) -> RestoreResult:
    """Restore the database and media files from ``archive``, then count the rows."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"{archive.name} holds a {manifest['vendor']} database but the database configured "
            f"({using}) is {connection.vendor}: restore it into a {manifest['vendor']} database "
            "(set DATABASE_URL)."
        )
    if not overwrite and has_data(using):
        raise BackupError(
            "The database already holds data: restoring would replace it. "
            "Run again with --yes to replace it."
        )

    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="mentoring-restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work, filter="data")
        except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
            raise BackupError(f"{archive} is damaged ({error}).") from None
        dump = work / DUMP_NAMES[manifest["vendor"]]
        if not dump.is_file():
            raise BackupError(f"{archive} has no {dump.name}: it is damaged.")
        if manifest["vendor"] == "postgresql":
            _pg_restore(using, dump)
        else:
            _sqlite_restore(using, dump)
        restored_files = 0
        if (work / "media").is_dir():
            for source in media_files(work / "media"):
                target = media_root / source.relative_to(work / "media")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
                restored_files += 1

    counts = database_row_counts(using)
    mismatches = [
        f"{label}: {expected} in the backup, {counts.get(label, 'no table')} restored"
        for label, expected in manifest["row_counts"].items()
        if counts.get(label) != expected
    ]
    if restored_files != manifest["media_files"]:
        mismatches.append(
            f"media files: {manifest['media_files']} in the backup, {restored_files} restored"
        )
    on_disk = {key for key in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()}
    newer = bool(on_disk - set(manifest["migrations"].items()))
    return RestoreResult(archive, manifest, counts, restored_files, mismatches, newer)


def _sqlite_restore(using: str, dump: Path) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction.")
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_restore(using: str, dump: Path) -> None:
    connection = connections[using]
    db = connection.settings_dict
    # Our own idle connection must not hold the tables pg_restore drops.
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
        ]
        + _pg_args(db)
        + [str(dump)],
        _pg_env(db),
    )
