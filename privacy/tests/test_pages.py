"""The privacy notice, My data, and the programme manager's personal data pages."""

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from councils.models import Councillor
from mentoring.models import Reflection, SessionNote
from privacy.models import ErasureRecord, ErasureTrigger
from privacy.tests.builders import CONFIDENTIAL, COUNCILLOR_NAME, former_people

pytestmark = pytest.mark.django_db

NOTE = "MARKER-PAGES-NOTE-41d2"
REFLECTION = "MARKER-PAGES-REFLECTION-8e0b"


def body(response) -> str:
    data = response.content
    if data.startswith(b"%PDF"):
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8-sig")


@pytest.fixture
def marked(persona_users):
    """A confidential note and reflection in councillor A's placement with mentor A."""
    mentee = persona_users["councillor_a"].councillor.placement_memberships.filter(
        placement__mentors__user=persona_users["mentor_a"]
    )[0]
    session = mentee.placement.sessions.first()
    SessionNote.objects.update_or_create(session=session, defaults={"notes": NOTE})
    Reflection.objects.create(mentee=mentee, text=REFLECTION)
    return persona_users


def test_the_privacy_notice_needs_no_sign_in_and_gives_the_retention_periods(client, settings):
    settings.PRIVACY_RETENTION_YEARS = 6
    settings.CONFIDENTIAL_RETENTION_DAYS = 365
    response = client.get(reverse("privacy_notice"))
    text = " ".join(body(response).split())
    assert response.status_code == 200
    assert "special category data" in text
    assert "365 days after the placement" in text and "6 years after their last placement" in text
    assert reverse("privacy_notice") in body(client.get(reverse("accessibility")))  # footer


@pytest.mark.parametrize("fmt", ["json", "csv", "pdf"])
def test_a_councillor_downloads_their_own_data_with_their_confidential_content(
    client_as, marked, fmt
):
    response = client_as("councillor_a").get(reverse("privacy_my_data_export", args=[fmt]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    text = body(response)
    assert marked["councillor_a"].councillor.full_name in text
    assert NOTE in text and REFLECTION in text


def test_my_data_page_offers_the_three_downloads(client_as, persona_users):
    text = body(client_as("commissioner_x").get(reverse("privacy_my_data")))
    for fmt in ("pdf", "csv", "json"):
        assert reverse("privacy_my_data_export", args=[fmt]) in text


def test_a_commissioners_own_export_has_their_account_and_appointments(client_as):
    export = json.loads(
        client_as("commissioner_x").get(reverse("privacy_my_data_export", args=["json"])).content
    )
    assert "councils.CommissionerAppointment" in export["data"]
    assert "mentoring.SessionNote" not in export["data"]


@pytest.mark.parametrize("fmt", ["json", "csv", "pdf"])
def test_a_managers_export_of_a_councillor_or_mentor_never_has_confidential_content(
    client_as, marked, fmt
):
    client = client_as("manager")
    for kind, record in (
        ("councillor", marked["councillor_a"].councillor),
        ("mentor", marked["mentor_a"].mentor),
    ):
        response = client.get(reverse("privacy_person_export", args=[kind, record.pk, fmt]))
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        text = body(response)
        assert record.full_name in text
        assert NOTE not in text and REFLECTION not in text


def test_the_manager_finds_a_person_and_sees_why_they_cannot_be_erased(client_as, persona_users):
    client = client_as("manager")
    councillor = persona_users["councillor_a"].councillor
    found = body(client.get(reverse("privacy_people"), {"q": councillor.full_name.split()[-1]}))
    assert reverse("privacy_person", args=["councillor", councillor.pk]) in found
    page = body(client.get(reverse("privacy_person", args=["councillor", councillor.pk])))
    assert "still a councillor" in page
    assert reverse("privacy_person_erase", args=["councillor", councillor.pk]) not in page
    response = client.post(
        reverse("privacy_person_erase", args=["councillor", councillor.pk]),
        {"confirm_name": councillor.full_name},
    )
    assert response.status_code == 200 and "cannot be erased" in body(response)
    assert Councillor.objects.get(pk=councillor.pk).full_name == councillor.full_name


def test_the_manager_erases_a_former_councillor_after_typing_their_name():
    people = former_people()
    client = Client()
    client.force_login(people.manager)
    councillor = people.councillor.councillor
    url = reverse("privacy_person_erase", args=["councillor", councillor.pk])
    page = body(client.get(url))
    assert "This cannot be undone" in page
    wrong = client.post(url, {"confirm_name": "Someone Else"})
    assert "does not match" in body(wrong)
    assert Councillor.objects.get(pk=councillor.pk).full_name == COUNCILLOR_NAME
    response = client.post(url, {"confirm_name": f"  {COUNCILLOR_NAME.lower()} "}, follow=True)
    assert "Their personal data was erased" in body(response)
    assert (
        Councillor.objects.get(pk=councillor.pk).full_name == f"Former councillor #{councillor.pk}"
    )
    record = ErasureRecord.objects.get(subject_type="councillor", subject_id=councillor.pk)
    assert record.trigger == ErasureTrigger.REQUEST and record.requested_by == people.manager
    # Encrypted: the database cannot look for the text, so the notes are read.
    assert not [n for n in SessionNote.objects.all() if n.notes in CONFIDENTIAL]
    # The mentor is inactive and their placements are closed: erasable too, and listed as due.
    due = body(client.get(reverse("privacy_people")))
    assert "Ottoline Fairweather" in due and "Philippa Ironmonger" in due


def test_the_detail_pages_link_to_personal_data(client_as, persona_users):
    client = client_as("manager")
    councillor = persona_users["councillor_a"].councillor
    mentor = persona_users["mentor_a"].mentor
    page = body(client.get(reverse("councillor_detail", args=[councillor.pk])))
    assert reverse("privacy_person", args=["councillor", councillor.pk]) in page
    page = body(client.get(reverse("mentor_detail", args=[mentor.pk])))
    assert reverse("privacy_person", args=["mentor", mentor.pk]) in page
