import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications.rules import ReminderKind
from notifications.services import send_reminders


class Command(BaseCommand):
    help = (
        "Send every reminder due today by email and in-app notification, each exactly "
        "once (safe to run again or alongside the worker); prints how many by kind."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD); for checking."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date like 2026-11-25.") from None
        sent = send_reminders(today=today)
        total = sum(sent.values())
        if not total:
            self.stdout.write("No reminders to send.")
            return
        self.stdout.write(f"Sent {total} reminder{'s' if total != 1 else ''}:")
        for kind in ReminderKind:
            if sent.get(kind.value):
                self.stdout.write(f"  {kind.label}: {sent[kind.value]}")
