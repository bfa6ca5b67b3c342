"""A visit goes planned, on site, report drafted, published; a published visit is
changed only after it is reopened, with a reason that is kept and shown."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews import services
from reviews.forms import PeerTeamFormSet, ReviewVisitForm
from reviews.models import VisitKind, VisitStatus, VisitStatusChange
from reviews.tests.factories import (
    CheckInVisitFactory,
    PeerTeamMemberFactory,
    RecommendationFactory,
    ReviewVisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)
FIRST_DAY = datetime.date(2025, 3, 10)


def ready_visit(**kwargs):
    """A visit that has ended, with findings and a judgement: ready to publish."""
    return ReviewVisitFactory(
        first_day=FIRST_DAY,
        findings="Strong political leadership.",
        judgement="The return of further powers is justified.",
        **kwargs,
    )


def change(visit, to, by=None, **kwargs):
    return services.visit_change_status(visit=visit, to_status=to, by=by, today=TODAY, **kwargs)


def messages_of(caught) -> list[str]:
    return caught.value.messages


# The flow ----------------------------------------------------------------------------


def test_a_new_visit_is_planned():
    assert ReviewVisitFactory().status == VisitStatus.PLANNED


def test_a_visit_moves_on_site_then_to_report_drafted_then_published(manager):
    visit = ready_visit()
    for to in (VisitStatus.ON_SITE, VisitStatus.REPORT_DRAFTED, VisitStatus.PUBLISHED):
        change(visit, to, by=manager)
        visit.refresh_from_db()
        assert visit.status == to
    assert visit.published_on == TODAY
    assert list(visit.status_changes.order_by("pk").values_list("from_status", "to_status")) == [
        ("planned", "on-site"),
        ("on-site", "report-drafted"),
        ("report-drafted", "published"),
    ]
    assert {c.changed_by for c in visit.status_changes.all()} == {manager}


def test_a_visit_recorded_after_the_event_may_go_straight_from_planned_to_published():
    visit = ready_visit()
    change(visit, VisitStatus.PUBLISHED, published_on=datetime.date(2025, 4, 2))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PUBLISHED
    assert visit.published_on == datetime.date(2025, 4, 2)


def test_the_peer_team_is_not_on_site_before_the_first_day():
    visit = ReviewVisitFactory(first_day=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.ON_SITE)
    assert messages_of(caught) == ["The peer team is not on site before 02/06/2025."]


def test_no_report_is_drafted_before_the_last_day_on_site():
    visit = ReviewVisitFactory(first_day=TODAY - datetime.timedelta(days=1))
    change(visit, VisitStatus.ON_SITE)
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.REPORT_DRAFTED)
    assert "which has not passed yet" in messages_of(caught)[0]


def test_a_visit_is_not_published_without_its_findings_and_judgement():
    visit = ReviewVisitFactory(first_day=FIRST_DAY, findings="", judgement="")
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.PUBLISHED)
    assert messages_of(caught) == [
        "Write the findings before publishing.",
        "Write the judgement before publishing.",
    ]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    assert not VisitStatusChange.objects.exists()


def test_a_check_in_is_published_with_the_peers_new_observations_and_no_judgement():
    check_in = CheckInVisitFactory(checks_visit__first_day=datetime.date(2024, 9, 2), judgement="")
    with pytest.raises(ValidationError) as caught:
        change(check_in, VisitStatus.PUBLISHED)
    assert messages_of(caught) == ["Write the peers' new observations before publishing."]
    check_in.findings = "Good progress on recommendations 1 and 5."
    check_in.save()
    change(check_in, VisitStatus.PUBLISHED)
    assert check_in.status == VisitStatus.PUBLISHED


def test_a_report_is_not_published_before_the_last_day_on_site_nor_in_the_future():
    visit = ready_visit()
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.PUBLISHED, published_on=FIRST_DAY)
    assert messages_of(caught) == ["The report cannot be published before the last day on site."]
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.PUBLISHED, published_on=TODAY + datetime.timedelta(days=1))
    assert messages_of(caught) == ["The date published cannot be in the future."]


def test_a_drafted_report_does_not_go_back_to_planned():
    visit = ready_visit(status=VisitStatus.REPORT_DRAFTED)
    assert visit.next_statuses() == [VisitStatus.ON_SITE, VisitStatus.PUBLISHED]
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.PLANNED)
    assert messages_of(caught) == ["A visit cannot go from report drafted to that status."]


def test_moving_a_visit_to_the_status_it_has_is_refused():
    visit = ready_visit(status=VisitStatus.ON_SITE)
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.ON_SITE)
    assert messages_of(caught) == ["The visit is already on site."]


# Published visits are locked --------------------------------------------------------


def test_a_published_visit_has_no_next_status_and_its_status_does_not_change():
    visit = ready_visit(status=VisitStatus.PUBLISHED)
    assert visit.next_statuses() == []
    with pytest.raises(ValidationError) as caught:
        change(visit, VisitStatus.REPORT_DRAFTED)
    assert messages_of(caught) == [
        "A published visit is reopened, with a reason, before its status changes."
    ]


def test_saving_a_published_visit_is_refused_by_the_service():
    visit = ready_visit(status=VisitStatus.PUBLISHED)
    data = {
        "council": visit.council_id,
        "kind": visit.kind,
        "title": "A quietly changed title",
        "first_day": visit.first_day,
        "last_day": visit.last_day,
    }
    form = ReviewVisitForm(data, instance=visit)
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError, match="Reopen it"):
        services.visit_save(form=form)
    visit.refresh_from_db()
    assert visit.title != "A quietly changed title"


def test_a_recommendation_is_not_added_to_a_published_visit():
    visit = ready_visit(status=VisitStatus.PUBLISHED)
    recommendation = RecommendationFactory.build(visit=visit, number=1)
    with pytest.raises(ValidationError, match="Reopen it"):
        services.recommendation_save(recommendation=recommendation)
    assert not visit.recommendations.exists()


def test_the_edit_page_of_a_published_visit_sends_the_manager_back_to_reopen_it(manager_client):
    visit = ready_visit(status=VisitStatus.PUBLISHED, title="Published review")
    url = reverse("visit_edit", args=[visit.pk])
    response = manager_client.post(url, {"title": "Changed", "council": visit.council_id})
    assert response.status_code == 302 and response["Location"] == f"/reviews/{visit.pk}/"
    visit.refresh_from_db()
    assert visit.title == "Published review"
    page = manager_client.get(response["Location"]).content.decode()
    assert "Reopen it, giving a reason, before changing it." in page
    assert f'href="/reviews/{visit.pk}/reopen/"' in page
    assert f'href="/reviews/{visit.pk}/edit/"' not in page


def test_no_recommendation_is_added_to_a_published_visit_through_its_page(manager_client):
    visit = ready_visit(status=VisitStatus.PUBLISHED)
    response = manager_client.post(
        reverse("recommendation_create", args=[visit.pk]),
        {"number": 1, "theme": "Finance", "text": "Balance the budget."},
    )
    assert response.status_code == 302
    assert not visit.recommendations.exists()


# Reopening ------------------------------------------------------------------------------


def test_reopening_needs_a_reason():
    visit = ready_visit(status=VisitStatus.PUBLISHED)
    with pytest.raises(ValidationError) as caught:
        services.visit_reopen(visit=visit, by=None, reason="   ")
    assert caught.value.message_dict == {"reason": ["Give the reason for reopening this visit."]}
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PUBLISHED


def test_only_a_published_visit_is_reopened():
    visit = ready_visit(status=VisitStatus.REPORT_DRAFTED)
    with pytest.raises(ValidationError, match="Only a published visit is reopened."):
        services.visit_reopen(visit=visit, by=None, reason="A typo.")


def test_reopening_is_recorded_with_who_when_and_why(manager):
    visit = ready_visit(status=VisitStatus.PUBLISHED, published_on=TODAY)
    change_made = services.visit_reopen(
        visit=visit, by=manager, reason="The judgement misquoted the commissioners."
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORT_DRAFTED
    assert visit.published_on is None
    assert change_made.is_reopening
    assert (change_made.from_status, change_made.to_status) == ("published", "report-drafted")
    assert change_made.changed_by == manager
    assert change_made.reason == "The judgement misquoted the commissioners."
    latest = visit.history.latest()
    assert latest.status == VisitStatus.REPORT_DRAFTED
    assert latest.history_change_reason == "Reopened: The judgement misquoted the commissioners."


def test_a_reopened_visit_can_be_edited_and_published_again(manager):
    visit = ready_visit(status=VisitStatus.PUBLISHED)
    services.visit_reopen(visit=visit, by=manager, reason="Correct the peer team.")
    services.visit_check_editable(visit=visit)
    change(visit, VisitStatus.PUBLISHED, by=manager)
    assert visit.status_changes.count() == 2


def test_the_reopen_page_asks_for_a_reason_and_the_visit_page_shows_it(manager_client):
    visit = ready_visit(status=VisitStatus.PUBLISHED)
    url = reverse("visit_reopen", args=[visit.pk])
    page = manager_client.get(url).content.decode()
    assert "Are you sure you want to reopen it?" in page
    refused = manager_client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "Say why the visit is reopened." in refused.content.decode()
    response = manager_client.post(
        url, {"reason": "The letter named the wrong Leader."}, follow=True
    )
    body = response.content.decode()
    assert "The visit was reopened; its report is a draft again." in body
    assert "Reopened on" in body and "by Jo Hartley: The letter named the wrong Leader." in body
    assert "Reopened: Published to Report drafted" in body


def test_the_status_page_publishes_after_asking_and_says_what_is_missing(manager_client):
    visit = ReviewVisitFactory(first_day=FIRST_DAY, findings="", judgement="")
    url = reverse("visit_status", args=[visit.pk])
    page = manager_client.get(url + "?to=published").content.decode()
    assert "Are you sure?" in page
    assert re.search(r'<input[^>]*value="published"[^>]*checked', page)
    refused = manager_client.post(url, {"to_status": "published"})
    assert "Write the findings before publishing." in refused.content.decode()
    visit.findings, visit.judgement = "Findings.", "Judgement."
    visit.save()
    done = manager_client.post(url, {"to_status": "published"}, follow=True)
    assert "The visit is now published." in done.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PUBLISHED


def test_the_status_page_offers_only_the_statuses_a_visit_may_move_to(manager_client):
    visit = ReviewVisitFactory(status=VisitStatus.REPORT_DRAFTED)
    page = manager_client.get(reverse("visit_status", args=[visit.pk])).content.decode()
    assert 'value="on-site"' in page and 'value="published"' in page
    assert 'value="planned"' not in page
    response = manager_client.post(
        reverse("visit_status", args=[visit.pk]), {"to_status": "planned"}
    )
    assert "Select a valid choice." in response.content.decode()


# Creating and editing, with the peer team -------------------------------------------------


def visit_data(council, **overrides):
    data = {
        "council": council.pk,
        "kind": VisitKind.CORPORATE_PEER_CHALLENGE,
        "title": "Corporate peer challenge",
        "first_day": "2025-10-14",
        "last_day": "2025-10-17",
        "question": "Where is the Council now?",
        "scope": "Governance and culture.",
        "out_of_scope": "Children's Services.",
        "peers-TOTAL_FORMS": "2",
        "peers-INITIAL_FORMS": "0",
        "peers-0-name": "Cllr Alison Grey",
        "peers-0-role": "Lead member peer",
        "peers-0-organisation": "A metropolitan borough council",
        "peers-1-name": "",
        "peers-1-role": "",
        "peers-1-organisation": "",
    }
    data.update(overrides)
    return data


def test_a_manager_adds_a_visit_with_its_peer_team(manager_client):
    council = ReviewVisitFactory().council
    response = manager_client.post(reverse("visit_create"), visit_data(council))
    assert response.status_code == 302
    visit = council.review_visits.get(title="Corporate peer challenge")
    assert visit.status == VisitStatus.PLANNED
    assert visit.out_of_scope == "Children's Services."
    assert [str(m) for m in visit.peer_team.all()] == [
        "Cllr Alison Grey, Lead member peer, A metropolitan borough council"
    ]


def test_a_visit_with_its_last_day_before_its_first_keeps_the_typed_input_and_says_why(
    manager_client,
):
    council = ReviewVisitFactory().council
    response = manager_client.post(
        reverse("visit_create"), visit_data(council, last_day="2025-10-01")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The last day on site cannot be before the first." in body
    assert 'value="Cllr Alison Grey"' in body and 'value="Where is the Council now?"' not in body
    assert "Where is the Council now?" in body


def test_a_check_in_names_a_visit_to_the_same_council(manager_client):
    checked = ReviewVisitFactory()
    elsewhere = ReviewVisitFactory()
    response = manager_client.post(
        reverse("visit_create"),
        visit_data(
            checked.council, kind=VisitKind.CHECK_IN, checks_visit=elsewhere.pk, title="Check-in"
        ),
    )
    # Only the council's own visits are offered, so another council's is not a choice.
    assert (
        "Select a valid choice. That choice is not one of the available choices."
        in response.context["form"].errors["checks_visit"]
    )
    assert not elsewhere.check_ins.exists()
    response = manager_client.post(
        reverse("visit_create"),
        visit_data(checked.council, kind=VisitKind.CHECK_IN, title="Check-in"),
    )
    assert "A check-in must name the visit it checks." in response.content.decode()
    response = manager_client.post(
        reverse("visit_create"),
        visit_data(
            checked.council, kind=VisitKind.CHECK_IN, checks_visit=checked.pk, title="Check-in"
        ),
    )
    assert response.status_code == 302
    assert checked.check_ins.get().title == "Check-in"


def test_a_check_in_is_planned_from_the_visit_it_checks(manager_client):
    checked = ReviewVisitFactory()
    ReviewVisitFactory()  # another council's visit is never offered

    detail = manager_client.get(reverse("visit_detail", args=[checked.pk])).content.decode()
    assert "Plan a check-in" in detail
    form = manager_client.get(
        reverse("visit_create"),
        {"kind": "check-in", "council": checked.council_id, "checks_visit": checked.pk},
    ).context["form"]
    assert list(form.fields["checks_visit"].queryset) == [checked]
    assert form.initial["checks_visit"] == str(checked.pk)


def test_editing_a_visit_changes_and_removes_peer_team_members(manager_client):
    visit = ReviewVisitFactory()
    keep = PeerTeamMemberFactory(visit=visit, name="Sunita Rao")
    drop = PeerTeamMemberFactory(visit=visit, name="Chris Lane")
    formset = PeerTeamFormSet(instance=visit, prefix="peers")
    data = visit_data(visit.council, title="Renamed")
    data.update(
        {
            "peers-TOTAL_FORMS": "2",
            "peers-INITIAL_FORMS": "2",
            "peers-0-id": keep.pk,
            "peers-0-name": "Sunita Rao",
            "peers-0-role": "Chief executive peer",
            "peers-0-organisation": "A unitary council",
            "peers-1-id": drop.pk,
            "peers-1-name": "Chris Lane",
            "peers-1-role": "Member peer",
            "peers-1-organisation": "LGA",
            "peers-1-DELETE": "on",
        }
    )
    assert formset.total_form_count() == 4  # two members and two spare rows
    response = manager_client.post(reverse("visit_edit", args=[visit.pk]), data)
    assert response.status_code == 302, response.content.decode()
    visit.refresh_from_db()
    assert visit.title == "Renamed"
    assert [m.role for m in visit.peer_team.all()] == ["Chief executive peer"]
