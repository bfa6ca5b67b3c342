"""Every table header cell of every kind of PDF the site makes carries its Scope.

PDF/UA asks that a TH structure element says whether it heads a column or a row
(Matterhorn checkpoint 15-003); WeasyPrint drops the ``scope`` attribute the templates
set, so core/pdf.py puts it back. Each PDF is read back with pypdf: the structure tree
from /StructTreeRoot, every /TH with its attributes (/O /Table, /Scope).
"""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from accounts.tests.factories import UserFactory
from core.pdf import render_pdf
from councils.models import Council
from councils.tests.factories import CouncillorFactory
from mentoring.models import LearningAgreement, WardIssue, WardPriority
from mentoring.tests.factories import PlacementFactory
from reports.pdf import monthly_report_pdf
from reviews.models import ReviewVisit

pytestmark = pytest.mark.django_db


def pdf_of(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


def header_cells(data: bytes) -> list[tuple[str, str | None]]:
    """Each TH of the PDF's structure tree as (what holds its row, its /Scope): the
    holder is /THead, /TBody, /TFoot or /Table."""
    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(node, parents):
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, parents)
            return
        if not isinstance(node, DictionaryObject):
            return  # a marked-content id
        role = node.get("/S")
        if role == "/TH":
            attributes = node.get("/A")
            attributes = attributes.get_object() if attributes is not None else {}
            assert attributes.get("/O") == "/Table"
            holder = parents[-2] if len(parents) >= 2 else None
            found.append((holder, attributes.get("/Scope")))
        if "/K" in node:
            walk(node["/K"], [*parents, role])

    walk(reader.trailer["/Root"]["/StructTreeRoot"], [])
    return found


def assert_every_header_has_its_scope(data: bytes) -> list:
    cells = header_cells(data)
    assert cells, "the document has no table header cell"
    for holder, scope in cells:
        assert scope in ("/Column", "/Row"), (holder, scope)
        if holder == "/THead":
            assert scope == "/Column"
    return cells


def test_scope_attributes_become_the_pdf_scope_and_missing_ones_follow_html():
    html = (
        '<html lang="en-GB"><head><title>T</title></head><body><table><caption>C</caption>'
        '<thead><tr><th scope="col">Area</th><th>Score</th></tr></thead>'
        '<tbody><tr><th scope="row">Chairing</th><td>3</td></tr>'
        "<tr><th>Media</th><td>2</td></tr></tbody></table></body></html>"
    )
    assert header_cells(render_pdf(html)) == [
        ("/THead", "/Column"),
        ("/THead", "/Column"),
        ("/TBody", "/Row"),
        ("/TBody", "/Row"),
    ]


def test_the_monthly_report(demo_programme):
    rotherham = Council.objects.get(slug="rotherham")
    cells = assert_every_header_has_its_scope(
        monthly_report_pdf(council=rotherham, month=datetime.date(2016, 10, 1))
    )
    assert ("/TBody", "/Row") in cells  # the figures are headed by their row


def test_the_action_plan(demo_programme, client_as):
    visit = ReviewVisit.objects.filter(recommendations__actions__isnull=False).first()
    response = client_as("manager").get(reverse("action_plan_pdf", args=[visit.pk]))
    assert_every_header_has_its_scope(pdf_of(response))


def test_the_learning_agreement(demo_programme, client_as):
    agreement = LearningAgreement.objects.filter(
        placement__mentors__user__email="mentor.a@demo.example.org"
    ).first()
    response = client_as("mentor_a").get(reverse("agreement_pdf", args=[agreement.pk]))
    data = pdf_of(response)
    # An agreement may lay itself out without header cells; any it has carry a Scope.
    for holder, scope in header_cells(data):
        assert scope in ("/Column", "/Row"), (holder, scope)


def test_the_ward_visit_report(client):
    councillor = CouncillorFactory(ward="Rotherham East")
    visit = PlacementFactory(kind="ward-visit", council=councillor.council, mentees=[councillor])
    WardIssue.objects.create(
        placement=visit,
        description="Fly-tipping in the back lane",
        place="Behind Broad Street",
        priority=WardPriority.MEDIUM,
        order=0,
    )
    client.force_login(UserFactory(is_programme_manager=True))
    response = client.get(reverse("ward_visit_pdf", args=[visit.pk]))
    assert_every_header_has_its_scope(pdf_of(response))


def test_the_personal_data_export(demo_programme, client_as):
    response = client_as("mentor_a").get(reverse("privacy_my_data_export", args=["pdf"]))
    cells = assert_every_header_has_its_scope(pdf_of(response))
    assert ("/TBody", "/Row") in cells
