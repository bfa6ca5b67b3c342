"""The action plan as a tagged PDF for scrutiny."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import RAG, VisitKind, VisitStatus
from reviews.pdf import action_plan_pdf
from reviews.tests.factories import (
    ActionFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    ReviewVisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)


@pytest.fixture
def visit():
    visit = ReviewVisitFactory(
        council__name="Rotherham Metropolitan Borough Council",
        kind=VisitKind.CORPORATE_PEER_CHALLENGE,
        title="LGA Corporate Peer Challenge",
        first_day=datetime.date(2025, 10, 14),
        status=VisitStatus.PUBLISHED,
        published_on=datetime.date(2025, 12, 1),
    )
    first = RecommendationFactory(
        visit=visit, number=1, theme="Reputation", text="Tell Rotherham's story externally."
    )
    second = RecommendationFactory(
        visit=visit, number=2, theme="Young people", text="Build pathways for young people."
    )
    story = ActionFactory(
        recommendation=first,
        description="Publish the improvement story.",
        owner="Assistant Chief Executive",
        due_on=datetime.date(2026, 3, 31),
        rag=RAG.GREEN,
        completed_on=datetime.date(2026, 3, 20),
    )
    ProgressUpdateFactory(action=story, written_on=datetime.date(2026, 1, 5), text="Drafted.")
    ProgressUpdateFactory(
        action=story, written_on=datetime.date(2026, 3, 20), text="Published on the website."
    )
    ActionFactory(
        recommendation=second,
        description="Launch an apprenticeship scheme.",
        owner="Head of Economic Strategy",
        due_on=datetime.date(2026, 4, 30),
        rag=RAG.RED,
    )
    ActionFactory(
        recommendation=second,
        description="Agree a care leavers' offer.",
        owner="Strategic Director, Children and Young People's Services",
        due_on=datetime.date(2026, 9, 30),
        rag=RAG.AMBER,
    )
    return visit


def text_of(data: bytes) -> str:
    """The PDF's text with its line breaks (table cells wrap) read as spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_holds_the_council_visit_recommendations_owners_rag_words_and_latest_updates(
    visit,
):
    text = text_of(action_plan_pdf(visit=visit, today=TODAY))
    for expected in [
        "Rotherham Metropolitan Borough Council",
        "LGA Corporate Peer Challenge",
        "14 October 2025 to 17 October 2025",
        "1 May 2026",
        "Recommendation 1",
        "Tell Rotherham's story externally.",
        "Recommendation 2",
        "Build pathways for young people.",
        "Assistant Chief Executive",
        "Head of Economic Strategy",
        "Launch an apprenticeship scheme.",
        "31/03/2026",
        "Green",
        "Red",
        "Amber",
        "Published on the website.",
        "Overdue",
    ]:
        assert expected in text, expected
    assert "Drafted." not in text  # the latest update only


def test_each_page_is_numbered_page_n_of_m(visit):
    reader = PdfReader(io.BytesIO(action_plan_pdf(visit=visit, today=TODAY)))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        assert f"Page {number} of {total}" in page.extract_text()


def test_the_pdf_is_tagged_in_british_english_with_a_title(visit):
    reader = PdfReader(io.BytesIO(action_plan_pdf(visit=visit, today=TODAY)))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == (
        "Action plan: LGA Corporate Peer Challenge, Rotherham Metropolitan Borough Council"
    )


def test_a_plan_with_no_recommendations_says_so():
    text = text_of(action_plan_pdf(visit=ReviewVisitFactory(), today=TODAY))
    assert "This visit has no recommendations yet." in text


def test_the_view_sends_the_pdf_as_a_named_attachment(manager_client, visit):
    response = manager_client.get(reverse("action_plan_pdf", args=[visit.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="action-plan-rotherham-metropolitan-borough-council-2025-10-'
    )
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    assert "Launch an apprenticeship scheme." in text_of(data)
