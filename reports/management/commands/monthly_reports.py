from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from councils.models import Council
from reports.forms import parse_month
from reports.models import ReportStatus
from reports.selectors import previous_month
from reports.services import monthly_reports_run


class Command(BaseCommand):
    help = (
        "Produce a month's progress reports now (what beat does on the 1st), for every "
        "council with a current commissioner or an active placement, or one council; "
        "prints the paths written. Commissioners are emailed a link once per report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM; last month when left out.")
        parser.add_argument("--council", help="The council's slug, e.g. rotherham.")

    def handle(self, *args, **options):
        if options["month"]:
            month = parse_month(options["month"])
            if month is None:
                raise CommandError("--month must be a month like 2026-10.")
        else:
            month = previous_month(timezone.localdate())
        if month > timezone.localdate():
            raise CommandError("--month cannot be a month that has not begun.")
        council = None
        if options["council"]:
            council = Council.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"No council has the slug {options['council']!r}.")
        reports = monthly_reports_run(month=month, run_id="manual", council=council)
        if not reports:
            self.stdout.write("No council has a current commissioner or an active placement.")
        failed = 0
        for report in reports:
            if report.status == ReportStatus.DONE:
                self.stdout.write(report.file.path)
            else:
                failed += 1
                self.stderr.write(f"{report.council}: {report.error or 'failed'}")
        if failed:
            raise CommandError(f"{failed} report{'s' if failed != 1 else ''} failed.")
