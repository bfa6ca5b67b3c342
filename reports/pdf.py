"""The monthly progress report as a tagged PDF (PDF/UA-1), returned as bytes.

A small print stylesheet (no Bootstrap): a cover, then tables. The chart of
the last twelve months is an SVG drawn here on the server, with the same
figures in a table beside it for screen readers.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import render_pdf
from councils.models import Council
from reports.selectors import monthly_report_figures


def monthly_report_html(*, council: Council, month: datetime.date, now=None) -> str:
    context = monthly_report_figures(council=council, month=month)
    context["produced_at"] = timezone.localtime(now or timezone.now())
    return render_to_string("reports/pdf/monthly_report.html", context)


def monthly_report_pdf(*, council: Council, month: datetime.date, now=None) -> bytes:
    """The report for ``council`` and the month starting ``month``."""
    html = monthly_report_html(council=council, month=month, now=now)
    return render_pdf(html)


def statement_html(statement, *, now=None) -> str:
    return render_to_string(
        "reports/pdf/statement.html",
        {"statement": statement, "produced_at": timezone.localtime(now or timezone.now())},
    )


def statement_pdf(statement, *, now=None) -> bytes:
    """A mentor's monthly statement (reports/statements.py) as a tagged PDF."""
    return render_pdf(statement_html(statement, now=now))


def recharge_pdf(schedule, *, now=None) -> bytes:
    """A council's and funder's monthly recharge schedule as a tagged PDF."""
    html = render_to_string(
        "reports/pdf/recharge.html",
        {"schedule": schedule, "produced_at": timezone.localtime(now or timezone.now())},
    )
    return render_pdf(html)
