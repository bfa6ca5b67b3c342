"""Each page runs the same number of SQL queries (at most 12) with 5 rows and with 205."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import (
    RAG,
    Action,
    PeerTeamMember,
    ProgressUpdate,
    Recommendation,
    ReviewVisit,
    VisitDocument,
    VisitStatus,
    VisitStatusChange,
)
from reviews.tests.factories import CheckInVisitFactory, ReviewVisitFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


def grow_plan(visit, count, manager):
    """``count`` more recommendations, each with an action and a progress update."""
    start = Recommendation.objects.filter(visit=visit).count() + 1
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(visit=visit, number=n, text=f"Recommendation {n}.", theme="Governance")
        for n in range(start, start + count)
    )
    actions = Action.objects.bulk_create(
        Action(
            recommendation=r,
            description=f"Action for {r.number}",
            owner="Head of Performance",
            due_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=r.number),
            rag=[RAG.RED, RAG.AMBER, RAG.GREEN][r.number % 3],
        )
        for r in recommendations
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=a,
            written_on=visit.last_day + datetime.timedelta(days=30),
            text="On track.",
            rag=a.rag,
            written_by=manager,
        )
        for a in actions
    )


def grow_visit(visit, count, manager):
    grow_plan(visit, count, manager)
    PeerTeamMember.objects.bulk_create(
        PeerTeamMember(visit=visit, name=f"Peer {n}", role="Member peer", organisation="LGA")
        for n in range(count)
    )
    VisitDocument.objects.bulk_create(
        VisitDocument(
            visit=visit,
            kind="other",
            title=f"Document {n}",
            file=f"review-documents/{visit.pk}/{n}.pdf",
            original_name=f"{n}.pdf",
            content_type="application/pdf",
            size=100,
        )
        for n in range(count)
    )
    VisitStatusChange.objects.bulk_create(
        VisitStatusChange(
            visit=visit, from_status="planned", to_status="on-site", changed_by=manager
        )
        for _ in range(count)
    )
    ReviewVisit.objects.bulk_create(
        ReviewVisit(
            council=visit.council,
            kind="check-in",
            checks_visit=visit,
            title=f"Check-in {n}",
            first_day=visit.last_day + datetime.timedelta(days=n + 1),
            last_day=visit.last_day + datetime.timedelta(days=n + 1),
        )
        for n in range(count)
    )


def assert_fixed(client, url, grow):
    grow(5)
    small = queries(client, url)
    grow(200)
    large = queries(client, url)
    print(f"{url}: {small} queries with 5 rows, {large} with 205")
    assert small == large <= MAX_QUERIES, (small, large)


def test_the_visit_list(manager_client, manager):
    def grow(count):
        for _ in range(count // 5):
            council_visits = ReviewVisitFactory.create_batch(5)
            for visit in council_visits:
                Recommendation.objects.create(visit=visit, number=1, text="One.")

    assert_fixed(manager_client, reverse("visit_list") + "?status=planned&sort=council", grow)


def test_a_visit_s_page(manager_client, manager):
    visit = ReviewVisitFactory(status=VisitStatus.PUBLISHED)
    assert_fixed(
        manager_client,
        reverse("visit_detail", args=[visit.pk]),
        lambda n: grow_visit(visit, n, manager),
    )


def test_a_check_in_s_page_with_the_progress_since_the_checked_visit(manager_client, manager):
    check_in = CheckInVisitFactory(checks_visit__status=VisitStatus.PUBLISHED)
    assert_fixed(
        manager_client,
        reverse("visit_detail", args=[check_in.pk]),
        lambda n: grow_plan(check_in.checks_visit, n, manager),
    )


def test_the_action_plan_page(manager_client, manager):
    visit = ReviewVisitFactory()
    assert_fixed(
        manager_client,
        reverse("action_plan", args=[visit.pk]),
        lambda n: grow_plan(visit, n, manager),
    )


def test_the_action_plan_pdf(manager_client, manager):
    visit = ReviewVisitFactory()
    assert_fixed(
        manager_client,
        reverse("action_plan_pdf", args=[visit.pk]),
        lambda n: grow_plan(visit, n, manager),
    )


def test_the_edit_page_of_a_visit_with_a_large_peer_team(manager_client, manager):
    visit = ReviewVisitFactory()

    def grow(count):
        grow_visit(visit, count, manager)
        ReviewVisitFactory.create_batch(count // 10)

    assert_fixed(manager_client, reverse("visit_edit", args=[visit.pk]), grow)


@pytest.mark.parametrize(
    "name", ["recommendation_create", "visit_status", "document_upload", "visit_create"]
)
def test_the_pages_of_a_visit_s_forms(manager_client, manager, name):
    visit = ReviewVisitFactory()
    url = reverse(name) if name == "visit_create" else reverse(name, args=[visit.pk])
    assert_fixed(manager_client, url, lambda n: grow_visit(visit, n, manager))


@pytest.mark.parametrize("name", ["action_create", "recommendation_edit"])
def test_the_pages_of_a_recommendation_s_forms(manager_client, manager, name):
    visit = ReviewVisitFactory()
    grow_plan(visit, 1, manager)
    recommendation = visit.recommendations.get()
    assert_fixed(
        manager_client,
        reverse(name, args=[recommendation.pk]),
        lambda n: grow_plan(visit, n, manager),
    )


@pytest.mark.parametrize("name", ["action_edit", "progress_update_create"])
def test_the_pages_of_an_action_s_forms(manager_client, manager, name):
    visit = ReviewVisitFactory()
    grow_plan(visit, 1, manager)
    action = Action.objects.get(recommendation__visit=visit)
    assert_fixed(
        manager_client, reverse(name, args=[action.pk]), lambda n: grow_plan(visit, n, manager)
    )


def test_the_reopen_page(manager_client, manager):
    visit = ReviewVisitFactory(status=VisitStatus.PUBLISHED)
    assert_fixed(
        manager_client,
        reverse("visit_reopen", args=[visit.pk]),
        lambda n: grow_visit(visit, n, manager),
    )
