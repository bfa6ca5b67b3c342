"""After a change on a long page, the person lands back at the item they changed (its
#anchor), not at the top: the action plan runs to thousands of pixels."""

import re

import pytest
from django.urls import reverse

from councils.tests.factories import CouncillorFactory
from mentoring.models import WardIssue, WardPriority
from mentoring.tests.factories import PlacementFactory
from mentoring.tests.pairs import mentor_account
from reviews.models import RAG
from reviews.tests.factories import ActionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def lands_on(client, response) -> str:
    """The page the redirect leads to, checked to hold the element its #anchor names."""
    assert response.status_code == 302
    path, anchor = response["Location"].split("#")
    page = client.get(path).content.decode()
    assert re.search(rf'<[^>]+ id="{anchor}"', page), f"no #{anchor} on {path}"
    return anchor


def test_a_progress_update_returns_to_its_action_on_the_plan(manager_client):
    action = ActionFactory()
    ActionFactory.create_batch(3, recommendation=action.recommendation)
    response = manager_client.post(
        reverse("progress_update_create", args=[action.pk]),
        {"written_on": "2026-01-15", "rag": RAG.GREEN, "text": "The story is published."},
    )
    assert lands_on(manager_client, response) == f"action-{action.pk}"
    assert response["Location"].startswith(
        reverse("action_plan", args=[action.recommendation.visit_id])
    )


def test_a_changed_action_returns_to_itself_on_the_plan(manager_client):
    action = ActionFactory()
    response = manager_client.post(
        reverse("action_edit", args=[action.pk]),
        {
            "description": "Publish the story.",
            "owner": "Chief Executive",
            "due_on": "2026-03-31",
            "rag": RAG.AMBER,
        },
    )
    assert lands_on(manager_client, response) == f"action-{action.pk}"


def test_a_changed_recommendation_returns_to_its_row_on_the_visit(manager_client):
    recommendation = RecommendationFactory(theme="Reputation")
    response = manager_client.post(
        reverse("recommendation_edit", args=[recommendation.pk]),
        {"number": recommendation.number, "theme": "Economy", "text": "Attract investment."},
    )
    assert lands_on(manager_client, response) == f"recommendation-{recommendation.pk}"


def test_a_changed_ward_issue_returns_to_its_row_on_the_ward_map(client):
    councillor = CouncillorFactory()
    visit = PlacementFactory(kind="ward-visit", council=councillor.council, mentees=[councillor])
    issue = WardIssue.objects.create(
        placement=visit, description="Fly-tipping", place="Back lane", priority=WardPriority.LOW
    )
    client.force_login(mentor_account(visit))
    response = client.post(
        reverse("ward_issue_edit", args=[issue.pk]),
        {"description": "Fly-tipping again", "place": "Back lane", "priority": "high"},
    )
    assert lands_on(client, response) == f"issue-{issue.pk}"
