"""Names, titles and other one-line fields refuse line breaks and control characters,
on the pages, in the admin (which runs the model's checks) and in the election import."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from councils.models import Councillor, Election
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    OfficerFactory,
    PartyFactory,
)
from mentoring.models import Mentor
from mentoring.tests.factories import MentorFactory
from reviews.tests.factories import PeerTeamMemberFactory, ReviewVisitFactory

pytestmark = pytest.mark.django_db

ONE_LINE = "Enter this on one line, without line breaks or control characters."


@pytest.fixture
def manager(client):
    client.force_login(ProgrammeManagerFactory())
    return client


def test_a_councillor_s_name_with_a_line_break_is_refused_on_the_form(manager):
    council = CouncilFactory()
    response = manager.post(
        reverse("councillor_create"),
        {"council": council.pk, "full_name": "Pat\nLowther", "ward": "Keppel"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert ONE_LINE in body
    assert "Keppel" in body  # what was typed is kept
    assert not Councillor.objects.exists()


def test_a_mentor_s_organisation_with_a_control_character_is_refused_on_the_form(manager):
    council = CouncilFactory()
    response = manager.post(
        reverse("mentor_create"),
        {
            "full_name": "Derek Whyte",
            "email": "derek@example.org",
            "kind": "councillor",
            "council": council.pk,
            "organisation": "Local\x1bGovernment Association",
            "regional_pool": council.region,
            "capacity": "2",
            "active": "on",
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert ONE_LINE in response.content.decode()
    assert not Mentor.objects.exists()


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda: CouncillorFactory.build(council=CouncilFactory()), "full_name", "Pat\r\nLowther"),
        (lambda: CouncillorFactory.build(council=CouncilFactory()), "ward", "Boston\tCastle"),
        (lambda: OfficerFactory.build(council=CouncilFactory()), "job_title", "Chief\u2028Exec"),
        (lambda: MentorFactory.build(council=CouncilFactory()), "full_name", "Derek\nWhyte"),
        (lambda: UserFactory.build(), "full_name", "Jo\u200bHartley"),
        (lambda: PartyFactory.build(), "name", "Labour\n"),
        (lambda: ReviewVisitFactory.build(council=CouncilFactory()), "title", "Progress\nreview"),
        (
            lambda: PeerTeamMemberFactory.build(visit=ReviewVisitFactory()),
            "organisation",
            "LGA\x00",
        ),
    ],
)
def test_a_one_line_field_with_a_line_break_or_control_character_fails_the_model_check(
    make, field, value
):
    record = make()
    setattr(record, field, value)
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    assert caught.value.message_dict[field] == [ONE_LINE]


def test_ordinary_names_with_accents_apostrophes_and_hyphens_pass():
    councillor = CouncillorFactory.build(
        council=CouncilFactory(), full_name="Siân O’Neill-Ṣọ̀rọ̀", ward="Brinsworth & Catcliffe"
    )
    councillor.full_clean()


HEADER = "name,council,party,ward,elected_on,email\n"


def test_an_import_with_a_line_break_in_a_name_saves_nothing_and_names_the_row(manager):
    CouncilFactory(name="Rotherham Metropolitan Borough Council", slug="rotherham")
    text = (
        HEADER
        + "Ann Smith,rotherham,,Keppel,02/05/2024,\n"
        + '"Bob\nJones",rotherham,,Wath,02/05/2024,\n'
        + "Cy Twombly,rotherham,,Wath\x07,02/05/2024,\n"
    )
    upload = SimpleUploadedFile("results.csv", text.encode(), content_type="text/csv")
    response = manager.post(reverse("election_import"), {"file": upload, "kind": "all-out"})
    body = manager.get(response["Location"]).content.decode()

    assert "Nothing can be saved: 2 problems to correct" in body
    # Bob Jones's row starts on line 3 of the file, though its quoted name runs on.
    assert (
        '<td data-label="Line">3</td><td data-label="Name">Bob Jones</td><td data-label="Problem">The name has a line break or a control character: '
        "enter it on one line.</td>"
    ) in body
    assert (
        '<td data-label="Line">5</td><td data-label="Name">Cy Twombly</td><td data-label="Problem">The ward has a line break or a control character: '
        "enter it on one line.</td>"
    ) in body
    assert "Confirm and save" not in body
    assert not Councillor.objects.exists() and not Election.objects.exists()


def test_a_bad_row_s_line_number_counts_the_lines_of_a_row_above_that_spans_two():
    from councils.imports import parse_rows

    text = HEADER + '"Ann\nSmith",rotherham,,Keppel,02/05/2024,\n' + ",rotherham,,,02/05/2024,\n"
    _, errors = parse_rows(text)
    assert [(e.line, e.message) for e in errors] == [
        (2, "The name has a line break or a control character: enter it on one line."),
        (4, "The name is missing."),
    ]
