"""The programme manager's CSV of day claims: the list as filtered, for the finance
team, with what each day was for and what it was paid; never a mentor's drafts."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from funding.tests.factories import FunderFactory
from mentoring.models import ClaimExpense, DayClaim
from mentoring.tests.factories import DayClaimFactory, MentorFactory, PlacementFactory

pytestmark = pytest.mark.django_db

Status = DayClaim.Status


def rows_of(response) -> list[dict]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


@pytest.fixture
def claims():
    funder = FunderFactory(name="Ministry of Housing, Communities and Local Government")
    placement = PlacementFactory(mentors=[MentorFactory(full_name="Rachel Doyle")], funder=funder)
    approved = DayClaimFactory(
        placement=placement, status=Status.APPROVED, fee=Decimal("150.00"),
        description="Observing the scrutiny committee",
    )  # fmt: skip
    ClaimExpense.objects.create(
        claim=approved, kind="travel", description="Train", amount=Decimal("8.20")
    )
    waiting = DayClaimFactory(
        placement=placement,
        status=Status.SUBMITTED,
        worked_on=approved.worked_on.replace(day=approved.worked_on.day + 1),
        description="Reading the cabinet papers",
    )
    draft = DayClaimFactory(
        placement=placement,
        worked_on=approved.worked_on.replace(day=approved.worked_on.day + 2),
        description="Not yet sent",
    )
    return approved, waiting, draft


def test_the_manager_downloads_the_claims_with_fees_and_expenses_but_no_drafts(client, claims):
    client.force_login(ProgrammeManagerFactory())

    response = client.get(reverse("claim_export"))

    assert response.status_code == 200
    rows = rows_of(response)
    assert [r["Description"] for r in rows] == [
        "Observing the scrutiny committee",
        "Reading the cabinet papers",
    ]
    first = rows[0]
    assert first["Mentor"] == "Rachel Doyle"
    assert first["Funder"] == "Ministry of Housing, Communities and Local Government"
    assert (first["Fee"], first["Expenses"], first["Status"]) == ("150.00", "8.20", "Approved")


def test_the_download_follows_the_list_s_filters(client, claims):
    client.force_login(ProgrammeManagerFactory())

    response = client.get(reverse("claim_export"), {"status": Status.APPROVED})

    assert [r["Description"] for r in rows_of(response)] == ["Observing the scrutiny committee"]


def test_a_mentor_cannot_download_the_claims(client, claims):
    approved, _, _ = claims
    mentor = approved.mentor
    mentor.user = UserFactory()
    mentor.save()
    client.force_login(mentor.user)

    assert client.get(reverse("claim_export")).status_code in (403, 404)
