"""Importing the councillors elected: checking a file, the preview, and saving
it only when the manager confirms a file with no bad row."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from councils.imports import SAMPLE_CSV, Reference, check_rows, parse_rows, read_election_csv
from councils.models import Councillor, Election
from councils.services import election_import_confirm
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    PartyFactory,
    RoleAppointmentFactory,
)
from councils.views import IMPORT_SESSION_KEY
from mentoring.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

HEADER = "name,council,party,ward,elected_on,email\n"


@pytest.fixture
def manager(client):
    client.force_login(ProgrammeManagerFactory())
    return client


@pytest.fixture
def councils():
    PartyFactory(name="Labour", short_name="Lab")
    PartyFactory(name="Conservative", short_name="Con")
    return {
        "rotherham": CouncilFactory(
            name="Rotherham Metropolitan Borough Council", slug="rotherham"
        ),
        "leeds": CouncilFactory(name="Leeds City Council", slug="leeds"),
    }


def upload(client, text: str, kind: str = "all-out", name: str = "results.csv"):
    return client.post(
        reverse("election_import"),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"), "kind": kind},
    )


def confirm(client):
    preview = client.get(reverse("election_import_preview"))
    digest = preview.context["confirm_form"].initial["digest"]
    return client.post(reverse("election_import_confirm"), {"digest": digest}, follow=True)


def messages_of(result) -> dict:
    return {e.line: e.message for e in result.errors}


# Reading the file (no database) ---------------------------------------------------


def test_a_file_without_the_columns_is_refused_on_its_first_line():
    rows, errors = parse_rows("naam,raad\nA,B\n")
    assert rows == []
    assert errors[0].line == 1 and "missing: name, council, elected_on" in errors[0].message


def test_an_empty_file_or_a_header_alone_is_refused():
    assert parse_rows("")[1][0].message == "The file is empty."
    assert parse_rows(HEADER)[1][0].message == "The file has a header but no councillors."


def test_each_bad_line_is_named_with_its_reasons():
    text = (
        HEADER
        + "Ann Smith,rotherham,Labour,Keppel,02/05/2024,ann@example.org\n"
        + ",rotherham,Labour,Keppel,02/05/2024,\n"
        + "Bob Jones,rotherham,,Wath,31/02/2024,\n"
        + "Cy Twombly,rotherham,,Wath,,not-an-email\n"
        + "\n"
        + "Di Lane,rotherham,,Wath,2024-05-02,,extra\n"
    )
    rows, errors = parse_rows(text)
    assert [r.name for r in rows] == ["Ann Smith"]
    found = {e.line: e.message for e in errors}
    assert found[3] == "The name is missing."
    assert found[4].startswith("“31/02/2024” is not a date")
    assert found[5] == (
        "The election date (elected_on) is missing; “not-an-email” is not a valid email address."
    )
    assert found[7] == "7 values for 6 columns."


def test_both_date_forms_a_byte_order_mark_and_spaces_are_accepted():
    text = "\ufeff" + HEADER.upper() + " Ann  Smith , rotherham ,Labour, Keppel ,2024-05-02,\n"
    text += "Bob Jones,rotherham,,Wath,02/05/2024,\n"
    rows, errors = parse_rows(text)
    assert errors == []
    assert rows[0].name == "Ann Smith" and rows[0].ward == "Keppel"
    assert rows[0].elected_on == rows[1].elected_on == datetime.date(2024, 5, 2)


# Checking against the database ------------------------------------------------


def test_unknown_councils_and_parties_and_archived_councils_are_bad_rows(councils):
    CouncilFactory(name="Old Council", slug="old", archived_on=datetime.date(2020, 1, 1))
    result = read_election_csv(
        HEADER
        + "Ann Smith,nowhere,Labour,,02/05/2024,\n"
        + "Bob Jones,rotherham,Monster Raving Loony,,02/05/2024,\n"
        + "Cy Twombly,old,,,02/05/2024,\n",
        kind="all-out",
    )
    found = messages_of(result)
    assert found[2].startswith("Unknown council “nowhere”")
    assert found[3].startswith("Unknown party “Monster Raving Loony”")
    assert found[4] == "Old Council is archived."
    assert not result.is_valid


def test_councils_are_found_by_slug_or_exact_name_and_parties_by_name_or_short_name(councils):
    result = read_election_csv(
        HEADER
        + "Ann Smith,ROTHERHAM,labour,,02/05/2024,\n"
        + "Bob Jones,Rotherham Metropolitan Borough Council,Con,,02/05/2024,\n",
        kind="all-out",
    )
    assert result.errors == []
    assert [(n.council.slug, n.party.name) for n in result.new] == [
        ("rotherham", "Labour"),
        ("rotherham", "Conservative"),
    ]


def test_the_same_councillor_twice_is_a_duplicate_row(councils):
    result = read_election_csv(
        HEADER
        + "Ann Smith,rotherham,,,02/05/2024,\n"
        + "ann smith,Rotherham Metropolitan Borough Council,,,02/05/2024,\n",
        kind="all-out",
    )
    assert messages_of(result)[3] == (
        "Duplicate row: ann smith of Rotherham Metropolitan Borough Council is also on line 2."
    )


def test_councillors_are_matched_on_council_and_name_and_the_changes_are_shown(councils):
    labour = councils["rotherham"].political_control or PartyFactory(name="Labour")
    CouncillorFactory(
        council=councils["rotherham"],
        full_name="Dana Whitfield",
        party=labour,
        ward="Boston Castle",
        email="dana@example.org",
    )
    CouncillorFactory(
        council=councils["rotherham"], full_name="Same Person", party=labour, ward="Wath"
    )
    result = read_election_csv(
        HEADER
        + "DANA WHITFIELD,rotherham,Conservative,Sitwell,02/05/2024,\n"
        + "Same Person,rotherham,Labour,,02/05/2024,\n",
        kind="all-out",
    )
    assert result.errors == [] and result.new == []
    [update] = result.updated
    assert [(c.label, c.old, c.new) for c in update.changes] == [
        ("Party", "Labour", "Conservative"),
        ("Ward", "Boston Castle", "Sitwell"),
    ]  # an empty email keeps the one on record
    assert [u.councillor.full_name for u in result.unchanged] == ["Same Person"]


def test_those_not_listed_leave_office_only_for_the_councils_in_the_file(councils):
    CouncillorFactory(council=councils["rotherham"], full_name="Not Re-elected")
    CouncillorFactory(
        council=councils["rotherham"],
        full_name="Long Gone",
        first_elected_on=datetime.date(2016, 5, 5),
        left_office_on=datetime.date(2020, 1, 1),
    )
    CouncillorFactory(council=councils["leeds"], full_name="Leeds Member")
    result = read_election_csv(HEADER + "Ann Smith,rotherham,,,02/05/2024,\n", kind="all-out")
    assert [(x.councillor.full_name, x.left_on) for x in result.leaving] == [
        ("Not Re-elected", datetime.date(2024, 5, 2))
    ]


def test_the_election_date_is_the_most_common_date_of_each_council(councils):
    result = read_election_csv(
        HEADER
        + "A,rotherham,,,02/05/2024,\n"
        + "B,rotherham,,,02/05/2024,\n"
        + "C,rotherham,,,15/08/2024,\n"
        + "D,leeds,,,2024-05-02,\n",
        kind="all-out",
    )
    assert [(e.council.slug, e.held_on) for e in result.elections] == [
        ("leeds", datetime.date(2024, 5, 2)),
        ("rotherham", datetime.date(2024, 5, 2)),
    ]


def test_a_councillor_who_left_and_is_elected_again_comes_back_into_office(councils):
    CouncillorFactory(
        council=councils["rotherham"],
        full_name="Back Again",
        party=None,
        ward="Wath",
        first_elected_on=datetime.date(2016, 5, 5),
        left_office_on=datetime.date(2021, 5, 6),
    )
    result = read_election_csv(HEADER + "Back Again,rotherham,,Wath,02/05/2024,\n", kind="all-out")
    assert [c.label for c in result.updated[0].changes] == ["Back in office"]
    election_import_confirm(
        text=HEADER + "Back Again,rotherham,,Wath,02/05/2024,\n", kind="all-out"
    )
    assert Councillor.objects.get(full_name="Back Again").left_office_on is None


def test_the_checks_are_pure_given_a_reference(councils):
    rows, errors = parse_rows(HEADER + "Ann Smith,rotherham,,,02/05/2024,\n")
    reference = Reference(councils=[councils["rotherham"]], parties=[], councillors=[])
    result = check_rows(rows, errors, reference, kind="all-out")
    assert [n.full_name for n in result.new] == ["Ann Smith"] and result.is_valid


# The pages --------------------------------------------------------------------


def test_import_pages_do_not_exist_for_anyone_but_a_programme_manager(client, councils):
    client.force_login(UserFactory())
    for url in [
        reverse("election_import"),
        reverse("election_import_preview"),
        reverse("election_import_sample"),
    ]:
        assert client.get(url).status_code == 404
    response = upload(client, HEADER + "Ann Smith,rotherham,,,02/05/2024,\n")
    assert response.status_code == 404
    assert client.post(reverse("election_import_confirm"), {"digest": "x"}).status_code == 404
    assert not Councillor.objects.exists()


def test_the_upload_page_offers_a_sample_file_that_imports_cleanly(manager, councils):
    body = manager.get(reverse("election_import")).content.decode()
    assert reverse("election_import_sample") in body
    response = manager.get(reverse("election_import_sample"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig") == SAMPLE_CSV
    result = read_election_csv(SAMPLE_CSV, kind="all-out")
    assert result.errors == [] and len(result.new) == 3


def test_the_upload_refuses_a_file_that_is_not_csv_or_too_large(manager, councils):
    response = upload(manager, "whatever", name="results.xlsx")
    assert response.context["form"].errors["file"] == ["Choose a CSV file (ending in .csv)."]
    response = upload(manager, HEADER + "x" * (1024 * 1024 + 1))
    assert "larger than 1 MB" in response.context["form"].errors["file"][0]
    response = manager.post(reverse("election_import"), {"kind": "all-out"})
    assert "file" in response.context["form"].errors


def test_the_preview_lists_new_updated_and_leaving_councillors_and_saves_nothing(manager, councils):
    CouncillorFactory(
        council=councils["rotherham"], full_name="Dana Whitfield", party=None, ward="Old"
    )
    CouncillorFactory(council=councils["rotherham"], full_name="Not Re-elected")
    response = upload(
        manager,
        HEADER
        + "Dana Whitfield,rotherham,,New Ward,02/05/2024,\n"
        + "Ann Smith,rotherham,Labour,Keppel,02/05/2024,ann@example.org\n",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("election_import_preview")
    # Kept in the session between preview and confirm, not on disk.
    assert "Ann Smith" in manager.session[IMPORT_SESSION_KEY]["text"]
    body = manager.get(reverse("election_import_preview")).content.decode()
    assert "New councillors (1)" in body and "Ann Smith" in body
    assert "Councillors updated (1)" in body and "Ward: Old → New Ward" in body
    assert "Will leave office (1)" in body and "Not Re-elected" in body
    assert "Not in the file (all-out election)" in body
    assert "Save: 1 new councillor, 1 updated, 1 leaving office" in body
    assert Councillor.objects.count() == 2 and not Election.objects.exists()


def test_an_import_with_one_bad_row_saves_nothing_and_names_the_row_then_the_corrected_file_imports(
    manager, councils
):
    # A member for Keppel, a ward in this thirds file, who is not in it.
    sitting = CouncillorFactory(
        council=councils["rotherham"], full_name="Not Re-elected", ward="Keppel"
    )
    RoleAppointmentFactory(councillor=sitting, started_on=datetime.date(2022, 5, 20))
    placement = PlacementFactory(council=councils["rotherham"], mentees=[sitting])
    good = [
        "Ann Smith,rotherham,Labour,Keppel,02/05/2024,ann@example.org",
        "Bob Jones,rotherham,Conservative,Wath,02/05/2024,",
        "Cy Twombly,leeds,,Headingley,2024-05-02,",
    ]
    bad = "Di Lane,rotherham,Labour,Hellaby,2024-05-40,"
    response = upload(manager, HEADER + "\n".join([*good[:2], bad, good[2]]) + "\n", kind="thirds")
    body = manager.get(response["Location"]).content.decode()
    assert "Nothing can be saved: 1 problem to correct" in body
    assert (
        '<td data-label="Line">4</td><td data-label="Name">Di Lane</td><td data-label="Problem">“2024-05-40” is not a date'
        in body
    )
    assert "Save:" not in body
    # A confirm sent anyway checks the file again and saves nothing.
    digest = (
        manager.get(reverse("election_import_preview")).context["confirm_form"].initial["digest"]
    )
    response = manager.post(reverse("election_import_confirm"), {"digest": digest})
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Councillor.objects.count() == 1 and not Election.objects.exists()
    sitting.refresh_from_db()
    assert sitting.left_office_on is None

    fixed = bad.replace("2024-05-40", "2024-05-02")
    upload(manager, HEADER + "\n".join([*good[:2], fixed, good[2]]) + "\n", kind="thirds")
    response = confirm(manager)
    body = response.content.decode()
    assert "Election imported: 4 new councillors, 0 updated, 1 marked as left office." in body
    assert set(Councillor.objects.values_list("full_name", flat=True)) == {
        "Ann Smith",
        "Bob Jones",
        "Cy Twombly",
        "Di Lane",
        "Not Re-elected",
    }
    ann = Councillor.objects.get(full_name="Ann Smith")
    assert ann.party.name == "Labour" and ann.email == "ann@example.org"
    assert ann.first_elected_on == datetime.date(2024, 5, 2)
    assert set(Election.objects.values_list("council__slug", "held_on", "kind")) == {
        ("rotherham", datetime.date(2024, 5, 2), "thirds"),
        ("leeds", datetime.date(2024, 5, 2), "thirds"),
    }
    sitting.refresh_from_db()
    assert sitting.left_office_on == datetime.date(2024, 5, 2)
    assert sitting.appointments.get().ended_on == datetime.date(2024, 5, 2)
    placement.refresh_from_db()
    assert "left office on 02/05/2024" in placement.needs_attention
    assert IMPORT_SESSION_KEY not in manager.session


def test_a_confirm_after_the_data_changed_checks_again_and_saves_nothing(manager, councils):
    party = PartyFactory(name="Short Lived")
    upload(manager, HEADER + "Ann Smith,rotherham,Short Lived,,02/05/2024,\n")
    digest = (
        manager.get(reverse("election_import_preview")).context["confirm_form"].initial["digest"]
    )
    party.delete()
    response = manager.post(reverse("election_import_confirm"), {"digest": digest})
    assert response.status_code == 400
    assert "Unknown party “Short Lived”" in response.content.decode()
    assert not Councillor.objects.exists()


def test_a_confirm_of_another_file_than_the_one_previewed_is_refused(manager, councils):
    upload(manager, HEADER + "Ann Smith,rotherham,,,02/05/2024,\n")
    response = manager.post(reverse("election_import_confirm"), {"digest": "0" * 64}, follow=True)
    assert "Nothing was saved" in response.content.decode()
    assert not Councillor.objects.exists()


def test_the_preview_without_an_upload_sends_back_to_the_upload_page(manager):
    response = manager.get(reverse("election_import_preview"))
    assert response.status_code == 302 and response["Location"] == reverse("election_import")


def test_a_confirm_without_a_pending_import_saves_nothing(manager):
    response = manager.post(reverse("election_import_confirm"), {"digest": "x"})
    assert response.status_code == 302
    assert not Councillor.objects.exists()
