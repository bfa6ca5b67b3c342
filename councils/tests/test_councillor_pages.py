"""The programme manager's councillor pages: list with search and filters,
the CSV export, detail, create, edit, roles and leaving office."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from councils.models import Councillor, RoleAppointment
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    ElectionFactory,
    PartyFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.models import Placement
from mentoring.tests.factories import (
    LearningAgreementFactory,
    PlacementFactory,
    ReflectionFactory,
    SessionFactory,
    SessionNoteFactory,
)

pytestmark = pytest.mark.django_db

SECRET_NOTE = "SECRET-NOTE-91c2"
SECRET_ACTION = "SECRET-ACTION-44d0"
SECRET_REFLECTION = "SECRET-REFLECTION-0be7"


@pytest.fixture
def manager(client):
    client.force_login(ProgrammeManagerFactory())
    return client


def text(response) -> str:
    return response.content.decode()


def names_in(response) -> set[str]:
    return {c.full_name for c in response.context["page"].object_list}


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def rotherham():
    council = CouncilFactory(name="Rotherham", slug="rotherham")
    ElectionFactory(council=council, held_on=datetime.date(2024, 5, 2))
    return council


@pytest.fixture
def people(rotherham):
    """Four councillors of Rotherham and one of Leeds."""
    labour = PartyFactory(name="Labour")
    tory = PartyFactory(name="Conservative")
    leeds = CouncilFactory(name="Leeds", slug="leeds")
    found = {
        "leader": CouncillorFactory(
            council=rotherham,
            full_name="Dana Whitfield",
            party=labour,
            ward="Boston Castle",
            first_elected_on=datetime.date(2016, 5, 5),
        ),
        "new": CouncillorFactory(
            council=rotherham,
            full_name="Grace Holloway",
            party=labour,
            ward="Keppel",
            first_elected_on=datetime.date(2024, 5, 2),
        ),
        "independent": CouncillorFactory(
            council=rotherham,
            full_name="Ivor Bland",
            party=None,
            ward="Wath",
            first_elected_on=datetime.date(2021, 5, 6),
        ),
        "gone": CouncillorFactory(
            council=rotherham,
            full_name="Gone Away",
            party=tory,
            ward="Sitwell",
            first_elected_on=datetime.date(2016, 5, 5),
            left_office_on=datetime.date(2024, 5, 2),
        ),
        "leeds": CouncillorFactory(council=leeds, full_name="Pat Lowther", party=labour),
    }
    RoleAppointmentFactory(
        councillor=found["leader"],
        role=role("leader"),
        committee="",
        started_on=datetime.date(2024, 5, 22),
    )
    RoleAppointmentFactory(
        councillor=found["independent"],
        role=role("chair"),
        committee="Audit",
        started_on=datetime.date(2022, 5, 1),
        ended_on=datetime.date(2023, 5, 1),
    )
    PlacementFactory(council=rotherham, mentees=[found["leader"]])
    PlacementFactory(
        council=rotherham,
        mentees=[found["independent"]],
        status="ended",
        ended_on=datetime.date(2025, 6, 1),
    )
    found["labour"], found["tory"] = labour, tory
    return found


# Access -----------------------------------------------------------------------


def test_councillor_pages_do_not_exist_for_anyone_but_a_programme_manager(client, people):
    councillor = people["leader"]
    councillor.user = UserFactory()
    councillor.save()
    appointment = councillor.appointments.first()
    client.force_login(councillor.user)  # not even their own record
    for url in [
        reverse("councillor_list"),
        reverse("councillor_export"),
        reverse("councillor_create"),
        reverse("councillor_detail", args=[councillor.pk]),
        reverse("councillor_update", args=[councillor.pk]),
        reverse("councillor_leave_office", args=[councillor.pk]),
        reverse("role_appointment_end", args=[councillor.pk, appointment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("councillor_leave_office", args=[councillor.pk]), {"left_on": "2026-01-01"}
    )
    assert response.status_code == 404
    councillor.refresh_from_db()
    assert councillor.left_office_on is None


# List -------------------------------------------------------------------------


def test_the_list_shows_councillors_in_office_with_their_roles_by_default(manager, people):
    response = manager.get(reverse("councillor_list"))
    assert names_in(response) == {"Dana Whitfield", "Grace Holloway", "Ivor Bland", "Pat Lowther"}
    body = text(response)
    assert "Leader" in body
    assert "Independent" in body
    assert "New member" in body
    assert 'href="/councillors/export.csv"' in body


def test_the_list_searches_names_and_wards(manager, people):
    assert names_in(manager.get(reverse("councillor_list") + "?q=whit")) == {"Dana Whitfield"}
    assert names_in(manager.get(reverse("councillor_list") + "?q=keppel")) == {"Grace Holloway"}
    assert names_in(manager.get(reverse("councillor_list") + "?q=grace+keppel")) == {
        "Grace Holloway"
    }


def test_the_list_filters_by_council_party_and_independents(manager, people):
    url = reverse("councillor_list")
    assert names_in(manager.get(url + "?council=leeds")) == {"Pat Lowther"}
    assert names_in(manager.get(url + f"?council=rotherham&party={people['labour'].pk}")) == {
        "Dana Whitfield",
        "Grace Holloway",
    }
    assert names_in(manager.get(url + "?party=independent")) == {"Ivor Bland"}


def test_the_list_filters_by_a_role_held_now(manager, people):
    url = reverse("councillor_list")
    assert names_in(manager.get(url + "?role=leader")) == {"Dana Whitfield"}
    assert names_in(manager.get(url + "?role=chair")) == set()  # Ivor's chair ended


def test_the_list_filters_new_members_since_their_councils_last_election(manager, people):
    url = reverse("councillor_list")
    assert names_in(manager.get(url + "?new_member=yes")) == {"Grace Holloway"}
    assert "Grace Holloway" not in names_in(manager.get(url + "?new_member=no"))


def test_the_list_filters_councillors_with_an_open_placement(manager, people):
    url = reverse("councillor_list")
    assert names_in(manager.get(url + "?open_placement=yes")) == {"Dana Whitfield"}
    assert "Ivor Bland" in names_in(manager.get(url + "?open_placement=no"))


def test_the_list_shows_those_who_left_office_when_asked(manager, people):
    url = reverse("councillor_list")
    assert names_in(manager.get(url + "?office=left")) == {"Gone Away"}
    assert "Gone Away" in names_in(manager.get(url + "?office=all"))


def test_the_list_sorts_by_a_column_and_reverses(manager, people):
    url = reverse("councillor_list") + "?council=rotherham"
    names = [c.full_name for c in manager.get(url + "&sort=-name").context["page"].object_list]
    assert names == ["Ivor Bland", "Grace Holloway", "Dana Whitfield"]
    names = [c.full_name for c in manager.get(url + "&sort=ward").context["page"].object_list]
    assert names == ["Dana Whitfield", "Grace Holloway", "Ivor Bland"]
    body = text(manager.get(url + "&sort=name"))
    assert 'aria-sort="ascending"' in body
    assert 'href="?council=rotherham&amp;sort=-name"' in body


def test_the_list_pages_by_25_keeping_the_filters(manager, rotherham):
    for i in range(30):
        CouncillorFactory(council=rotherham, full_name=f"Member {i:02}")
    response = manager.get(reverse("councillor_list") + "?council=rotherham")
    assert len(response.context["page"].object_list) == 25
    assert "?council=rotherham&amp;page=2" in text(response)
    response = manager.get(reverse("councillor_list") + "?council=rotherham&page=2")
    assert names_in(response) == {f"Member {i}" for i in range(25, 30)}


def test_an_empty_list_says_what_to_do(manager):
    body = text(manager.get(reverse("councillor_list")))
    assert "There are no councillors here yet" in body
    assert reverse("election_import") in body
    body = text(manager.get(reverse("councillor_list") + "?q=nobody"))
    assert "No councillor matches these filters" in body


def test_the_download_link_keeps_the_filters(manager, people):
    body = text(manager.get(reverse("councillor_list") + "?council=rotherham&sort=-name&page=1"))
    assert 'href="/councillors/export.csv?council=rotherham&amp;sort=-name"' in body


# CSV export -------------------------------------------------------------------


def test_the_export_has_the_filtered_councillors_in_the_lists_order(manager, people):
    response = manager.get(reverse("councillor_export") + "?council=rotherham&sort=-name")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [r["name"] for r in rows] == ["Ivor Bland", "Grace Holloway", "Dana Whitfield"]
    dana = rows[2]
    assert dana["council"] == "Rotherham" and dana["party"] == "Labour"
    assert dana["roles_held_now"] == "Leader" and dana["open_placement"] == "yes"
    assert rows[1]["new_since_last_election"] == "yes"
    assert rows[0]["party"] == "Independent"


def test_the_export_never_carries_confidential_content(manager, people):
    placement = people["leader"].placement_memberships.get().placement
    SessionNoteFactory(
        session=SessionFactory(placement=placement), notes=SECRET_NOTE, actions_agreed=SECRET_ACTION
    )
    ReflectionFactory(mentee=people["leader"].placement_memberships.get(), text=SECRET_REFLECTION)
    for url in [
        reverse("councillor_export"),
        reverse("councillor_detail", args=[people["leader"].pk]),
        reverse("councillor_list"),
        reverse("council_detail", args=[people["leader"].council_id]),
    ]:
        body = text(manager.get(url))
        for secret in (SECRET_NOTE, SECRET_ACTION, SECRET_REFLECTION):
            assert secret not in body, url


def test_the_export_defuses_cells_a_spreadsheet_would_run(manager, rotherham):
    CouncillorFactory(council=rotherham, full_name="=HYPERLINK(1)", ward="+44")
    row = csv_rows(manager.get(reverse("councillor_export")))[0]
    assert row["name"] == "'=HYPERLINK(1)" and row["ward"] == "'+44"


# Detail -----------------------------------------------------------------------


def test_a_councillor_page_shows_roles_over_time_and_placements_with_their_agreement(
    manager, people
):
    ivor = people["independent"]
    RoleAppointmentFactory(
        councillor=ivor,
        role=role("vice-chair"),
        committee="Licensing Board",
        started_on=datetime.date(2024, 6, 1),
    )
    placement = ivor.placement_memberships.get().placement
    LearningAgreementFactory(placement=placement, version=1, agreed=True, status="superseded")
    LearningAgreementFactory(placement=placement, version=2, agreed=True)
    body = text(manager.get(reverse("councillor_detail", args=[ivor.pk])))
    assert "Ivor Bland" in body and "Independent" in body and "Wath" in body
    assert "Chair" in body and "Audit" in body and "01/05/2023" in body  # a past role
    assert "Vice Chair" in body and "Licensing Board" in body and "Now" in body
    assert reverse("placement_detail", args=[placement.pk]) in body
    assert "Ended" in body
    assert "v2: Agreed and active" in body
    # Only the open role can be ended.
    assert body.count(">End<") == 1


def test_a_placement_without_an_agreement_says_so(manager, people):
    body = text(manager.get(reverse("councillor_detail", args=[people["leader"].pk])))
    assert "No learning agreement yet" in body


def test_a_councillor_without_roles_or_placements_is_told_what_to_do(manager, rotherham):
    councillor = CouncillorFactory(council=rotherham)
    body = text(manager.get(reverse("councillor_detail", args=[councillor.pk])))
    assert "No role is recorded" in body
    assert "has no placement" in body


# Create and edit --------------------------------------------------------------


def test_a_manager_adds_a_councillor(manager, rotherham):
    response = manager.post(
        reverse("councillor_create"),
        {
            "council": rotherham.pk,
            "full_name": "Chris Ndlovu",
            "party": "",
            "ward": "Hellaby",
            "email": "chris@example.org",
            "first_elected_on": "2024-05-02",
        },
        follow=True,
    )
    councillor = Councillor.objects.get(full_name="Chris Ndlovu")
    assert councillor.party is None and councillor.first_elected_on == datetime.date(2024, 5, 2)
    assert response.redirect_chain[-1][0] == reverse("councillor_detail", args=[councillor.pk])
    assert "Cllr Chris Ndlovu was added." in text(response)


def test_the_add_form_starts_with_the_council_it_came_from(manager, rotherham):
    response = manager.get(reverse("councillor_create") + "?council=rotherham")
    assert response.context["form"].initial["council"] == rotherham.pk


def test_a_councillor_form_with_errors_keeps_the_input(manager, rotherham):
    response = manager.post(
        reverse("councillor_create"),
        {"council": rotherham.pk, "full_name": "", "email": "not-an-email", "ward": "Keppel"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "email"}
    body = text(response)
    assert 'value="Keppel"' in body and 'value="not-an-email"' in body
    assert not Councillor.objects.exists()


def test_a_manager_edits_a_councillor(manager, people):
    dana = people["leader"]
    response = manager.post(
        reverse("councillor_update", args=[dana.pk]),
        {
            "council": dana.council_id,
            "full_name": "Dana Whitfield",
            "party": people["tory"].pk,
            "ward": "Boston Castle",
            "email": "",
            "first_elected_on": "2016-05-05",
        },
        follow=True,
    )
    dana.refresh_from_db()
    assert dana.party == people["tory"]
    assert "Cllr Dana Whitfield was updated." in text(response)


def test_the_first_election_cannot_be_moved_after_leaving_office(manager, people):
    gone = people["gone"]
    response = manager.post(
        reverse("councillor_update", args=[gone.pk]),
        {"council": gone.council_id, "full_name": gone.full_name, "first_elected_on": "2025-01-01"},
    )
    assert "first_elected_on" in response.context["form"].errors


# Role appointments ------------------------------------------------------------


def test_a_role_is_added_from_the_councillors_page(manager, people):
    grace = people["new"]
    response = manager.post(
        reverse("role_appointment_create", args=[grace.pk]),
        {
            "role-role": role("cabinet-member").pk,
            "role-committee": "Jobs and the Local Economy",
            "role-started_on": "2024-05-22",
        },
        follow=True,
    )
    appointment = grace.appointments.get()
    assert appointment.committee == "Jobs and the Local Economy" and appointment.ended_on is None
    assert "Cllr Grace Holloway now holds Cabinet member, Jobs and the Local Economy." in text(
        response
    )


def test_an_overlapping_role_shows_the_rules_message_beside_the_form(manager, people):
    grace = people["new"]
    response = manager.post(
        reverse("role_appointment_create", args=[grace.pk]),
        {"role-role": role("leader").pk, "role-committee": "", "role-started_on": "2025-01-01"},
    )
    assert response.status_code == 200
    form = response.context["role_form"]
    message = "Cllr Dana Whitfield already holds Leader from 22/05/2024: the dates overlap."
    assert form.non_field_errors() == [message]
    body = text(response)
    assert message in body
    assert 'value="2025-01-01"' in body  # typed input kept
    assert not grace.appointments.exists()


def test_a_role_with_an_end_before_its_start_is_refused(manager, people):
    grace = people["new"]
    response = manager.post(
        reverse("role_appointment_create", args=[grace.pk]),
        {
            "role-role": role("chair").pk,
            "role-committee": "Planning Board",
            "role-started_on": "2025-01-01",
            "role-ended_on": "2024-01-01",
        },
    )
    assert "ended_on" in response.context["role_form"].errors


def test_ending_a_role_asks_first_then_ends_it_on_the_date_given(manager, people):
    dana = people["leader"]
    appointment = dana.appointments.get()
    url = reverse("role_appointment_end", args=[dana.pk, appointment.pk])
    response = manager.get(url)
    assert "Are you sure" in text(response)
    appointment.refresh_from_db()
    assert appointment.ended_on is None
    response = manager.post(url, {"ended_on": "2026-05-20"}, follow=True)
    appointment.refresh_from_db()
    assert appointment.ended_on == datetime.date(2026, 5, 20)
    assert "no longer holds Leader after 20/05/2026" in text(response)


def test_a_role_cannot_end_before_it_started(manager, people):
    dana = people["leader"]
    appointment = dana.appointments.get()
    url = reverse("role_appointment_end", args=[dana.pk, appointment.pk])
    response = manager.post(url, {"ended_on": "2020-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == [
        "The end date cannot be before the start date."
    ]
    appointment.refresh_from_db()
    assert appointment.ended_on is None


def test_a_role_of_another_councillor_cannot_be_ended_through_this_one(manager, people):
    appointment = people["leader"].appointments.get()
    url = reverse("role_appointment_end", args=[people["new"].pk, appointment.pk])
    assert manager.get(url).status_code == 404


# Leaving office ---------------------------------------------------------------


def test_left_office_asks_first_listing_what_will_happen(manager, people):
    dana = people["leader"]
    body = text(manager.get(reverse("councillor_leave_office", args=[dana.pk])))
    assert "Are you sure" in body
    assert "These roles will end on that date" in body and "Leader" in body
    assert "These placements will be flagged" in body
    dana.refresh_from_db()
    assert dana.left_office_on is None


def test_left_office_ends_roles_and_flags_open_placements_deleting_nothing(manager, people):
    dana = people["leader"]
    placement = dana.placement_memberships.get().placement
    response = manager.post(
        reverse("councillor_leave_office", args=[dana.pk]), {"left_on": "2026-05-07"}, follow=True
    )
    dana.refresh_from_db()
    assert dana.left_office_on == datetime.date(2026, 5, 7)
    assert dana.appointments.get().ended_on == datetime.date(2026, 5, 7)
    placement.refresh_from_db()
    assert placement.status == "active"
    assert placement.needs_attention == (
        "Cllr Dana Whitfield left office on 07/05/2026: end or pause this placement"
    )
    body = text(response)
    assert "Cllr Dana Whitfield left office on 07/05/2026. 1 role ended." in body
    assert "1 open placement flagged" in body
    assert Councillor.objects.filter(pk=dana.pk).exists()
    assert RoleAppointment.objects.filter(councillor=dana).exists()


def test_left_office_before_being_elected_is_refused_beside_the_form(manager, people):
    dana = people["leader"]
    response = manager.post(
        reverse("councillor_leave_office", args=[dana.pk]), {"left_on": "2010-01-01"}
    )
    assert response.status_code == 200
    assert "first elected on 05/05/2016" in text(response)
    dana.refresh_from_db()
    assert dana.left_office_on is None


def test_someone_who_already_left_office_is_sent_back_to_their_page(manager, people):
    gone = people["gone"]
    response = manager.get(reverse("councillor_leave_office", args=[gone.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("councillor_detail", args=[gone.pk])
    assert "left office on 02/05/2024" in text(response)


def test_the_placements_flagged_are_only_the_open_ones(manager, people):
    ivor = people["independent"]
    manager.post(reverse("councillor_leave_office", args=[ivor.pk]), {"left_on": "2026-05-07"})
    ended = ivor.placement_memberships.get().placement
    assert Placement.objects.get(pk=ended.pk).needs_attention == ""
