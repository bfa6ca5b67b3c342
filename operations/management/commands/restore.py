"""manage.py restore ARCHIVE [--yes] [--database ALIAS]: the database and media files from a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup_restore, pluralize


class Command(BaseCommand):
    help = (
        "Restore the database and media files from an archive made by `backup`, then check "
        "that every row is back. Refuses to replace a database that holds data unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="a mentoring-YYYYmmdd-HHMMSS.tar.gz archive")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace the database even though it holds data",
        )
        parser.add_argument(
            "--database", default="default", help="database alias (default: default)"
        )

    def handle(self, *args, archive, yes, database, **options):
        try:
            result = backup_restore(archive=archive, using=database, overwrite=yes)
        except BackupError as error:
            raise CommandError(str(error)) from None
        made = result.manifest["created_at"]
        if not result.ok:
            raise CommandError(
                f"Restored from {archive} (made {made}), but the counts differ:\n  "
                + "\n  ".join(result.mismatches)
            )
        rows = sum(result.row_counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {made}): all {rows} rows in "
                f"{len(result.manifest['row_counts'])} tables and {pluralize(result.media_files, 'media file')} "
                "match the backup."
            )
        )
        if result.newer_code_migrations:
            self.stdout.write(
                "The code has migrations the backup does not: run `manage.py migrate`."
            )
