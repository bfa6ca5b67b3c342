import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.services import apply_retention

LABELS = {
    "councillors": "former councillors anonymised",
    "officers": "former officers anonymised",
    "mentors": "inactive mentors anonymised",
    "accounts": "sign-in accounts anonymised",
    "session_notes_deleted": "confidential session notes deleted",
    "reflections_deleted": "confidential reflections deleted",
}


class Command(BaseCommand):
    help = (
        "Apply the personal data retention rules now (what the worker does each night): "
        "anonymise former councillors and officers and inactive mentors past "
        "PRIVACY_RETENTION_YEARS, and delete confidential session notes and reflections "
        "past CONFIDENTIAL_RETENTION_DAYS. Prints counts only, never names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be done; change nothing."
        )
        parser.add_argument("--date", help="YYYY-MM-DD to run as; today when left out.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date like 2026-11-25.") from None
        counts = apply_retention(today, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed. It would do this:")
        for key, label in LABELS.items():
            self.stdout.write(f"{counts[key]} {label}")
