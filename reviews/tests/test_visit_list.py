"""The list of review visits: filters kept in the URL, sorting and pages of 25."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import VisitKind, VisitStatus
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [v.title for v in response.context["page"].object_list]


@pytest.fixture
def visits():
    a = ReviewVisitFactory(
        title="Alpha progress review",
        council__name="Rotherham Council",
        first_day=datetime.date(2016, 10, 4),
        status=VisitStatus.PUBLISHED,
    )
    b = ReviewVisitFactory(
        title="Beta peer challenge",
        council=a.council,
        kind=VisitKind.CORPORATE_PEER_CHALLENGE,
        first_day=datetime.date(2025, 10, 14),
        status=VisitStatus.PUBLISHED,
    )
    c = ReviewVisitFactory(
        title="Gamma mentoring review",
        council__name="Cumberland Council",
        kind=VisitKind.MENTORING_REVIEW,
        first_day=datetime.date(2025, 3, 1),
    )
    return a, b, c


def test_the_newest_visits_come_first(manager_client, visits):
    response = manager_client.get(reverse("visit_list"))
    assert titles(response) == [
        "Beta peer challenge",
        "Gamma mentoring review",
        "Alpha progress review",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=corporate-peer-challenge", ["Beta peer challenge"]),
        ("status=planned", ["Gamma mentoring review"]),
        ("year=2025", ["Beta peer challenge", "Gamma mentoring review"]),
        ("year=2025&status=published", ["Beta peer challenge"]),
    ],
)
def test_filters_narrow_the_list(manager_client, visits, query, expected):
    assert titles(manager_client.get(reverse("visit_list") + "?" + query)) == expected


def test_the_council_filter_offers_only_councils_with_visits_one_may_see(manager_client, visits):
    council = visits[2].council
    response = manager_client.get(reverse("visit_list"), {"council": council.pk})
    assert titles(response) == ["Gamma mentoring review"]
    body = response.content.decode()
    assert "Cumberland Council" in body and "Rotherham Council" in body
    assert '<option value="2025">2025</option>' in body and ">2016</option>" in body


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Alpha progress review", "Beta peer challenge", "Gamma mentoring review"]),
        ("-title", ["Gamma mentoring review", "Beta peer challenge", "Alpha progress review"]),
        ("first_day", ["Alpha progress review", "Gamma mentoring review", "Beta peer challenge"]),
        ("council", ["Gamma mentoring review", "Beta peer challenge", "Alpha progress review"]),
        ("nonsense", ["Beta peer challenge", "Gamma mentoring review", "Alpha progress review"]),
    ],
)
def test_sorting_by_a_column(manager_client, visits, sort, expected):
    assert titles(manager_client.get(reverse("visit_list"), {"sort": sort})) == expected


def test_a_sorted_column_says_so_and_its_link_reverses_it_keeping_the_filters(
    manager_client, visits
):
    body = manager_client.get(
        reverse("visit_list"), {"sort": "title", "status": "published"}
    ).content.decode()
    assert 'aria-sort="ascending"' in body
    assert 'href="?sort=-title&amp;status=published"' in body or (
        'href="?status=published&amp;sort=-title"' in body
    )


def test_pages_of_twenty_five_keep_the_filters_and_sort(manager_client):
    for n in range(30):
        ReviewVisitFactory(title=f"Visit {n:02}", first_day=datetime.date(2024, 1, 1))
    response = manager_client.get(reverse("visit_list"), {"year": "2024", "sort": "title"})
    assert len(titles(response)) == 25
    body = response.content.decode()
    assert "Page 1 of 2" in body
    assert 'href="?year=2024&amp;sort=title&amp;page=2"' in body
    second = manager_client.get(reverse("visit_list"), {"year": "2024", "sort": "title", "page": 2})
    assert titles(second) == [f"Visit {n:02}" for n in range(25, 30)]


def test_a_filter_that_matches_nothing_says_what_to_do(manager_client, visits):
    body = manager_client.get(reverse("visit_list"), {"kind": "check-in"}).content.decode()
    assert "No review visits match these filters." in body


def test_an_empty_programme_invites_the_manager_to_add_a_visit(manager_client):
    body = manager_client.get(reverse("visit_list")).content.decode()
    assert "There are no review visits yet." in body
    assert 'href="/reviews/new/"' in body


def test_a_filter_value_that_makes_no_sense_is_flagged_and_ignored(manager_client, visits):
    response = manager_client.get(reverse("visit_list"), {"year": "soon", "council": "999999"})
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "Select a valid choice." in response.content.decode()


def test_the_dashboard_links_find_upcoming_visits_and_visits_with_overdue_actions(client):
    import datetime

    from accounts.tests.factories import UserFactory
    from reviews.tests.factories import ActionFactory, ReviewVisitFactory

    client.force_login(UserFactory(is_programme_manager=True))
    today = datetime.date.today()
    soon = ReviewVisitFactory(
        first_day=today + datetime.timedelta(days=10), last_day=today + datetime.timedelta(days=11)
    )
    late = ActionFactory(due_on=today - datetime.timedelta(days=5), completed_on=None)
    upcoming = client.get("/reviews/", {"attention": "upcoming"}).context["page"].object_list
    assert list(upcoming) == [soon]
    overdue = client.get("/reviews/", {"attention": "overdue"}).context["page"].object_list
    assert list(overdue) == [late.recommendation.visit]
