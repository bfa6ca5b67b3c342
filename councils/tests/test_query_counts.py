"""Every list and detail page runs a fixed number of queries, at most 12,
whether it shows 5 rows or 205."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory
from councils.imports import COLUMNS
from councils.models import GovernanceStatus
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    ElectionFactory,
    GovernanceChangeFactory,
    PartyFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.tests.factories import LearningAgreementFactory, MentorFactory, PlacementFactory
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db

MOST = 12


@pytest.fixture
def manager_client(client):
    client.force_login(ProgrammeManagerFactory())
    return client


def queries_for(client, url) -> int:
    client.get(url)  # warm up caches that are not per request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def assert_fixed(client, url, grow):
    grow(5)
    few = queries_for(client, url)
    grow(200)
    many = queries_for(client, url)
    assert few == many, f"{url}: {few} queries with 5 rows, {many} with 205"
    assert many <= MOST, f"{url}: {many} queries"
    print(f"QUERIES {url}: {many}")
    return many


def test_the_council_list_runs_a_fixed_number_of_queries(manager_client):
    party = PartyFactory(name="Labour")

    def grow(n):
        for _ in range(n):
            council = CouncilFactory(political_control=party)
            GovernanceChangeFactory(council=council)
            CouncillorFactory.create_batch(2, council=council, party=party)

    assert_fixed(manager_client, reverse("council_list"), grow)
    assert_fixed(manager_client, reverse("council_list") + "?sort=-councillors&kind=unitary", grow)


def test_a_council_page_runs_a_fixed_number_of_queries(manager_client):
    council = CouncilFactory()
    mentor = MentorFactory(capacity=50)
    chair = role("chair")
    counter = iter(range(10_000))

    def grow(n):
        for _ in range(n):
            i = next(counter)
            councillor = CouncillorFactory(council=council)
            RoleAppointmentFactory(councillor=councillor, role=chair, committee=f"Committee {i}")
            GovernanceChangeFactory(
                council=council,
                since=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
                status=GovernanceStatus.IN_INTERVENTION,
            )
            ElectionFactory(
                council=council, held_on=datetime.date(1990, 1, 1) + datetime.timedelta(days=i)
            )
            PlacementFactory(council=council, mentors=[mentor], mentees=[councillor])
            ReviewVisitFactory(council=council)

    assert_fixed(manager_client, reverse("council_detail", args=[council.pk]), grow)


@pytest.mark.parametrize("filtered", [False, True])
def test_the_councillor_list_runs_a_fixed_number_of_queries_filtered_or_not(
    manager_client, filtered
):
    council = CouncilFactory(slug="x")
    party = PartyFactory(name="Labour")
    ElectionFactory(council=council, held_on=datetime.date(2024, 5, 2))
    mentor = MentorFactory(capacity=50)
    counter = iter(range(10_000))

    def grow(n):
        for _ in range(n):
            i = next(counter)
            councillor = CouncillorFactory(
                council=council,
                party=party,
                full_name=f"Alex {i}",
                first_elected_on=datetime.date(2024, 5, 2),
            )
            RoleAppointmentFactory(councillor=councillor, committee=f"Board {i}")
            PlacementFactory(council=council, mentors=[mentor], mentees=[councillor])

    url = reverse("councillor_list")
    if filtered:
        url += (
            f"?q=alex&council=x&party={party.pk}&role=chair&new_member=yes&open_placement=yes"
            "&office=all&sort=-council"
        )
    assert_fixed(manager_client, url, grow)
    assert "205 councillors" in manager_client.get(url).content.decode()


def test_a_councillor_page_runs_a_fixed_number_of_queries(manager_client):
    councillor = CouncillorFactory()
    ElectionFactory(council=councillor.council)
    counter = iter(range(10_000))

    def grow(n):
        for _ in range(n):
            i = next(counter)
            RoleAppointmentFactory(
                councillor=councillor,
                committee=f"Panel {i}",
                started_on=datetime.date(2024, 5, 20),
                ended_on=datetime.date(2024, 6, 1) if i % 2 else None,
            )
            placement = PlacementFactory(
                council=councillor.council,
                mentors=[MentorFactory(), MentorFactory()],
                mentees=[councillor],
                status="ended" if i % 2 else "active",
                ended_on=datetime.date(2025, 6, 1) if i % 2 else None,
            )
            LearningAgreementFactory(placement=placement, version=1, agreed=True)
            LearningAgreementFactory(placement=placement, version=2)

    assert_fixed(manager_client, reverse("councillor_detail", args=[councillor.pk]), grow)


def test_the_confirmation_pages_run_a_fixed_number_of_queries(manager_client):
    councillor = CouncillorFactory()
    appointment = RoleAppointmentFactory(councillor=councillor, committee="Main")
    counter = iter(range(10_000))

    def grow(n):
        for _ in range(n):
            RoleAppointmentFactory(councillor=councillor, committee=f"Panel {next(counter)}")
            PlacementFactory(council=councillor.council, mentees=[councillor])

    assert_fixed(manager_client, reverse("councillor_leave_office", args=[councillor.pk]), grow)
    assert_fixed(
        manager_client,
        reverse("role_appointment_end", args=[councillor.pk, appointment.pk]),
        grow,
    )


def test_the_import_preview_runs_a_fixed_number_of_queries(manager_client):
    council = CouncilFactory(slug="x")
    lines = [",".join(COLUMNS)]

    def grow(n):
        start = len(lines)
        for i in range(start, start + n):
            CouncillorFactory(council=council, full_name=f"Sitting {i}")
            lines.append(f"Person {i},x,,Ward {i},02/05/2024,")
        session = manager_client.session
        session["councils.election_import"] = {
            "text": "\n".join(lines),
            "kind": "all-out",
            "filename": "x.csv",
        }
        session.save()

    assert_fixed(manager_client, reverse("election_import_preview"), grow)
