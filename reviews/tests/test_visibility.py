"""Who sees which visits, plans and PDFs (the persona matrix is in access.py; these
tests try the rules on small data of their own)."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CommissionerAppointmentFactory, CouncillorFactory
from mentoring.tests.factories import MentorFactory
from reviews.models import VisitStatus
from reviews.tests.factories import RecommendationFactory, ReviewVisitFactory

pytestmark = pytest.mark.django_db

READ_PAGES = ["visit_detail", "action_plan", "action_plan_pdf"]
MANAGER_PAGES = ["visit_edit", "visit_status", "recommendation_create", "document_upload"]


@pytest.fixture
def visits():
    published = ReviewVisitFactory(status=VisitStatus.PUBLISHED, title="Published review")
    draft = ReviewVisitFactory(
        council=published.council, status=VisitStatus.REPORT_DRAFTED, title="Drafted review"
    )
    elsewhere = ReviewVisitFactory(status=VisitStatus.PUBLISHED, title="Another council's review")
    RecommendationFactory(visit=published)
    return {"published": published, "draft": draft, "elsewhere": elsewhere}


def councillor_of(council):
    user = UserFactory()
    CouncillorFactory(council=council, user=user)
    return user


def commissioner_of(council):
    return CommissionerAppointmentFactory(council=council).commissioner


def codes(client, visit, names):
    return {name: client.get(reverse(name, args=[visit.pk])).status_code for name in names}


def listed(client) -> list[str]:
    return [v.title for v in client.get(reverse("visit_list")).context["page"].object_list]


def test_a_councillor_of_the_council_sees_its_published_visits_only(client, visits):
    client.force_login(councillor_of(visits["published"].council))
    assert set(codes(client, visits["published"], READ_PAGES).values()) == {200}
    assert set(codes(client, visits["draft"], READ_PAGES).values()) == {404}
    assert set(codes(client, visits["elsewhere"], READ_PAGES).values()) == {404}
    assert listed(client) == ["Published review"]


def test_a_commissioner_sees_every_visit_and_plan_of_their_councils(client, visits):
    client.force_login(commissioner_of(visits["published"].council))
    assert set(codes(client, visits["published"], READ_PAGES).values()) == {200}
    assert set(codes(client, visits["draft"], READ_PAGES).values()) == {200}
    assert set(codes(client, visits["elsewhere"], READ_PAGES).values()) == {404}
    assert sorted(listed(client)) == ["Drafted review", "Published review"]


def test_a_commissioner_changes_nothing(client, visits):
    client.force_login(commissioner_of(visits["published"].council))
    assert set(codes(client, visits["draft"], MANAGER_PAGES).values()) == {404}
    assert client.get(reverse("visit_create")).status_code == 404


def test_a_mentor_sees_no_visit(client, visits):
    client.force_login(MentorFactory(user=UserFactory()).user)
    for visit in visits.values():
        assert set(codes(client, visit, READ_PAGES).values()) == {404}
    assert listed(client) == []
    assert "There are no review visits for you to see yet." in (
        client.get(reverse("visit_list")).content.decode()
    )


def test_someone_with_no_role_sees_nothing(client, visits):
    client.force_login(UserFactory())
    assert set(codes(client, visits["published"], READ_PAGES).values()) == {404}


def test_the_manager_sees_and_may_change_everything(manager_client, visits):
    for visit in visits.values():
        assert set(codes(manager_client, visit, READ_PAGES).values()) == {200}
    assert set(codes(manager_client, visits["draft"], MANAGER_PAGES).values()) == {200}
    assert len(listed(manager_client)) == 3


def test_only_the_manager_sees_the_buttons_that_change_a_visit(client, manager_client, visits):
    draft = visits["draft"]
    as_manager = manager_client.get(reverse("visit_detail", args=[draft.pk])).content.decode()
    client.force_login(commissioner_of(draft.council))
    as_commissioner = client.get(reverse("visit_detail", args=[draft.pk])).content.decode()
    for link in [f"/reviews/{draft.pk}/edit/", f"/reviews/{draft.pk}/status/"]:
        assert link in as_manager and link not in as_commissioner
