"""A subject access export: everything about the person, their confidential content
only when they ask for themself, as JSON, CSV and a readable PDF."""

import csv
import io
import json

import pytest
from pypdf import PdfReader

from accounts.models import ConfidentialAccess
from privacy import exports, services
from privacy.registry import REGISTRY, person_q
from privacy.tests.builders import (
    ACTION,
    CONFIDENTIAL,
    COUNCILLOR_EMAIL,
    COUNCILLOR_NAME,
    NOTE,
    PARTY,
    REFLECTION,
    WARD,
    former_people,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return former_people()


def test_the_export_has_a_section_for_every_registered_model_with_their_rows(people):
    person = people.councillor
    export = services.subject_access_export(person, person.user)
    json.dumps(export)  # serialisable as it is
    for entry in REGISTRY:
        model = entry.model_class
        has_rows = model._default_manager.filter(person_q(model, entry.links, person)).exists()
        if entry.export and has_rows:
            assert entry.model in export["data"], entry.model
    councillor = export["data"]["councils.Councillor"]["rows"][0]
    assert councillor["full_name"] == COUNCILLOR_NAME
    assert councillor["party"] == PARTY
    assert councillor["ward"] == WARD
    assert councillor["left_office_on"] == "2018-05-03"
    assert export["data"]["accounts.User"]["rows"][0]["email"] == COUNCILLOR_EMAIL
    # Secrets are never exported.
    text = json.dumps(export)
    assert f"{person.user.pk:064d}" not in text  # the calendar feed's and invitation's hashes
    assert '"secret"' not in text and person.user.password not in text


def test_a_self_export_has_their_own_confidential_content_and_logs_the_reading(people):
    person = people.councillor
    export = services.subject_access_export(person, person.user)
    text = json.dumps(export)
    assert all(marker in text for marker in CONFIDENTIAL)
    assert export["confidential_content"].startswith("Included")
    logged = ConfidentialAccess.objects.filter(user=person.user)
    assert logged.filter(kind=ConfidentialAccess.Kind.SESSION_NOTE).count() == 2  # 1 built
    assert logged.filter(kind=ConfidentialAccess.Kind.REFLECTION).count() == 1


def test_a_mentors_self_export_has_the_session_notes_but_not_the_mentees_reflections(people):
    person = people.mentor
    text = json.dumps(services.subject_access_export(person, person.user))
    assert NOTE in text and ACTION in text
    assert REFLECTION not in text


@pytest.mark.parametrize("who", ["councillor", "mentor"])
def test_a_managers_export_leaves_confidential_content_out_and_says_so(people, who):
    person = getattr(people, who)
    export = services.subject_access_export(person, people.manager)
    text = json.dumps(export)
    assert not any(marker in text for marker in CONFIDENTIAL)
    assert "mentoring.SessionNote" not in export["data"]
    assert "mentoring.Reflection" not in export["data"]
    assert export["confidential_content"].startswith("Left out")
    assert not ConfidentialAccess.objects.filter(user=people.manager).exists()


def test_the_csv_has_a_line_per_field_under_its_section(people):
    person = people.councillor
    data = exports.csv_bytes(services.subject_access_export(person, people.manager))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == exports.CSV_HEADER
    assert ["Councillor record", str(person.councillor.pk), "Full name", COUNCILLOR_NAME] in rows
    assert any(r[0] == "Mentoring sessions" and r[2] == "Duration minutes" for r in rows)
    assert not any(marker in data.decode() for marker in CONFIDENTIAL)


def test_csv_cells_never_start_a_formula():
    export = {
        "title": "=HYPERLINK(1)",
        "person": ["a", "b"],
        "records": 0,
        "produced_at": "2026-11-25T10:00:00+00:00",
        "produced_for": "@someone",
        "confidential_content": "-",
        "data": {},
    }
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(export).decode("utf-8-sig"))))
    values = {row[2]: row[3] for row in rows[1:]}
    assert values["title"] == "'=HYPERLINK(1)"
    assert values["person"] == "a; b"
    assert values["produced for"] == "'@someone"


def test_the_pdf_reads_like_a_document(people):
    person = people.councillor
    own = exports.pdf_bytes(services.subject_access_export(person, person.user))
    assert own.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(own))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert f"Personal data held about {COUNCILLOR_NAME}" in text
    assert "Councillor record" in text and "3 May 2018" in text
    assert NOTE in text
    managers = exports.pdf_bytes(services.subject_access_export(person, people.manager))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(managers)).pages)
    assert COUNCILLOR_NAME in text
    assert not any(marker in text for marker in CONFIDENTIAL)
    assert "Left out" in text


def test_someone_with_only_an_account_gets_an_export_too(people):
    export = services.subject_access_export(services.person_of(people.manager), people.manager)
    assert export["data"]["accounts.User"]["rows"][0]["full_name"] == "Programme Manager"
    assert exports.pdf_bytes(export).startswith(b"%PDF")
