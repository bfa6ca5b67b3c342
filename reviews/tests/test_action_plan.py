"""Recommendations numbered per visit, the action plan with its RAG and progress
updates, what is overdue, and the check-in's view of progress since a visit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reviews import services
from reviews.forms import RecommendationForm
from reviews.models import RAG, Action, VisitStatus
from reviews.tests.factories import (
    ActionFactory,
    CheckInVisitFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    ReviewVisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)


# Numbering ---------------------------------------------------------------------------


def test_the_first_recommendation_of_a_visit_is_numbered_one():
    assert services.recommendation_next_number(visit=ReviewVisitFactory()) == 1


def test_the_next_number_follows_the_highest_even_with_a_gap():
    visit = ReviewVisitFactory()
    RecommendationFactory(visit=visit, number=1)
    RecommendationFactory(visit=visit, number=3)
    RecommendationFactory(number=9)  # another visit's numbers do not count
    assert services.recommendation_next_number(visit=visit) == 4


def test_the_add_page_suggests_the_next_number(manager_client):
    visit = ReviewVisitFactory()
    RecommendationFactory(visit=visit, number=1)
    RecommendationFactory(visit=visit, number=2)
    page = manager_client.get(reverse("recommendation_create", args=[visit.pk])).content.decode()
    assert 'name="number" value="3"' in page


def test_a_number_already_used_on_the_visit_is_refused_beside_the_field():
    visit = ReviewVisitFactory()
    RecommendationFactory(visit=visit, number=1)
    form = RecommendationForm({"number": 1, "theme": "Finance", "text": "Again."}, visit=visit)
    assert not form.is_valid()
    assert form.errors["number"] == [
        "That number is already used for this visit; the next free one is 2."
    ]


def test_a_recommendation_keeps_its_own_number_when_edited():
    recommendation = RecommendationFactory(number=1)
    form = RecommendationForm(
        {"number": 1, "theme": "Finance", "text": "Reworded."},
        instance=recommendation,
        visit=recommendation.visit,
    )
    assert form.is_valid(), form.errors


def test_each_recommendation_has_a_theme():
    form = RecommendationForm({"number": 1, "text": "No theme."}, visit=ReviewVisitFactory())
    assert form.errors["theme"] == ["Enter the recommendation's theme, like Governance."]


def test_a_manager_adds_two_recommendations_numbered_in_turn(manager_client):
    visit = ReviewVisitFactory()
    url = reverse("recommendation_create", args=[visit.pk])
    first = manager_client.post(
        url, {"number": 1, "theme": "Reputation", "text": "Tell the story.", "add_another": "1"}
    )
    assert first["Location"] == url
    manager_client.post(url, {"number": 2, "theme": "Economy", "text": "Attract investment."})
    assert list(visit.recommendations.values_list("number", "theme")) == [
        (1, "Reputation"),
        (2, "Economy"),
    ]


def test_the_service_turns_a_duplicate_number_into_a_plain_message():
    first = RecommendationFactory(number=1)
    again = RecommendationFactory.build(visit=first.visit, number=1, text="Again.")
    with pytest.raises(ValidationError) as caught:
        services.recommendation_save(recommendation=again)
    assert "That number is already used for this visit." in caught.value.messages


# Actions and progress updates -----------------------------------------------------------


def test_a_manager_adds_an_action_to_a_published_visit_s_recommendation(manager_client):
    recommendation = RecommendationFactory(visit__status=VisitStatus.PUBLISHED)
    response = manager_client.post(
        reverse("action_create", args=[recommendation.pk]),
        {
            "description": "Publish the story of the improvement journey.",
            "owner": "Assistant Chief Executive",
            "due_on": "2026-03-31",
            "rag": RAG.AMBER,
        },
    )
    action = recommendation.actions.get()
    # Back on the plan at the new action, not at the top of a long page.
    assert response["Location"] == (
        reverse("action_plan", args=[recommendation.visit_id]) + f"#action-{action.pk}"
    )
    assert (action.owner, action.due_on, action.completed_on) == (
        "Assistant Chief Executive",
        datetime.date(2026, 3, 31),
        None,
    )


def test_an_action_cannot_be_done_in_the_future(manager_client):
    action = ActionFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = manager_client.post(
        reverse("action_edit", args=[action.pk]),
        {
            "description": action.description,
            "owner": action.owner,
            "due_on": action.due_on,
            "rag": action.rag,
            "completed_on": tomorrow.isoformat(),
        },
    )
    assert "The date done cannot be in the future." in response.content.decode()


def test_a_progress_update_is_signed_by_its_writer_and_sets_the_action_s_rag(
    manager_client, manager
):
    action = ActionFactory(rag=RAG.AMBER)
    response = manager_client.post(
        reverse("progress_update_create", args=[action.pk]),
        {
            "written_on": timezone.localdate().isoformat(),
            "rag": RAG.RED,
            "text": "Recruitment failed; re-advertised.",
        },
        follow=True,
    )
    assert "The update was added; the action is Red." in response.content.decode()
    update = action.updates.get()
    assert update.written_by == manager
    action.refresh_from_db()
    assert action.rag == RAG.RED


def test_an_update_dated_before_the_latest_leaves_the_action_s_rag_alone():
    action = ActionFactory(rag=RAG.AMBER)
    writer = UserFactory()
    services.progress_update_add(
        action=action, text="Done.", rag=RAG.GREEN, by=writer, written_on=datetime.date(2025, 8, 1)
    )
    services.progress_update_add(
        action=action,
        text="Late note of July.",
        rag=RAG.RED,
        by=writer,
        written_on=datetime.date(2025, 7, 1),
    )
    action.refresh_from_db()
    assert action.rag == RAG.GREEN


def test_a_progress_update_cannot_be_dated_in_the_future():
    action = ActionFactory()
    with pytest.raises(ValidationError) as caught:
        services.progress_update_add(
            action=action,
            text="Tomorrow.",
            rag=RAG.GREEN,
            by=None,
            written_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert caught.value.message_dict == {"written_on": ["An update cannot be dated in the future."]}


# Overdue -------------------------------------------------------------------------------------


def test_an_action_past_its_due_date_and_not_done_is_overdue():
    late = ActionFactory(due_on=TODAY - datetime.timedelta(days=1))
    due_today = ActionFactory(due_on=TODAY)
    done_late = ActionFactory(
        due_on=TODAY - datetime.timedelta(days=30), completed_on=TODAY - datetime.timedelta(days=2)
    )
    future = ActionFactory(due_on=TODAY + datetime.timedelta(days=30))
    assert list(Action.objects.overdue(TODAY)) == [late]
    assert late.is_overdue(TODAY)
    assert not any(a.is_overdue(TODAY) for a in (due_today, done_late, future))


def test_the_plan_page_counts_actions_by_rag_and_lists_what_is_overdue(manager_client):
    visit = ReviewVisitFactory()
    today = timezone.localdate()
    first = RecommendationFactory(visit=visit, number=1)
    second = RecommendationFactory(visit=visit, number=2)
    ActionFactory(
        recommendation=first,
        rag=RAG.RED,
        description="Late and red",
        due_on=today - datetime.timedelta(days=3),
    )
    ActionFactory(
        recommendation=first,
        rag=RAG.GREEN,
        description="Done on time",
        due_on=today - datetime.timedelta(days=3),
        completed_on=today - datetime.timedelta(days=5),
    )
    ActionFactory(
        recommendation=second,
        rag=RAG.AMBER,
        description="Not due yet",
        due_on=today + datetime.timedelta(days=3),
    )
    ActionFactory(
        rag=RAG.RED, description="Another visit's", due_on=today - datetime.timedelta(days=3)
    )
    response = manager_client.get(reverse("action_plan", args=[visit.pk]))
    assert [(rag.value, n) for rag, n in response.context["rag_counts"]] == [
        ("red", 1),
        ("amber", 1),
        ("green", 1),
    ]
    assert [a.description for a in response.context["overdue"]] == ["Late and red"]
    body = response.content.decode()
    assert "Late and red" in body and "(overdue)" in body


# Check-ins -----------------------------------------------------------------------------------


def test_a_check_in_lists_the_checked_visit_s_recommendations_with_progress_since_it(
    manager_client,
):
    check_in = CheckInVisitFactory(
        checks_visit__first_day=datetime.date(2025, 10, 14),
        checks_visit__status=VisitStatus.PUBLISHED,
        findings="Young people's pathways need pace.",
    )
    checked = check_in.checks_visit  # last day on site: 17 October 2025
    recommendation = RecommendationFactory(
        visit=checked, number=1, text="Build pathways for young people."
    )
    action = ActionFactory(recommendation=recommendation, owner="Head of Economic Strategy")
    ProgressUpdateFactory(
        action=action, written_on=datetime.date(2025, 10, 16), text="BEFORE-THE-VISIT-END"
    )
    ProgressUpdateFactory(
        action=action, written_on=datetime.date(2025, 10, 17), text="ON-THE-LAST-DAY"
    )
    ProgressUpdateFactory(
        action=action, written_on=datetime.date(2026, 1, 20), text="Apprenticeship scheme launched."
    )
    RecommendationFactory(visit=checked, number=2, text="Review performance management.")

    response = manager_client.get(reverse("visit_detail", args=[check_in.pk]))
    body = response.content.decode()
    assert f"Progress since {checked.title}" in body
    assert "Build pathways for young people." in body and "Review performance management." in body
    assert "Head of Economic Strategy" in body
    assert "Apprenticeship scheme launched." in body
    assert "BEFORE-THE-VISIT-END" not in body and "ON-THE-LAST-DAY" not in body
    assert "No progress update since the visit." not in body.split("Recommendation 2")[0]
    assert "The peers' new observations" in body
    assert "Young people&#x27;s pathways need pace." in body


def test_a_visit_s_page_links_to_its_check_ins(manager_client):
    check_in = CheckInVisitFactory(title="Six-month check-in")
    body = manager_client.get(reverse("visit_detail", args=[check_in.checks_visit_id])).content
    assert f'href="/reviews/{check_in.pk}/"' in body.decode()
