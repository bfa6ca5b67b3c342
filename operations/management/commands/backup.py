"""manage.py backup [--to DIR] [--database ALIAS]: one archive of the database and media files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup_create, pluralize, read_manifest


class Command(BaseCommand):
    help = "Write one archive holding the database, the uploaded files and a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            type=Path,
            default=None,
            help="folder for the archive (default: VAR_DIR/backups)",
        )
        parser.add_argument(
            "--database", default="default", help="database alias (default: default)"
        )

    def handle(self, *args, to, database, **options):
        to_dir = to or Path(settings.VAR_DIR) / "backups"
        try:
            archive = backup_create(to_dir=to_dir, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = read_manifest(archive)
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows in {len(manifest['row_counts'])} tables and "
                f"{pluralize(manifest['media_files'], 'media file')} to {archive}"
            )
        )
        self.stdout.write(
            "Its confidential notes are encrypted with CONFIDENTIAL_KEYS: store it apart from "
            "the keys, and off this machine."
        )
