"""The kind of election decides who leaves office: an all-out election everyone not in
the file, a by-election or an election by thirds only the members of the wards in it.
The manager chooses the kind before the preview, which says who leaves and why."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory
from councils.imports import read_election_csv
from councils.models import Councillor, Election
from councils.services import election_import_confirm
from councils.tests.factories import CouncilFactory, CouncillorFactory, PartyFactory
from councils.views import IMPORT_SESSION_KEY
from mentoring.tests.factories import MentorFactory, PlacementFactory

pytestmark = pytest.mark.django_db

HEADER = "name,council,party,ward,elected_on,email\n"
ELECTION_DAY = datetime.date(2026, 5, 7)
WARDS = ["Boston Castle", "Sitwell", "Keppel", "Wath", "Hellaby", "Rother Vale", "Dinnington"]


@pytest.fixture
def rotherham():
    """Rotherham with 14 sitting councillors, two in each of seven wards, a Leeds
    councillor, and one Rotherham councillor who left office years ago."""
    labour = PartyFactory(name="Labour")
    council = CouncilFactory(name="Rotherham Metropolitan Borough Council", slug="rotherham")
    for ward in WARDS:
        for n in (1, 2):
            CouncillorFactory(
                council=council, full_name=f"{ward} Member {n}", ward=ward, party=labour
            )
    CouncillorFactory(
        council=council,
        full_name="Long Gone",
        ward="Boston Castle",
        first_elected_on=datetime.date(2016, 5, 5),
        left_office_on=datetime.date(2020, 1, 1),
    )
    CouncillorFactory(council=CouncilFactory(slug="leeds"), full_name="Leeds Member")
    return council


@pytest.fixture
def manager(client):
    client.force_login(ProgrammeManagerFactory())
    return client


def upload(client, text: str, kind: str | None):
    data = {"file": SimpleUploadedFile("results.csv", text.encode(), content_type="text/csv")}
    if kind is not None:
        data["kind"] = kind
    return client.post(reverse("election_import"), data)


def confirm_data(client) -> dict:
    """What the preview's "Save" button sends."""
    return client.get(reverse("election_import_preview")).context["confirm_form"].initial


def in_office() -> set[str]:
    return set(
        Councillor.objects.filter(left_office_on__isnull=True).values_list("full_name", flat=True)
    )


# Who leaves ------------------------------------------------------------------------


def test_a_by_election_with_one_winner_retires_only_the_wards_member_not_in_the_file(rotherham):
    """The one-winner file once retired all 14 Rotherham councillors."""
    text = HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n"
    text += "Boston Castle Member 2,rotherham,Labour,Boston Castle,07/05/2026,\n"
    result = read_election_csv(text, kind="by-election")
    assert result.errors == []
    assert [(x.councillor.full_name, x.reason) for x in result.leaving] == [
        ("Boston Castle Member 1", "not in the file for Boston Castle ward (by-election)")
    ]

    before = in_office()
    saved = election_import_confirm(text=text, kind="by-election")
    assert saved.left_office == 1 and saved.created == 1
    assert in_office() == (before - {"Boston Castle Member 1"}) | {"Dana Whitfield"}
    assert Councillor.objects.get(full_name="Boston Castle Member 1").left_office_on == (
        ELECTION_DAY
    )
    assert list(Election.objects.values_list("held_on", "kind")) == [(ELECTION_DAY, "by-election")]


def test_a_by_election_winner_alone_in_the_file_retires_the_wards_previous_members(rotherham):
    text = HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n"
    result = read_election_csv(text, kind="by-election")
    assert [x.councillor.full_name for x in result.leaving] == [
        "Boston Castle Member 1",
        "Boston Castle Member 2",
    ]  # and not Long Gone, who had already left


def test_an_all_out_election_retires_everyone_of_the_council_not_in_the_file(rotherham):
    text = HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n"
    text += "Wath Member 1,rotherham,Labour,Wath,07/05/2026,\n"
    result = read_election_csv(text, kind="all-out")
    leaving = {x.councillor.full_name: x.reason for x in result.leaving}
    assert len(leaving) == 13 and "Wath Member 1" not in leaving
    assert set(leaving.values()) == {"not in the file (all-out election)"}

    election_import_confirm(text=text, kind="all-out")
    assert in_office() == {"Dana Whitfield", "Wath Member 1", "Leeds Member"}


