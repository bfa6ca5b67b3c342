"""Who may open each reports page: merged into the access matrix (accounts/tests).

A council's reports are for programme managers (every council) and the
commissioners of that council; anyone else gets 404, mentors and councillors
of the council too. Asking for a report and writing the narrative are the
manager's. ``objects`` produces last month's Rotherham report from the demo
data (a real PDF) and queues a Leeds one.
"""

import atexit

from django.utils import timezone

from accounts.tests.personas import only
from councils.models import Council
from funding.models import Funder
from reports.models import MonthlyReport
from reports.selectors import previous_month
from reports.services import report_render

ROTHERHAM = only("manager", "commissioner_x")
LEEDS = only("manager", "commissioner_y")

EXPECTED = {
    "report_list": (lambda o: {"slug": o["report_x"].council.slug}, ROTHERHAM),
    "report_request": (lambda o: {"slug": o["report_x"].council.slug}, only("manager")),
    "report_detail": (
        lambda o: {"slug": o["report_x"].council.slug, "pk": o["report_x"].pk},
        ROTHERHAM,
    ),
    "report_download": (
        lambda o: {"slug": o["report_x"].council.slug, "pk": o["report_x"].pk},
        ROTHERHAM,
    ),
    "narrative_edit": (
        lambda o: {
            "slug": o["report_x"].council.slug,
            "year": o["report_x"].month.year,
            "month": o["report_x"].month.month,
        },
        only("manager"),
    ),
}


def _statement(who):
    return lambda o: {
        "mentor_pk": o[f"statement_mentor_{who}"].pk,
        "year": o["statement_month"].year,
        "month": o["statement_month"].month,
    }


def _recharge(o):
    return {
        "council_slug": "rotherham",
        "funder_pk": o["statement_funder"].pk,
        "year": o["statement_month"].year,
        "month": o["statement_month"].month,
    }


# Statements are the mentor's own and the programme managers'; recharge schedules the
# managers' only.
EXPECTED.update(
    {
        "statement_list": (lambda o: {}, only("manager", "mentor_a", "mentor_b")),
        "statement_detail": (_statement("a"), only("manager", "mentor_a")),
        "statement_pdf": (_statement("a"), only("manager", "mentor_a")),
        "statement_csv": (_statement("a"), only("manager", "mentor_a")),
        "recharge_list": (lambda o: {}, only("manager")),
        "recharge_csv": (_recharge, only("manager")),
        "recharge_pdf": (_recharge, only("manager")),
    }
)

EXTRA = [
    ("statement_detail", _statement("b"), only("manager", "mentor_b")),
    ("statement_csv", _statement("b"), only("manager", "mentor_b")),
    ("report_list", lambda o: {"slug": o["report_y"].council.slug}, LEEDS),
    (
        "report_detail",
        lambda o: {"slug": o["report_y"].council.slug, "pk": o["report_y"].pk},
        LEEDS,
    ),
    # Another council's slug in front of a report does not open it.
    (
        "report_detail",
        lambda o: {"slug": o["report_y"].council.slug, "pk": o["report_x"].pk},
        only(),
    ),
]


def objects(users) -> dict:
    month = previous_month(timezone.localdate())
    rotherham = Council.objects.get(slug="rotherham")
    leeds = Council.objects.get(slug="leeds")
    report_x = report_render(council=rotherham, month=month, run_id="manual")
    # The PDF is written to media storage; the test database forgets the row, so the
    # file goes when the test run ends.
    atexit.register(report_x.file.storage.delete, report_x.file.name)
    funder, _ = Funder.objects.get_or_create(
        name="Access matrix funder", defaults={"kind": Funder.Kind.GOVERNMENT}
    )
    return {
        "statement_mentor_a": users["mentor_a"].mentor,
        "statement_mentor_b": users["mentor_b"].mentor,
        "statement_month": month,
        "statement_funder": funder,
        "report_x": report_x,
        "report_y": MonthlyReport.objects.get_or_create(council=leeds, month=month)[0],
    }
