"""The programme manager's council pages: list, detail, create, edit and
governance changes."""

import datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from councils.models import Council, GovernanceChange, GovernanceStatus
from councils.tests.factories import (
    CommissionerAppointmentFactory,
    CouncilFactory,
    CouncillorFactory,
    ElectionFactory,
    GovernanceChangeFactory,
    PartyFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.tests.factories import PlacementFactory
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(ProgrammeManagerFactory())
    return client


def text(response) -> str:
    return response.content.decode()


# Access -----------------------------------------------------------------------


def test_council_pages_do_not_exist_for_anyone_but_a_programme_manager(client):
    council = CouncilFactory()
    commissioner = CommissionerAppointmentFactory(council=council).commissioner
    for user in [UserFactory(), commissioner]:
        client.force_login(user)
        for url in [
            reverse("council_list"),
            reverse("council_create"),
            reverse("council_update", args=[council.pk]),
        ]:
            assert client.get(url).status_code == 404, url
        # A commissioner opens their own council's page, in its commissioner's form
        # (councils/tests/test_commissioner_council_page.py); no one else does.
        if user != commissioner:
            assert client.get(reverse("council_detail", args=[council.pk])).status_code == 404
        response = client.post(
            reverse("governance_change_create", args=[council.pk]),
            {"status": "normal", "since": "2026-01-01"},
        )
        assert response.status_code == 404
    assert not GovernanceChange.objects.exists()


# List -------------------------------------------------------------------------


def test_the_council_list_shows_each_council_with_its_status_control_and_councillors(manager):
    labour = PartyFactory(name="Labour")
    rotherham = CouncilFactory(name="Rotherham", political_control=labour)
    GovernanceChangeFactory(council=rotherham, status=GovernanceStatus.IN_INTERVENTION)
    CouncillorFactory.create_batch(3, council=rotherham)
    CouncillorFactory(council=rotherham, left_office_on=datetime.date(2025, 1, 1))
    CouncilFactory(name="Walsall")
    body = text(manager.get(reverse("council_list")))
    assert "Rotherham" in body and "Walsall" in body
    assert "In intervention" in body
    assert "Labour" in body and "No overall control" in body
    assert (
        '<td data-label="Councillors in office">3</td>' in body
    )  # the councillor who left is not counted


def test_the_council_list_filters_and_sorts_by_the_url(manager):
    CouncilFactory(name="Alpha", kind="unitary", region="north-west")
    CouncilFactory(name="Beta", kind="district", region="north-west")
    CouncilFactory(name="Gamma", kind="unitary", region="london")
    body = text(manager.get(reverse("council_list") + "?kind=unitary&sort=-name"))
    assert "Alpha" in body and "Gamma" in body and "Beta" not in body
    assert body.index("Gamma") < body.index("Alpha")
    # The sort links keep the filters.
    assert 'href="?kind=unitary&amp;sort=name"' in body


def test_the_council_list_filters_by_governance_status_and_control(manager):
    labour = PartyFactory(name="Labour")
    hung = CouncilFactory(name="Hung Council")
    run = CouncilFactory(name="Labour Council", political_control=labour)
    GovernanceChangeFactory(council=run, status=GovernanceStatus.IN_INTERVENTION)
    body = text(manager.get(reverse("council_list") + "?control=none"))
    assert hung.name in body and run.name not in body
    body = text(manager.get(reverse("council_list") + "?governance=intervention"))
    assert run.name in body and hung.name not in body
    body = text(manager.get(reverse("council_list") + "?governance=normal"))
    assert hung.name in body and run.name not in body


def test_archived_councils_are_hidden_unless_asked_for(manager):
    CouncilFactory(name="Old Council", archived_on=datetime.date(2020, 4, 1))
    CouncilFactory(name="New Council")
    assert "Old Council" not in text(manager.get(reverse("council_list")))
    body = text(manager.get(reverse("council_list") + "?archived=archived"))
    assert "Old Council" in body and "New Council" not in body


def test_the_council_list_pages_by_25_and_its_links_keep_the_filters(manager):
    for i in range(30):
        CouncilFactory(name=f"Council {i:02}", kind="district")
    body = text(manager.get(reverse("council_list") + "?kind=district"))
    assert "Council 24" in body and "Council 25" not in body
    assert "?kind=district&amp;page=2" in body
    body = text(manager.get(reverse("council_list") + "?kind=district&page=2"))
    assert "Council 25" in body and "Council 24" not in body


def test_the_empty_council_list_says_what_to_do(manager):
    body = text(manager.get(reverse("council_list")))
    assert "There are no councils yet" in body and reverse("council_create") in body
    body = text(manager.get(reverse("council_list") + "?q=nothing"))
    assert "No council matches these filters" in body


# Create and edit --------------------------------------------------------------


def test_a_manager_adds_a_council_and_its_slug_is_made_from_the_name(manager):
    response = manager.post(
        reverse("council_create"),
        {
            "name": "Cumberland Council",
            "slug": "",
            "kind": "unitary",
            "region": "north-west",
        },
    )
    council = Council.objects.get(name="Cumberland Council")
    assert council.slug == "cumberland-council"
    assert council.political_control is None
    assert response.status_code == 302
    assert response["Location"] == reverse("council_detail", args=[council.pk])
    body = text(manager.get(response["Location"]))
    assert "Cumberland Council was added." in body


def test_a_council_form_with_errors_shows_them_beside_the_fields_and_keeps_the_input(manager):
    CouncilFactory(name="Leeds City Council", slug="leeds")
    response = manager.post(
        reverse("council_create"),
        {"name": "Leeds City Council", "slug": "leeds-2", "kind": "", "region": "yorkshire"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "kind" in form.errors
    body = text(response)
    assert 'value="leeds-2"' in body
    assert "invalid-feedback" in body
    assert Council.objects.count() == 1


def test_a_manager_edits_and_archives_a_council(manager):
    labour = PartyFactory(name="Labour")
    council = CouncilFactory(name="Halton", slug="halton")
    response = manager.get(reverse("council_update", args=[council.pk]))
    assert "archived_on" in response.context["form"].fields
    response = manager.post(
        reverse("council_update", args=[council.pk]),
        {
            "name": "Halton Borough Council",
            "slug": "halton",
            "kind": "unitary",
            "region": "north-west",
            "political_control": labour.pk,
            "archived_on": "2026-04-01",
        },
        follow=True,
    )
    council.refresh_from_db()
    assert council.name == "Halton Borough Council"
    assert council.political_control == labour
    assert council.archived_on == datetime.date(2026, 4, 1)
    assert "Halton Borough Council was updated." in text(response)


# Detail -----------------------------------------------------------------------


def test_a_council_page_shows_its_governance_control_roles_placements_and_visits(manager):
    labour = PartyFactory(name="Labour")
    council = CouncilFactory(name="Rotherham", political_control=labour)
    GovernanceChangeFactory(
        council=council,
        status=GovernanceStatus.IN_INTERVENTION,
        since=datetime.date(2015, 2, 26),
        note="Commissioners appointed.",
    )
    GovernanceChangeFactory(
        council=council,
        status=GovernanceStatus.POWERS_PARTLY_RETURNED,
        since=datetime.date(2016, 2, 29),
    )
    ElectionFactory(council=council, held_on=datetime.date(2024, 5, 2))
    leader = CouncillorFactory(council=council, full_name="Dana Whitfield", party=labour)
    RoleAppointmentFactory(councillor=leader, role=role("leader"), committee="")
    former = CouncillorFactory(council=council, full_name="Former Chair")
    RoleAppointmentFactory(councillor=former, committee="Audit", ended_on=datetime.date(2024, 6, 1))
    placement = PlacementFactory(council=council, mentees=[leader])
    visit = ReviewVisitFactory(council=council, title="Rotherham progress review")

    body = text(manager.get(reverse("council_detail", args=[council.pk])))
    assert "Powers partly returned, since" in body
    assert "Commissioners appointed." in body  # the history
    assert "Labour" in body
    assert "Dana Whitfield" in body and "Leader" in body
    assert "Former Chair" not in body  # roles held now only
    assert reverse("placement_detail", args=[placement.pk]) in body
    assert "1 placement:" in body and "1 active" in body
    assert reverse("visit_detail", args=[visit.pk]) in body
    assert "Rotherham progress review" in body
    assert "Monthly reports" in body and "Monthly progress reports for" in body
    assert "All-out election" in body


def test_a_council_page_with_nothing_yet_says_what_to_do(manager):
    council = CouncilFactory()
    body = text(manager.get(reverse("council_detail", args=[council.pk])))
    assert "No governance change is recorded" in body
    assert "No councillor holds a role now" in body
    assert "No mentor is placed at this council yet" in body
    assert "No review visit is recorded" in body


def test_a_council_that_does_not_exist_answers_404(manager):
    assert manager.get(reverse("council_detail", args=[999])).status_code == 404


# Governance changes -----------------------------------------------------------


def test_a_governance_change_is_added_from_the_council_page(manager):
    council = CouncilFactory()
    GovernanceChangeFactory(council=council, since=datetime.date(2024, 9, 1))
    response = manager.post(
        reverse("governance_change_create", args=[council.pk]),
        {"status": "partly-returned", "since": "2025-03-31", "note": "Phase one returned."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("council_detail", args=[council.pk]) + "#governance"
    )
    change = council.governance_changes.get(since=datetime.date(2025, 3, 31))
    assert change.status == "partly-returned" and change.note == "Phase one returned."
    body = text(manager.get(response["Location"]))
    assert "Governance change recorded: Powers partly returned from 31/03/2025." in body
    assert "Powers partly returned, since" in body


def test_a_governance_change_with_errors_comes_back_on_the_council_page(manager):
    council = CouncilFactory(name="Walsall")
    GovernanceChangeFactory(council=council, since=datetime.date(2024, 9, 1))
    response = manager.post(
        reverse("governance_change_create", args=[council.pk]),
        {"status": "intervention", "since": "2024-09-01", "note": "typed note"},
    )
    assert response.status_code == 200
    assert response.context["governance_form"].errors["since"] == [
        "This change is already in the history."
    ]
    body = text(response)
    assert "<h1" in body and "Walsall" in body
    assert "typed note" in body
    response = manager.post(
        reverse("governance_change_create", args=[council.pk]), {"status": "", "since": ""}
    )
    assert set(response.context["governance_form"].errors) == {"status", "since"}
    assert council.governance_changes.count() == 1


def test_adding_a_governance_change_needs_a_post(manager):
    council = CouncilFactory()
    response = manager.get(reverse("governance_change_create", args=[council.pk]))
    assert response.status_code == 405


def test_the_edit_page_keeps_its_title_while_the_typed_name_is_refused(manager):
    CouncilFactory(name="Leeds City Council")
    council = CouncilFactory(name="Halton")
    response = manager.post(
        reverse("council_update", args=[council.pk]),
        {
            "name": "Leeds City Council",
            "slug": council.slug,
            "kind": "unitary",
            "region": "north-west",
        },
    )
    body = text(response)
    assert "<h1>Edit Halton</h1>" in body
    assert 'value="Leeds City Council"' in body


def test_an_election_is_named_without_a_doubled_word():
    by_election = ElectionFactory.build(kind="by-election", held_on=datetime.date(2025, 3, 6))
    thirds = ElectionFactory.build(kind="thirds", held_on=datetime.date(2024, 5, 2))
    assert str(by_election).endswith(": by-election, 06/03/2025")
    assert str(thirds).endswith(": election by thirds, 02/05/2024")
