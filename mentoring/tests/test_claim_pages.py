"""Day claims through their pages: the mentor claims and sends, the programme manager
approves or sends back with a question, and an approved claim is locked."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from mentoring.models import DayClaim
from mentoring.tests.factories import DayClaimFactory, MentorFactory, PlacementFactory

pytestmark = pytest.mark.django_db

Status = DayClaim.Status


@pytest.fixture
def placement():
    mentor = MentorFactory(user=UserFactory())
    today = timezone.localdate()
    return PlacementFactory(
        mentors=[mentor],
        started_on=today - datetime.timedelta(days=60),
        planned_end_on=today + datetime.timedelta(days=120),
    )


@pytest.fixture
def mentor(client, placement):
    client.force_login(placement.mentors.get().user)
    return client


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def _claim_data(day, **extra):
    return {
        "worked_on": day.isoformat(),
        "length": "half",
        "purpose": "preparation",
        "session": "",
        "description": "Reading the budget papers",
        **extra,
    }


def _texts(response):
    return [str(m) for m in response.context["messages"]]


def test_a_claim_goes_from_draft_to_query_to_approval(mentor, client, placement):
    day = timezone.localdate() - datetime.timedelta(days=7)
    response = client.post(reverse("claim_create", args=[placement.pk]), _claim_data(day))
    claim = DayClaim.objects.get()
    assert response.url == reverse("claim_detail", args=[claim.pk])
    assert claim.status == Status.DRAFT

    response = client.post(
        reverse("claim_edit", args=[claim.pk]), _claim_data(day, length="whole"), follow=True
    )
    claim.refresh_from_db()
    assert claim.length == "whole"
    response = client.post(reverse("claim_submit", args=[claim.pk]), follow=True)
    assert "The claim was sent for approval." in _texts(response)
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED
    # Once sent, the mentor waits: no change, no sending again.
    assert reverse("claim_edit", args=[claim.pk]) not in response.content.decode()

    manager_user = UserFactory(is_programme_manager=True)
    client.force_login(manager_user)
    queue = client.get(reverse("claim_list"))
    assert reverse("claim_detail", args=[claim.pk]) in queue.content.decode()
    refused = client.post(reverse("claim_decide", args=[claim.pk]), {"decision": "query"})
    assert "Enter your question for the mentor." in refused.content.decode()
    response = client.post(
        reverse("claim_decide", args=[claim.pk]),
        {"decision": "query", "message": "Was this the whole day, or the morning only?"},
        follow=True,
    )
    assert "The claim was sent back with your question." in _texts(response)

    client.force_login(placement.mentors.get().user)
    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Was this the whole day, or the morning only?" in page
    client.post(reverse("claim_edit", args=[claim.pk]), _claim_data(day, send="1"))
    claim.refresh_from_db()
    assert (claim.status, claim.length) == (Status.SUBMITTED, "half")

    client.force_login(manager_user)
    response = client.post(
        reverse("claim_decide", args=[claim.pk]), {"decision": "approve"}, follow=True
    )
    assert "The claim was approved." in _texts(response)
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED

    client.force_login(placement.mentors.get().user)
    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert reverse("claim_edit", args=[claim.pk]) not in page
    assert reverse("claim_delete", args=[claim.pk]) not in page
    assert "it can no longer be changed" in page
    # Nor by the address.
    client.post(reverse("claim_edit", args=[claim.pk]), _claim_data(day, length="whole"))
    claim.refresh_from_db()
    assert claim.length == "half"


def test_a_claim_for_a_session_starts_from_the_session(mentor, client, placement):
    from mentoring.tests.factories import SessionFactory

    session = SessionFactory(placement=placement)
    page = client.get(reverse("session_detail", args=[session.pk])).content.decode()
    link = reverse("claim_create", args=[placement.pk]) + f"?session={session.pk}"
    assert link in page
    form = client.get(link).context["form"]
    assert form.initial["session"] == session.pk
    assert form.initial["purpose"] == DayClaim.Purpose.SESSION


def test_a_day_outside_the_placement_is_refused_on_its_field_keeping_what_was_typed(
    mentor, client, placement
):
    early = placement.started_on - datetime.timedelta(days=1)
    response = client.post(
        reverse("claim_create", args=[placement.pk]),
        _claim_data(early, description="Travel to the away day"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["worked_on"]
    assert "Travel to the away day" in response.content.decode()
    assert not DayClaim.objects.exists()


def test_a_draft_is_deleted_after_a_confirmation_page(mentor, client, placement):
    claim = DayClaimFactory(placement=placement)
    page = client.get(reverse("claim_delete", args=[claim.pk]))
    assert "Delete this claim?" in page.content.decode()
    client.post(reverse("claim_delete", args=[claim.pk]))
    assert not DayClaim.objects.exists()


def test_a_mentor_cannot_see_or_change_another_mentors_claim(mentor, client):
    other = DayClaimFactory(placement=PlacementFactory(mentors=[MentorFactory(user=UserFactory())]))
    for name in ("claim_detail", "claim_edit", "claim_delete"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.post(reverse("claim_submit", args=[other.pk])).status_code == 404
    assert client.post(reverse("claim_decide", args=[other.pk])).status_code == 404
    assert (
        reverse("claim_detail", args=[other.pk])
        not in client.get(reverse("claim_list")).content.decode()
    )


def test_all_drafts_are_sent_at_once(mentor, client, placement):
    day = timezone.localdate() - datetime.timedelta(days=3)
    DayClaimFactory(placement=placement, worked_on=day)
    DayClaimFactory(placement=placement, worked_on=day - datetime.timedelta(days=1))
    response = client.post(reverse("claim_submit_drafts"), follow=True)
    assert "2 claims were sent for approval." in _texts(response)
    assert set(DayClaim.objects.values_list("status", flat=True)) == {Status.SUBMITTED}


def _queries(client, url) -> int:
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(placement, n, status=Status.SUBMITTED):
    start = placement.started_on
    DayClaim.objects.bulk_create(
        DayClaim(
            placement=placement,
            mentor=placement.mentors.get(),
            worked_on=start + datetime.timedelta(days=i % 50),
            length="half",
            purpose="travel",
            description="Train to the town hall",
            status=status,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("who", ["mentor", "manager"])
def test_the_claim_pages_run_the_same_few_queries_with_5_or_205_claims(
    who, client, placement, request
):
    request.getfixturevalue(who)
    _grow(placement, 5)
    claim = DayClaim.objects.first()
    urls = [reverse("claim_list"), reverse("claim_detail", args=[claim.pk])]
    if who == "mentor":
        urls.append(reverse("claim_create", args=[placement.pk]))
    small = [_queries(client, url) for url in urls]
    for _ in range(4):  # on placements of other mentors too
        _grow(PlacementFactory(mentors=[MentorFactory(user=UserFactory())]), 50)
    _grow(placement, 200)
    large = [_queries(client, url) for url in urls]
    assert small == large
    assert max(large) <= 12


def test_the_placement_page_links_to_its_claims_which_list_only_its_own(manager, client):
    mine = DayClaimFactory(status=Status.SUBMITTED)
    other = DayClaimFactory(status=Status.SUBMITTED)
    page = client.get(reverse("placement_detail", args=[mine.placement_id])).content.decode()
    link = reverse("claim_list") + f"?placement={mine.placement_id}"
    assert link in page
    listed = client.get(link).content.decode()
    assert reverse("claim_detail", args=[mine.pk]) in listed
    assert reverse("claim_detail", args=[other.pk]) not in listed


def test_a_manager_s_queue_is_the_claims_sent_for_a_decision_the_longest_waiting_first(
    manager, client
):
    now = timezone.now()
    newer = DayClaimFactory(status=Status.SUBMITTED, submitted_at=now)
    older = DayClaimFactory(status=Status.SUBMITTED, submitted_at=now - datetime.timedelta(days=3))
    queried = DayClaimFactory(status=Status.QUERIED, submitted_at=now - datetime.timedelta(days=9))
    queue = client.get(reverse("claim_list"))
    assert list(queue.context["page"].object_list) == [older, newer]
    assert "Claims you queried are back with their mentors" in queue.content.decode()
    # The queried claim, with the mentor, is one choice of the filter away.
    listed = client.get(reverse("claim_list") + "?status=queried").context["page"].object_list
    assert list(listed) == [queried]
