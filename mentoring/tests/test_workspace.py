"""The programme manager's placement and mentor pool pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory, PartyFactory
from mentoring.models import Placement, PlacementStatus
from mentoring.tests.factories import (
    LearningAgreementFactory,
    MentorFactory,
    PlacementFactory,
    SessionFactory,
    mentoring_type,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = UserFactory(is_programme_manager=True)
    client.force_login(user)
    return client


def queries_for(client, url) -> int:
    client.get(url)  # warm caches (content types, sites)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(n):
    for _ in range(n):
        placement = PlacementFactory()
        SessionFactory(placement=placement)
        LearningAgreementFactory(placement=placement)


@pytest.mark.parametrize(
    "url_name", ["placement_list", "mentor_list", "session_list", "dashboard", "placement_export"]
)
def test_list_pages_run_the_same_few_queries_with_5_or_205_rows(manager, url_name, settings):
    # The dashboard's figures are kept in the cache (core/cache.py): a cache of this
    # process only, so another test process's saves on CI's shared Redis cannot start a
    # new generation between the warm-up and the request counted.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    grow(5)
    small = queries_for(manager, reverse(url_name))
    grow(200)
    large = queries_for(manager, reverse(url_name))
    assert small == large
    assert large <= 12


@pytest.mark.parametrize("url_name", ["placement_detail", "mentor_detail"])
def test_detail_pages_run_the_same_few_queries_however_many_sessions(manager, url_name):
    placement = PlacementFactory()
    mentor = placement.mentors.get()
    url = reverse(url_name, args=[placement.pk if url_name == "placement_detail" else mentor.pk])
    for day in range(5):
        SessionFactory(
            placement=placement, held_on=placement.started_on + datetime.timedelta(days=day)
        )
    small = queries_for(manager, url)
    for day in range(5, 205):
        SessionFactory(
            placement=placement, held_on=placement.started_on + datetime.timedelta(days=day)
        )
        if url_name == "mentor_detail" and day % 10 == 0:
            PlacementFactory(
                mentors=[mentor], status=PlacementStatus.ENDED, ended_on=datetime.date(2025, 6, 1)
            )
    large = queries_for(manager, url)
    assert small == large
    assert large <= 12


def test_the_placement_list_filters_by_status_and_keeps_the_filter_in_the_csv_link(manager):
    active = PlacementFactory()
    PlacementFactory(status=PlacementStatus.PAUSED)
    response = manager.get(reverse("placement_list"), {"status": "active"})
    placements = list(response.context["page"].object_list)
    assert placements == [active]
    assert "export.csv?status=active" in response.content.decode()
    csv = b"".join(manager.get(reverse("placement_export"), {"status": "active"}).streaming_content)
    assert csv.decode().count("\n") == 2  # header and one placement


def test_no_session_in_six_weeks_finds_the_quiet_placements(manager):
    today = datetime.date.today()
    quiet = PlacementFactory(started_on=today - datetime.timedelta(days=120), planned_end_on=None)
    SessionFactory(placement=quiet, held_on=today - datetime.timedelta(days=60))
    busy = PlacementFactory(started_on=today - datetime.timedelta(days=120), planned_end_on=None)
    SessionFactory(placement=busy, held_on=today - datetime.timedelta(days=3))
    response = manager.get(reverse("placement_list"), {"attention": "quiet"})
    assert list(response.context["page"].object_list) == [quiet]


def test_pausing_asks_first_then_pauses_with_a_message(manager):
    placement = PlacementFactory()
    url = reverse("placement_status", args=[placement.pk, "pause"])
    confirm = manager.get(url)
    assert "Pause this placement?" in confirm.content.decode()
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
    response = manager.post(url, follow=True)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PAUSED
    assert "The placement is now paused." in response.content.decode()


def test_withdrawing_needs_a_reason_and_keeps_the_placement(manager):
    placement = PlacementFactory()
    url = reverse("placement_status", args=[placement.pk, "withdraw"])
    response = manager.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Say why the placement is withdrawn." in response.content.decode()
    manager.post(url, {"reason": "The councillor asked to stop."})
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.WITHDRAWN
    assert placement.withdrawn_reason == "The councillor asked to stop."


def test_ending_before_the_start_is_refused_with_a_message(manager):
    placement = PlacementFactory()
    url = reverse("placement_status", args=[placement.pk, "end"])
    response = manager.post(url, {"ended_on": "2020-01-01"})
    assert "cannot end before it starts" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE


def test_resuming_a_placement_refuses_a_mentor_without_capacity(manager):
    mentor = MentorFactory(capacity=1)
    PlacementFactory(mentors=[mentor])
    paused = PlacementFactory(mentors=[mentor], status=PlacementStatus.PAUSED)
    response = manager.post(reverse("placement_status", args=[paused.pk, "resume"]), follow=True)
    assert "capacity is 1" in response.content.decode()
    paused.refresh_from_db()
    assert paused.status == PlacementStatus.PAUSED


def start_params(council, kind, mentees, **extra):
    return {
        "council": council.pk,
        "mentoring_type": mentoring_type(kind).pk,
        "councillors": [m.pk for m in mentees],
        "started_on": "2027-01-04",
        "planned_end_on": "2027-06-30",
        **extra,
    }


def test_suggestions_never_offer_a_mentor_from_the_mentees_own_council_for_one_to_one(manager):
    council = CouncilFactory()
    mentee = CouncillorFactory(council=council)
    own = MentorFactory(council=council, full_name="Own Council Mentor")
    other = MentorFactory(full_name="Other Council Mentor")
    response = manager.get(
        reverse("placement_create"), start_params(council, "one-to-one", [mentee])
    )
    suggestions = {s.mentor: s for s in response.context["suggestions"]}
    assert not suggestions[own].allowed
    assert suggestions[other].allowed
    assert response.context["suggestions"][0].mentor == other
    # Even a hand-made POST choosing that mentor is refused.
    post = start_params(council, "one-to-one", [mentee], mentors=[own.pk], status="proposed",
                        mentor_days_agreed="6", funding="council")  # fmt: skip
    response = manager.post(reverse("placement_create"), post)
    assert response.status_code == 200
    assert "needs a mentor from another council" in response.content.decode()
    assert not Placement.objects.filter(council=council).exists()


def test_suggestions_never_offer_a_mentor_of_another_party_for_political_group_mentoring(manager):
    council = CouncilFactory()
    labour, conservative = PartyFactory(name="Labour"), PartyFactory(name="Conservative")
    mentees = CouncillorFactory.create_batch(3, council=council, party=labour)
    same = MentorFactory(party=labour)
    different = MentorFactory(party=conservative)
    response = manager.get(
        reverse("placement_create"), start_params(council, "political-group", mentees)
    )
    suggestions = {s.mentor: s for s in response.context["suggestions"]}
    assert suggestions[same].allowed
    assert not suggestions[different].allowed


def test_a_placement_is_created_from_a_suggested_mentor(manager):
    council = CouncilFactory()
    mentee = CouncillorFactory(council=council)
    mentor = MentorFactory(regional_pool=council.region)
    post = start_params(council, "one-to-one", [mentee], mentors=[mentor.pk], status="active",
                        mentor_days_agreed="6", funding="subsidy", cost="3000")  # fmt: skip
    response = manager.post(reverse("placement_create"), post)
    placement = Placement.objects.get(council=council)
    assert response.status_code == 302
    assert list(placement.mentors.all()) == [mentor]
    assert placement.mentees.get().councillor == mentee


def test_soft_warnings_must_be_accepted_with_a_note(manager):
    council = CouncilFactory()
    mentee = CouncillorFactory(council=council)
    mentor = MentorFactory(accredited=False, accreditation_expires_on=None)
    post = start_params(council, "one-to-one", [mentee], mentors=[mentor.pk], status="proposed",
                        mentor_days_agreed="6", funding="council")  # fmt: skip
    response = manager.post(reverse("placement_create"), post)
    assert "Accept the warnings" in response.content.decode()
    post.update(accept_warnings="on", warning_note="The only mentor free this spring.")
    manager.post(reverse("placement_create"), post)
    assert Placement.objects.get(council=council).match_note == "The only mentor free this spring."


def test_a_mentor_is_added_and_edited(manager):
    council = CouncilFactory()
    data = {"full_name": "Jane Peer", "email": "jane@example.org", "kind": "councillor",
            "council": council.pk, "regional_pool": council.region, "capacity": "2",
            "accredited": "on", "accreditation_expires_on": "", "active": "on"}  # fmt: skip
    response = manager.post(reverse("mentor_create"), data)
    assert "Give the date an accreditation expires." in response.content.decode()
    assert 'value="Jane Peer"' in response.content.decode()
    data["accreditation_expires_on"] = "2028-03-31"
    response = manager.post(reverse("mentor_create"), data)
    assert response.status_code == 302


def test_the_mentor_pool_filters_accreditations_ending_soon(manager):
    today = datetime.date.today()
    ending = MentorFactory(accreditation_expires_on=today + datetime.timedelta(days=30))
    MentorFactory(accreditation_expires_on=today + datetime.timedelta(days=400))
    response = manager.get(reverse("mentor_list"), {"accreditation": "ending"})
    assert list(response.context["page"].object_list) == [ending]


def test_a_new_placement_starts_with_the_council_then_offers_only_its_councillors(manager):
    council, elsewhere = CouncilFactory(), CouncilFactory()
    member = CouncillorFactory(council=council, full_name="Cllr Member Here")
    CouncillorFactory(council=elsewhere, full_name="Cllr Somewhere Else")

    first = manager.get(reverse("placement_create"))
    assert "Next: choose the mentees" in first.content.decode()
    assert "Cllr Member Here" not in first.content.decode()

    second = manager.get(reverse("placement_create"), {"council": council.pk})
    page = second.content.decode()
    assert list(second.context["start"].fields["councillors"].queryset) == [member]
    assert "Cllr Somewhere Else" not in page
    assert "There is a problem" not in page  # no errors before anything is typed
    assert "invalid-feedback" not in page


def test_suggestions_show_the_best_twenty_of_a_large_pool_and_keep_who_was_ticked(manager):
    council = CouncilFactory()
    mentee = CouncillorFactory(council=council)
    mentors = [MentorFactory() for _ in range(25)]

    response = manager.get(
        reverse("placement_create"), start_params(council, "one-to-one", [mentee])
    )

    assert len(response.context["suggestions"]) == 20
    assert "the 20 best of 25 active mentors" in response.content.decode()
    assert "Change who it is for" in response.content.decode()
    not_shown = {m.pk for m in mentors} - {s.mentor.pk for s in response.context["suggestions"]}
    post = start_params(council, "one-to-one", [mentee], mentors=[not_shown.pop()])
    response = manager.post(reverse("placement_create"), post)
    assert len(response.context["suggestions"]) == 21


def test_too_many_mentees_for_the_type_are_refused_beside_the_mentees(manager):
    council = CouncilFactory()
    mentees = CouncillorFactory.create_batch(2, council=council)
    response = manager.get(
        reverse("placement_create"), start_params(council, "one-to-one", mentees)
    )
    assert response.context["start"].errors["councillors"] == [
        "One-to-one mentoring has exactly one mentee."
    ]


def test_a_cost_outside_the_type_s_band_is_refused_on_the_cost(manager):
    council = CouncilFactory()
    mentee = CouncillorFactory(council=council)
    mentor = MentorFactory(regional_pool=council.region)
    post = start_params(council, "one-to-one", [mentee], mentors=[mentor.pk], status="active",
                        mentor_days_agreed="6", funding="subsidy", cost="9000")  # fmt: skip
    response = manager.post(reverse("placement_create"), post)
    assert response.status_code == 200
    assert "One-to-one mentoring costs £2,600–£3,800" in response.content.decode()
    assert "cost" in response.context["finish"].errors
    assert not Placement.objects.filter(council=council).exists()
