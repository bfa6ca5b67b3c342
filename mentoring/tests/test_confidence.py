"""Confidence check-ins: a mentee records them; they, their mentor and programme
managers see the change over time; commissioners never see individual answers."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from councils.tests.factories import (
    CommissionerAppointmentFactory,
    CouncilFactory,
    CouncillorFactory,
)
from mentoring.models import ConfidenceArea, ConfidenceCheck, ConfidenceScore
from mentoring.services import confidence_check_record
from mentoring.tests.factories import (
    ConfidenceCheckFactory,
    PlacementFactory,
    mentoring_type,
)
from mentoring.tests.pairs import mentee_account, mentor_account

pytestmark = pytest.mark.django_db

ALL_THREES = {f"score_{area}": "3" for area in ConfidenceArea.values}


@pytest.fixture
def placement():
    return PlacementFactory()


@pytest.fixture
def mentee(placement):
    return placement.mentees.get()


@pytest.fixture
def mentee_client(client, mentee):
    client.force_login(mentee_account(mentee))
    return client


def scores(**overrides):
    values = {area: 3 for area in ConfidenceArea.values}
    values.update(overrides)
    return values


def record(mentee, stage="baseline", taken_on=datetime.date(2025, 1, 10), **overrides):
    return confidence_check_record(
        mentee=mentee, stage=stage, taken_on=taken_on, scores=scores(**overrides)
    )


def post(client, mentee, **fields):
    data = {"mentee": mentee.pk, "stage": "baseline", "taken_on": "2025-01-10", **ALL_THREES}
    data.update(fields)
    return client.post(reverse("confidence_create"), data)


# Recording ---------------------------------------------------------------------------------


def test_a_mentee_records_a_baseline_check_in_and_lands_on_their_chart(mentee_client, mentee):
    response = post(mentee_client, mentee, score_chairing="1", score_media="5")
    check = ConfidenceCheck.objects.get(mentee=mentee)
    assert response.status_code == 302
    assert response["Location"] == reverse("confidence_detail", args=[mentee.pk])
    assert check.stage == "baseline" and check.taken_on == datetime.date(2025, 1, 10)
    assert dict(check.scores.values_list("area", "score")) == scores(chairing=1, media=5)
    page = mentee_client.get(response["Location"]).content.decode()
    assert "Your baseline check-in of 10/01/2025 was recorded." in page


def test_the_form_is_radio_buttons_in_a_fieldset_with_a_legend_per_area(mentee_client):
    page = mentee_client.get(reverse("confidence_create")).content.decode()
    for area in ConfidenceArea:
        assert escape(area.label) in page
        assert f'name="score_{area.value}" value="5"' in page
    assert page.count("<legend") >= len(ConfidenceArea) + 2  # areas, stage, the scores' group
    assert "5: very confident" in page
    assert "novalidate" in page


def test_a_second_baseline_is_refused_with_a_message_beside_the_stage_and_input_kept(
    mentee_client, mentee
):
    record(mentee)
    response = post(mentee_client, mentee, score_chairing="4")
    page = response.content.decode()
    assert response.status_code == 200
    assert "You already have a baseline check-in for this placement." in page
    kept = re.search(r'<input[^>]*name="score_chairing"[^>]*value="4"[^>]*>', page).group(0)
    assert "checked" in kept
    assert ConfidenceCheck.objects.filter(mentee=mentee).count() == 1


def test_a_second_end_check_in_is_refused_but_reviews_may_repeat(mentee_client, mentee):
    record(mentee, stage="end", taken_on=datetime.date(2025, 6, 1))
    page = post(mentee_client, mentee, stage="end").content.decode()
    assert "You already have an end check-in for this placement." in page
    post(mentee_client, mentee, stage="review", taken_on="2025-03-01")
    post(mentee_client, mentee, stage="review", taken_on="2025-04-01")
    assert ConfidenceCheck.objects.filter(mentee=mentee, stage="review").count() == 2


def test_every_area_needs_a_score(mentee_client, mentee):
    data = dict(ALL_THREES)
    del data["score_chairing"]
    response = mentee_client.post(
        reverse("confidence_create"),
        {"mentee": mentee.pk, "stage": "baseline", "taken_on": "2025-01-10", **data},
    )
    assert "Choose how confident you feel: chairing meetings." in response.content.decode()
    assert not ConfidenceCheck.objects.exists()


def test_the_date_is_neither_in_the_future_nor_before_the_placement(mentee_client, mentee):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = post(mentee_client, mentee, taken_on=tomorrow.isoformat()).content.decode()
    assert "The date cannot be in the future." in page
    page = post(mentee_client, mentee, taken_on="2024-12-31").content.decode()
    assert "The placement started on 06/01/2025" in page
    assert not ConfidenceCheck.objects.exists()


def test_a_mentee_cannot_record_for_someone_elses_placement(mentee_client):
    other = PlacementFactory().mentees.get()
    response = post(mentee_client, other)
    assert "Select a valid choice" in response.content.decode()
    assert not ConfidenceCheck.objects.exists()


def test_someone_with_no_placement_as_a_mentee_cannot_record(client, placement):
    client.force_login(mentor_account(placement))
    assert client.get(reverse("confidence_create")).status_code == 404


def test_a_mentee_with_two_placements_chooses_which_one(client):
    councillor = CouncillorFactory()
    first = PlacementFactory(council=councillor.council, mentees=[councillor])
    second = PlacementFactory(council=councillor.council, mentees=[councillor])
    client.force_login(mentee_account(first.mentees.get()))
    page = client.get(reverse("confidence_create")).content.decode()
    assert page.count('name="mentee"') == 2
    response = post(client, second.mentees.get())
    assert response.status_code == 302
    assert ConfidenceCheck.objects.get().mentee.placement == second


def test_the_service_refuses_a_missing_area_and_a_repeated_baseline(mentee):
    with pytest.raises(ValidationError, match="Give a score for: Chairing meetings"):
        confidence_check_record(
            mentee=mentee,
            stage="baseline",
            taken_on=datetime.date(2025, 1, 10),
            scores={a: 3 for a in ConfidenceArea.values if a != "chairing"},
        )
    record(mentee)
    with pytest.raises(ValidationError, match="already have a baseline"):
        record(mentee)
    with pytest.raises(ValidationError):
        record(mentee, stage="review", chairing=6)
    assert ConfidenceCheck.objects.count() == 1


# Reading -----------------------------------------------------------------------------------


def test_the_chart_page_draws_the_change_and_gives_the_same_figures_in_a_table(
    mentee_client, mentee
):
    record(mentee, chairing=2)
    record(mentee, stage="review", taken_on=datetime.date(2025, 4, 1), chairing=4)
    page = mentee_client.get(reverse("confidence_detail", args=[mentee.pk])).content.decode()
    # A small chart per area, each headed by its area and saying what changed.
    assert page.count('class="confidence-chart" role="img"') == len(ConfidenceArea.choices)
    assert '<h3 class="h6 mb-1" id="confidence-chairing-title">Chairing meetings</h3>' in page
    assert "2 at the baseline (10/01/2025), 4 at the review (01/04/2025), up 2." in page
    assert "<caption" in page and '<th scope="col">Area</th>' in page
    assert '<th scope="row">Chairing meetings</th>' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_mentor_and_a_manager_see_the_check_ins_but_another_mentor_does_not(
    client, placement, mentee
):
    record(mentee)
    url = reverse("confidence_detail", args=[mentee.pk])
    client.force_login(mentor_account(placement))
    assert client.get(url).status_code == 200
    assert escape(mentee.full_name) in client.get(reverse("confidence_overview")).content.decode()
    client.force_login(ProgrammeManagerFactory())
    assert client.get(url).status_code == 200
    client.force_login(mentor_account(PlacementFactory()))
    assert client.get(url).status_code == 404
    assert (
        escape(mentee.full_name) not in client.get(reverse("confidence_overview")).content.decode()
    )


def test_a_commissioner_never_sees_individual_answers(client, placement, mentee):
    record(mentee)
    commissioner = CommissionerAppointmentFactory(council=placement.council).commissioner
    client.force_login(commissioner)
    assert client.get(reverse("confidence_detail", args=[mentee.pk])).status_code == 404
    page = client.get(reverse("confidence_overview")).content.decode()
    assert escape(mentee.full_name) not in page
    assert "There are no check-ins to show." in page


def test_another_mentee_of_the_same_group_cannot_see_my_check_ins(client):
    council = CouncilFactory()
    group = PlacementFactory(
        kind="councillor-role",
        council=council,
        mentees=CouncillorFactory.create_batch(2, council=council),
    )
    me, other = group.mentees.all()
    record(me)
    client.force_login(mentee_account(other))
    assert client.get(reverse("confidence_detail", args=[me.pk])).status_code == 404
    assert escape(me.full_name) not in client.get(reverse("confidence_overview")).content.decode()


def test_a_mentee_sees_their_own_placement_on_the_overview_before_any_check_in(
    mentee_client, mentee
):
    page = mentee_client.get(reverse("confidence_overview")).content.decode()
    assert reverse("confidence_detail", args=[mentee.pk]) in page
    assert "Record a check-in" in page
    detail = mentee_client.get(reverse("confidence_detail", args=[mentee.pk])).content.decode()
    assert "No check-ins yet. Record your baseline" in detail


def test_the_overview_sorts_and_filters_in_the_url(client):
    manager = ProgrammeManagerFactory()
    client.force_login(manager)
    a = ConfidenceCheckFactory(mentee__councillor__full_name="Ann Archer").mentee
    b = ConfidenceCheckFactory(mentee__councillor__full_name="Bob Baker").mentee
    page = client.get(reverse("confidence_overview") + "?sort=-name").content.decode()
    assert page.index("Bob Baker") < page.index("Ann Archer")
    page = client.get(reverse("confidence_overview") + "?name=ann").content.decode()
    assert a.full_name in page and b.full_name not in page
    page = client.get(reverse("confidence_overview") + "?name=nobody").content.decode()
    assert "No mentees match." in page


# Query counts ------------------------------------------------------------------------------


def queries(client, url) -> int:
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow_checks(mentee, count):
    start = ConfidenceCheck.objects.filter(mentee=mentee).count()
    checks = ConfidenceCheck.objects.bulk_create(
        ConfidenceCheck(
            mentee=mentee,
            stage="review",
            taken_on=mentee.placement.started_on + datetime.timedelta(days=start + n),
        )
        for n in range(count)
    )
    ConfidenceScore.objects.bulk_create(
        ConfidenceScore(check_in=c, area=area, score=1 + n % 5)
        for c in checks
        for n, area in enumerate(ConfidenceArea.values)
    )


def test_the_chart_page_runs_the_same_few_queries_with_5_or_205_check_ins(mentee_client, mentee):
    url = reverse("confidence_detail", args=[mentee.pk])
    grow_checks(mentee, 5)
    small = queries(mentee_client, url)
    grow_checks(mentee, 200)
    large = queries(mentee_client, url)
    assert small == large <= 12


def test_the_overview_runs_the_same_few_queries_with_5_or_205_mentees(client):
    client.force_login(ProgrammeManagerFactory())
    url = reverse("confidence_overview")
    for _ in range(5):
        grow_checks(PlacementFactory().mentees.get(), 2)
    small = queries(client, url)
    for _ in range(200):
        grow_checks(PlacementFactory().mentees.get(), 2)
    large = queries(client, url)
    assert small == large <= 12


def test_the_form_runs_the_same_few_queries_with_5_or_205_placements(client):
    councillor = CouncillorFactory()
    user = UserFactory()
    councillor.user = user
    councillor.save()
    client.force_login(user)
    url = reverse("confidence_create")
    kind = mentoring_type("one-to-one")
    for _ in range(5):
        PlacementFactory(council=councillor.council, mentoring_type=kind, mentees=[councillor])
    small = queries(client, url)
    for _ in range(200):
        PlacementFactory(council=councillor.council, mentoring_type=kind, mentees=[councillor])
    large = queries(client, url)
    assert small == large <= 12
