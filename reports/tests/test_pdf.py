"""The monthly report's PDF: the council, the month, figures equal to the
database's, confidence only as averages of five or more mentees, and never a
word of a session note or a reflection."""

import io
import re

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from mentoring.models import Session
from reports.pdf import monthly_report_html, monthly_report_pdf
from reports.selectors import month_end, monthly_report_figures
from reports.tests.builders import (
    ACTION_MARKER,
    MONTH,
    NARRATIVE,
    NOTE_MARKER,
    REFLECTION_MARKER,
    council_with_a_month_of_activity,
    mentees_answering_confidence,
)
from reviews.models import Action

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def figure(text: str, label: str) -> str:
    match = re.search(rf"{re.escape(label)} ([\d.]+)", text)
    assert match, f"{label!r} not in the report"
    return match.group(1)


def test_the_report_holds_the_council_the_month_and_the_databases_figures():
    built = council_with_a_month_of_activity()
    council = built.council

    data = monthly_report_pdf(council=council, month=MONTH)

    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    flat = " ".join(text.split())  # words wrapped in table cells
    assert council.name in flat
    assert "October 2025" in text
    sessions = Session.objects.filter(placement__council=council)
    in_month = sessions.filter(held_on__gte=MONTH, held_on__lte=month_end(MONTH))
    to_date = sessions.filter(held_on__lte=month_end(MONTH))
    minutes = in_month.aggregate(m=Sum("duration_minutes"))["m"]
    assert figure(text, "Sessions held in the month") == str(in_month.count()) == "3"
    assert figure(text, "Contact hours in the month") == f"{minutes / 60:.1f}" == "4.5"
    assert figure(text, "Sessions held to date") == str(to_date.count()) == "5"
    assert figure(text, "Contact hours to date") == "18.5"  # 1,110 minutes
    # Days are the approved claims, not the sessions' minutes.
    assert figure(text, "Peer mentor days approved in the month") == "1.5"
    assert figure(text, "Peer mentor days approved to date") == "3.0"
    assert "hours of sessions" not in flat
    assert figure(text, "Placements under way in the month") == "4"
    assert figure(text, "Placements active") == "2"
    assert figure(text, "Learning agreements agreed") == "1"
    assert figure(text, "Learning agreements awaiting agreement") == "1"
    overdue = Action.objects.filter(
        recommendation__visit__council=council, due_on__lte=month_end(MONTH), completed_on=None
    )
    assert figure(text, "Overdue actions at 31 October 2025") == str(overdue.count()) == "1"
    assert "Publish the member development plan." in flat
    assert NARRATIVE in flat
    assert "Page 2 of" in text


def test_the_report_never_shows_a_session_note_its_actions_or_a_reflection():
    built = council_with_a_month_of_activity()

    text = pdf_text(monthly_report_pdf(council=built.council, month=MONTH))

    for marker in (NOTE_MARKER, ACTION_MARKER, REFLECTION_MARKER, "MARKER"):
        assert marker not in text


def test_the_pdf_is_tagged_for_accessibility_with_a_language_and_a_title():
    built = council_with_a_month_of_activity()
    reader = PdfReader(io.BytesIO(monthly_report_pdf(council=built.council, month=MONTH)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert "Monthly progress report" in reader.metadata.title


def test_the_confidence_section_is_empty_with_fewer_than_five_mentees():
    built = council_with_a_month_of_activity()
    mentees_answering_confidence(built.council, 4)

    figures = monthly_report_figures(council=built.council, month=MONTH)
    html = monthly_report_html(council=built.council, month=MONTH)

    assert figures["confidence"]["answered"] == 4
    assert figures["confidence"]["areas"] == []
    assert "Not shown: fewer than 5 mentees" in html
    assert "Change in confidence by area" not in html


def test_the_confidence_section_shows_averages_with_five_mentees_or_more():
    built = council_with_a_month_of_activity()
    mentees_answering_confidence(built.council, 5, before=2, after=4)

    html = monthly_report_html(council=built.council, month=MONTH)

    assert "Change in confidence by area" in html
    assert '<td class="n">2.0</td><td class="n">4.0</td><td class="n">+2.0</td>' in html


def test_the_figures_take_the_same_few_queries_however_busy_the_council():
    built = council_with_a_month_of_activity()
    with CaptureQueriesContext(connection) as small:
        monthly_report_figures(council=built.council, month=MONTH)
    mentees_answering_confidence(built.council, 8)
    for placement in built.placements:
        for day in range(1, 20):
            Session.objects.create(
                placement=placement,
                held_on=MONTH.replace(day=day),
                duration_minutes=60,
                mode="telephone",
            )
    with CaptureQueriesContext(connection) as large:
        monthly_report_figures(council=built.council, month=MONTH)
    # Five or more mentees answered now, so the two confidence averages are read.
    assert len(large) == len(small) + 2
    # One more reads the council's budgets (none here: the cost is then not read).
    assert len(large) <= 17