def test_an_election_by_thirds_changes_only_the_wards_in_the_file(rotherham):
    text = HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n"
    text += "Sitwell Member 1,rotherham,Labour,Sitwell,07/05/2026,\n"
    text += "New Wath Member,rotherham,Labour,  wath ,07/05/2026,\n"  # any capitals or spaces
    result = read_election_csv(text, kind="thirds")
    assert result.errors == []
    assert [(x.councillor.full_name, x.reason) for x in result.leaving] == [
        ("Boston Castle Member 1", "not in the file for Boston Castle ward (election by thirds)"),
        ("Boston Castle Member 2", "not in the file for Boston Castle ward (election by thirds)"),
        ("Sitwell Member 2", "not in the file for Sitwell ward (election by thirds)"),
        ("Wath Member 1", "not in the file for Wath ward (election by thirds)"),
        ("Wath Member 2", "not in the file for Wath ward (election by thirds)"),
    ]
    election_import_confirm(text=text, kind="thirds")
    for ward in ("Keppel", "Hellaby", "Rother Vale", "Dinnington"):
        assert {f"{ward} Member 1", f"{ward} Member 2"} <= in_office()
    assert Election.objects.get().kind == "thirds"


def test_a_partial_election_needs_the_ward_of_every_row_and_saves_nothing_without(rotherham):
    text = HEADER + "Dana Whitfield,rotherham,Labour,,07/05/2026,\n"
    result = read_election_csv(text, kind="by-election")
    assert [(e.line, e.message) for e in result.errors] == [
        (
            2,
            "The ward is missing: a by-election changes only the wards in the file, so give "
            "each councillor's ward.",
        )
    ]
    with pytest.raises(ValidationError):
        election_import_confirm(text=text, kind="by-election")
    assert not Councillor.objects.filter(full_name="Dana Whitfield").exists()
    assert len(in_office()) == 15
    # An all-out file may leave a ward empty: the one on record is kept.
    assert read_election_csv(text, kind="all-out").errors == []


def test_a_mentee_and_a_mentor_who_lose_their_seat_in_a_by_election_are_flagged(rotherham, manager):
    mentee = Councillor.objects.get(full_name="Boston Castle Member 1")
    placement = PlacementFactory(council=rotherham, mentees=[mentee])
    other_ward = PlacementFactory(
        council=rotherham, mentees=[Councillor.objects.get(full_name="Wath Member 1")]
    )
    seat = Councillor.objects.get(full_name="Boston Castle Member 2")
    buddy = MentorFactory(full_name="Boston Castle Member 2", council=rotherham, councillor=seat)
    upload(manager, HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n",
           "by-election")  # fmt: skip
    manager.post(reverse("election_import_confirm"), confirm_data(manager))

    placement.refresh_from_db()
    other_ward.refresh_from_db()
    assert placement.needs_attention == (
        "Cllr Boston Castle Member 1 left office on 07/05/2026: end or pause this placement"
    )
    assert other_ward.needs_attention == ""
    body = manager.get(reverse("mentor_detail", args=[buddy.pk])).content.decode()
    assert "Not a practising councillor since 7 May 2026" in body


# The pages -------------------------------------------------------------------------


def test_the_kind_of_election_is_required_and_none_is_chosen_for_the_manager(manager, rotherham):
    assert " checked" not in manager.get(reverse("election_import")).content.decode()
    response = upload(
        manager, HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n", None
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "Choose the kind of election: all-out, by thirds or by-election."
    ]
    assert IMPORT_SESSION_KEY not in manager.session
    response = upload(manager, HEADER + "Dana Whitfield,rotherham,,Wath,07/05/2026,\n", "mayoral")
    assert "Choose the kind of election" in response.context["form"].errors["kind"][0]


def test_the_preview_names_who_leaves_and_why_and_the_button_says_what_is_saved(manager, rotherham):
    upload(manager, HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n"
           + "Boston Castle Member 2,rotherham,Labour,Boston Castle,07/05/2026,\n",
           "by-election")  # fmt: skip
    body = manager.get(reverse("election_import_preview")).content.decode()
    assert "By-election election" not in body and "By-election" in body
    assert "Will leave office (1)" in body
    row = re.search(r"<tr><td data-label=\"Name\">.*?</tr>", body.split("Will leave office")[1])
    text = re.sub(r"<[^>]+>", " ", row.group(0))
    assert " ".join(text.split()) == (
        "Boston Castle Member 1 Rotherham Metropolitan Borough Council Boston Castle "
        "Not in the file for Boston Castle ward (by-election) 07/05/2026"
    )
    assert "Sitwell Member 1" not in body
    assert '<button type="submit" class="btn btn-primary">Save: 1 new councillor, 1 leaving office</button>' in body  # fmt: skip
    assert len(in_office()) == 15  # nothing saved yet


def test_a_preview_of_one_kind_cannot_be_confirmed_as_another(manager, rotherham):
    """The same file in another tab as an all-out election would retire 13 more."""
    text = HEADER + "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n"
    upload(manager, text, "by-election")
    by_election = confirm_data(manager)
    assert by_election["kind"] == "by-election"
    upload(manager, text, "all-out")
    response = manager.post(reverse("election_import_confirm"), by_election, follow=True)
    assert "Nothing was saved" in response.content.decode()
    assert len(in_office()) == 15 and not Election.objects.exists()
    # Confirmed from the all-out preview, it is saved as one.
    manager.post(reverse("election_import_confirm"), confirm_data(manager))
    assert in_office() == {"Dana Whitfield", "Leeds Member"}
