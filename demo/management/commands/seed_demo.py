from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.programme import DEMO_LOGINS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo programme modelled on the seed documents (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on live data)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off, to keep demo accounts out of a live "
                "system; pass --force if you really mean it."
            )
        demo_load()
        # One line fewer in `make run`'s start-up, which shows this last (scripts/serve.sh).
        self.stdout.write(
            self.style.SUCCESS("Demo programme loaded.")
            + f" Its sign-ins (password for all: {DEMO_PASSWORD}):"
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:<34} {login.what}")
