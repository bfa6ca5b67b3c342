import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.scale import BASE, PASSWORD, scale_load


class Command(BaseCommand):
    help = (
        "Add realistic data at N times a base of "
        + ", ".join(f"{n:,} {what}" for what, n in BASE.items())
        + ", over five years (bulk inserts; run again to add more)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="How many base units to add.")
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed (same data each time)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on live data)."
        )

    def handle(self, *args, factor, seed, force, **options):
        if factor < 1 or factor > 1000:
            raise CommandError("--factor must be a whole number from 1 to 1000.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_scale refuses to run with DEBUG off, to keep made-up people out of a live "
                "system; pass --force if you really mean it."
            )
        started = time.perf_counter()
        results = scale_load(factor=factor, seed=seed)
        elapsed = time.perf_counter() - started
        totals = {}
        for result in results:
            for what, n in result.counts.items():
                totals[what] = totals.get(what, 0) + n
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {factor} unit{'s' if factor != 1 else ''} in {elapsed:.1f} s "
                f"(units {results[0].unit} to {results[-1].unit}):"
            )
        )
        for what, n in totals.items():
            self.stdout.write(f"  {what:<22} {n:>9,}")
        self.stdout.write(f"Sign in as manager-1-1@scale.example.org (password {PASSWORD}).")
