"""A session is logged once it has happened: a date in the future is refused, so it
never counts in the days used or the reports."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Session, SessionMode
from mentoring.tests.factories import PlacementFactory
from mentoring.tests.pairs import signed_in_pair

pytestmark = pytest.mark.django_db

FUTURE = "A session can only be logged once it has happened: the date must be today or earlier."


@pytest.fixture
def placement_and_mentor(db):
    placement, mentor, _ = signed_in_pair(days="6.0")
    return placement, mentor


def log(client, placement, held_on: datetime.date):
    return client.post(
        reverse("session_create", args=[placement.pk]),
        {
            "held_on": held_on.isoformat(),
            "duration_minutes": "600",
            "mode": SessionMode.FACE_TO_FACE,
            "notes": "What we will talk about",
            "actions_agreed": "Read the budget papers",
        },
    )


def test_a_session_dated_tomorrow_is_refused_on_the_form_with_what_was_typed_kept(
    placement_and_mentor,
):
    placement, mentor = placement_and_mentor
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = log(mentor, placement, tomorrow)

    assert response.status_code == 200
    body = response.content.decode()
    assert FUTURE in body
    assert f'value="{tomorrow.isoformat()}"' in body
    assert 'value="600"' in body
    assert "Read the budget papers" in body
    assert not Session.objects.filter(placement=placement).exists()
    assert placement.days_used == 0


def test_a_session_held_today_is_logged(placement_and_mentor):
    placement, mentor = placement_and_mentor

    response = log(mentor, placement, timezone.localdate())

    assert response.status_code == 302
    assert Session.objects.filter(placement=placement).count() == 1


def test_a_session_in_the_future_is_refused_by_the_model_as_the_admin_checks_it():
    placement = PlacementFactory()
    session = Session(
        placement=placement,
        held_on=timezone.localdate() + datetime.timedelta(days=150),
        duration_minutes=60,
        mode=SessionMode.VIDEO,
    )
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert caught.value.message_dict == {"held_on": [FUTURE]}
