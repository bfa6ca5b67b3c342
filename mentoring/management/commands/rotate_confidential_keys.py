"""manage.py rotate_confidential_keys [--batch-size N]: every confidential row under the
first of CONFIDENTIAL_KEYS.

To change keys: put the new key first in CONFIDENTIAL_KEYS and keep the old ones after
it, restart the web server and the worker, run this, then drop the old keys. Stopped
part-way, every row is still readable with the key list; running it again carries on.
"""

from django.core.management.base import BaseCommand, CommandError

from core.crypto import UnreadableCiphertext
from core.rotation import confidential_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt session notes, actions agreed and reflections under the first key."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="rows per transaction (default: 500)"
        )
        parser.add_argument(
            "--database", default="default", help="database alias (default: default)"
        )

    def handle(self, *args, batch_size, database, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            results = confidential_keys_rotate(
                batch_size=batch_size,
                using=database,
                progress=lambda r: self.stdout.write(f"  {r.label}: {r.rows:,} rows so far"),
            )
        except UnreadableCiphertext as error:
            raise CommandError(str(error)) from None
        for r in results:
            line = (
                f"{r.label}: {r.rows:,} rows, {r.reencrypted:,} re-encrypted, "
                f"{r.already:,} already under the first key or empty"
            )
            if r.changed_meanwhile:
                line += f", {r.changed_meanwhile:,} saved by someone meanwhile (under it too)"
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Every row is under the first key: {sum(r.reencrypted for r in results):,} "
                "re-encrypted. The other keys can be removed from CONFIDENTIAL_KEYS once no "
                "backup you may restore needs them."
            )
        )
