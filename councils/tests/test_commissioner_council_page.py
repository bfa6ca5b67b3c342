"""A commissioner opens the page of each council they oversee: its governance, the
programme's figures and its review visits; never a councillor's or mentor's name, nor
a manager's forms."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.tests.factories import UserFactory
from councils.tests.factories import (
    CommissionerAppointmentFactory,
    CouncilFactory,
    CouncillorFactory,
    GovernanceChangeFactory,
)
from mentoring.tests.factories import MentorFactory, PlacementFactory
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    council = CouncilFactory(name="Rotherham Metropolitan Borough Council")
    GovernanceChangeFactory(council=council)
    PlacementFactory(
        council=council,
        mentors=[MentorFactory(full_name="Dana Whitfield")],
        mentees=[CouncillorFactory(full_name="Pat Lowther", council=council)],
    )
    ReviewVisitFactory(council=council, title="Progress review, October 2016")
    return council


def commissioner_of(client, council):
    user = UserFactory()
    CommissionerAppointmentFactory(council=council, commissioner=user)
    client.force_login(user)
    return client


def test_a_commissioner_sees_their_councils_governance_figures_and_visits(client, council):
    body = (
        commissioner_of(client, council)
        .get(reverse("council_detail", args=[council.pk]))
        .content.decode()
    )
    assert "<h1>Rotherham Metropolitan Borough Council</h1>" in body
    assert "In intervention: commissioners appointed, since" in body
    assert "1 placement: 1 active." in " ".join(strip_tags(body).split())
    assert "Progress review, October 2016" in body
    assert reverse("report_list", args=[council.slug]) in body
    # The figures only: no person's name, and none of the manager's forms or links.
    for hidden in ["Dana Whitfield", "Pat Lowther", "Record a governance change", "Edit council"]:
        assert hidden not in body


def test_a_commissioner_cannot_open_another_councils_page(client, council):
    other = CouncilFactory()
    response = commissioner_of(client, other).get(reverse("council_detail", args=[council.pk]))
    assert response.status_code == 404


def test_the_commissioners_home_links_to_their_councils_page(client, council):
    body = commissioner_of(client, council).get(reverse("home")).content.decode()
    assert reverse("council_detail", args=[council.pk]) in body
