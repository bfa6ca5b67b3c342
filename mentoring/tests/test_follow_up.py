"""After a placement ends, telephone and e-mentoring continue for up to three months:
no more visits, observations or away days."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Placement, PlacementStatus, Session, SessionMode
from mentoring.tests.factories import PlacementFactory, SessionFactory
from mentoring.tests.pairs import signed_in_pair

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2026, 3, 3)


def ended_placement() -> Placement:
    return PlacementFactory(
        status=PlacementStatus.ENDED,
        started_on=datetime.date(2025, 9, 1),
        planned_end_on=datetime.date(2026, 6, 30),
        ended_on=ENDED,
    )


@pytest.mark.parametrize(
    "mode",
    [
        SessionMode.FACE_TO_FACE,
        SessionMode.VIDEO,
        SessionMode.OBSERVATION,
        SessionMode.AWAY_DAY,
    ],
)
def test_after_the_end_a_visit_or_call_of_another_kind_is_refused(mode):
    session = SessionFactory.build(
        placement=ended_placement(), held_on=ENDED + datetime.timedelta(days=1), mode=mode
    )
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert caught.value.message_dict["mode"] == [
        "After the placement ended on 3 March 2026, sessions are by telephone or e-mentoring "
        "only: choose one of those, or a date before the end."
    ]


@pytest.mark.parametrize("mode", [SessionMode.TELEPHONE, SessionMode.E_MENTORING])
def test_after_the_end_telephone_and_e_mentoring_are_follow_up(mode):
    session = SessionFactory.build(
        placement=ended_placement(), held_on=ENDED + datetime.timedelta(days=1), mode=mode
    )
    session.full_clean()
    assert session.is_follow_up


def test_on_the_last_day_any_mode_is_a_session_of_the_placement():
    session = SessionFactory.build(
        placement=ended_placement(), held_on=ENDED, mode=SessionMode.AWAY_DAY
    )
    session.full_clean()
    assert not session.is_follow_up


def test_past_a_planned_end_the_message_says_so():
    placement = PlacementFactory(
        started_on=datetime.date(2025, 1, 6), planned_end_on=datetime.date(2025, 12, 19)
    )
    session = SessionFactory.build(
        placement=placement, held_on=datetime.date(2026, 1, 5), mode=SessionMode.FACE_TO_FACE
    )
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert caught.value.message_dict["mode"][0].startswith(
        "After the placement was planned to end on 19 December 2025, sessions are by "
        "telephone or e-mentoring only"
    )


def test_the_mentor_logging_a_follow_up_visit_is_told_and_keeps_what_they_typed():
    placement, mentor, _ = signed_in_pair()
    today = timezone.localdate()
    Placement.objects.filter(pk=placement.pk).update(
        status=PlacementStatus.ENDED, ended_on=today - datetime.timedelta(days=7)
    )
    data = {"held_on": today.isoformat(), "duration_minutes": "45", "mode": "face-to-face",
            "notes": "Talked about the budget meeting.", "actions_agreed": ""}  # fmt: skip
    response = mentor.post(reverse("session_create", args=[placement.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "sessions are by telephone or e-mentoring only" in page
    assert "Talked about the budget meeting." in page
    assert not Session.objects.filter(placement=placement).exists()

    data["mode"] = "telephone"
    response = mentor.post(reverse("session_create", args=[placement.pk]), data)
    assert response.status_code == 302
    assert Session.objects.get(placement=placement).is_follow_up
