"""A person's own data export lists exactly the sessions their pages show them: a
group mentee's export leaves out the sessions of their group they did not take part
in, as the session pages do (they answer 404)."""

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import ConfidentialAccess
from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from mentoring.models import SessionMode, SessionNote
from mentoring.tests.factories import MentorFactory, PlacementFactory, SessionFactory

pytestmark = pytest.mark.django_db

# The session only the first mentee took part in: a date and a length found nowhere
# else in either mentee's export.
APART_ON = datetime.date(2025, 3, 17)
APART_MINUTES = 97
NOTE = "Quillfeather spoke about the budget scrutiny panel"


@pytest.fixture
def group():
    """A councillor role group: a mentor and two mentees, all signed in; a session both
    mentees took part in, and one (with a note) that only the first did."""
    mentor = MentorFactory(user=UserFactory())
    first = CouncillorFactory(user=UserFactory())
    second = CouncillorFactory(council=first.council, user=UserFactory())
    placement = PlacementFactory(
        kind="councillor-role", council=first.council, mentors=[mentor], mentees=[first, second]
    )
    first_member = placement.mentees.get(councillor=first)
    second_member = placement.mentees.get(councillor=second)
    together = SessionFactory(placement=placement, held_on=datetime.date(2025, 2, 3))
    together.attendees.set([first_member, second_member])
    apart = SessionFactory(
        placement=placement,
        held_on=APART_ON,
        duration_minutes=APART_MINUTES,
        mode=SessionMode.TELEPHONE,
    )
    apart.attendees.set([first_member])
    note = SessionNote.objects.create(session=apart, notes=NOTE, actions_agreed="")
    return placement, first.user, second.user, together, apart, note


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def export(client, fmt: str):
    response = client.get(reverse("privacy_my_data_export", args=[fmt]))
    assert response.status_code == 200
    return response.content


def json_sessions(content: bytes) -> set[str]:
    data = json.loads(content)["data"]
    return {row["held_on"] for row in data.get("mentoring.Session", {"rows": []})["rows"]}


def csv_sessions(content: bytes) -> set[str]:
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return {
        row["value"]
        for row in rows
        if row["section"] == "Mentoring sessions" and row["field"] == "Held on"
    }


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_group_mentees_export_leaves_out_a_session_they_did_not_take_part_in(group):
    placement, _, second, together, apart, _ = group
    client = signed_in(second)
    # Their pages: the session answers 404 and the placement's list does not show it.
    assert client.get(reverse("session_detail", args=[apart.pk])).status_code == 404
    listing = client.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert reverse("session_detail", args=[apart.pk]) not in listing
    assert reverse("session_detail", args=[together.pk]) in listing
    # Their export, in each format, says the same.
    assert json_sessions(export(client, "json")) == {"2025-02-03"}
    assert csv_sessions(export(client, "csv")) == {"2025-02-03"}
    text = pdf_text(export(client, "pdf"))
    assert "3 February 2025" in text
    assert "17 March 2025" not in text
    # As the PDF writes a session's length: the bare number can be part of a record's id.
    assert f"Duration minutes {APART_MINUTES}" not in text


def test_the_mentee_who_took_part_finds_the_session_and_its_note_in_their_export(group):
    placement, first, _, together, apart, note = group
    client = signed_in(first)
    listing = client.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert reverse("session_detail", args=[apart.pk]) in listing
    for fmt in ("json", "csv", "pdf"):
        before = ConfidentialAccess.objects.filter(user=first).count()
        content = export(client, fmt)
        if fmt == "json":
            assert json_sessions(content) == {"2025-02-03", "2025-03-17"}
            assert NOTE in content.decode()
        elif fmt == "csv":
            assert csv_sessions(content) == {"2025-02-03", "2025-03-17"}
            assert NOTE in content.decode("utf-8-sig")
        else:
            text = pdf_text(content)
            assert "17 March 2025" in text and "3 February 2025" in text
            assert "Quillfeather" in text
        # Reading their own note through the export is in the log, each time.
        logged = ConfidentialAccess.objects.filter(user=first).order_by("pk")[before:]
        assert [(a.kind, a.object_id) for a in logged] == [
            (ConfidentialAccess.Kind.SESSION_NOTE, note.pk)
        ]
