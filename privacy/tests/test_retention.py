"""Who is due for erasure and when; confidential content deleted after its
retention period; the command and the nightly task run the same service."""

import datetime
import io
import logging

import pytest
from django.conf import settings
from django.core.management import call_command

from councils.models import Councillor
from councils.tests.factories import CouncillorFactory
from mentoring.models import Mentor, PlacementStatus, Reflection, SessionNote
from mentoring.tests.factories import (
    MentorFactory,
    PlacementFactory,
    ReflectionFactory,
    SessionNoteFactory,
)
from privacy import services
from privacy.models import ErasureRecord
from privacy.people import person_of
from privacy.tasks import apply_retention_task
from privacy.tests.builders import (
    COUNCILLOR_NAME,
    LEFT_OFFICE,
    MENTOR_NAME,
    OFFICER_NAME,
    PLACEMENT_END,
    former_people,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return former_people()


def due_names(today):
    return {p.display_name for p in services.due_for_erasure(today)}


def test_a_former_councillor_is_due_six_years_after_leaving_office(people):
    # They left office on 3 May 2018, after their last placement ended.
    assert services.retention_starts_on(people.councillor) == LEFT_OFFICE
    assert services.erasure_due_on(people.councillor) == datetime.date(2024, 5, 4)
    assert COUNCILLOR_NAME not in due_names(datetime.date(2024, 5, 3))
    assert COUNCILLOR_NAME in due_names(datetime.date(2024, 5, 4))


def test_an_inactive_mentor_is_due_six_years_after_their_last_placement(people):
    assert services.retention_starts_on(people.mentor) == PLACEMENT_END
    assert MENTOR_NAME not in due_names(datetime.date(2022, 12, 16))
    assert MENTOR_NAME in due_names(datetime.date(2022, 12, 17))


def test_the_retention_period_is_a_setting(people, settings):
    settings.PRIVACY_RETENTION_YEARS = 10
    assert due_names(datetime.date(2026, 11, 25)) == {OFFICER_NAME}  # left in 2015
    assert MENTOR_NAME in due_names(datetime.date(2026, 12, 17))
    assert services.erasure_due_on(people.councillor) == datetime.date(2028, 5, 4)


def test_people_still_in_office_active_or_on_an_open_placement_are_never_due():
    today = datetime.date(2040, 1, 1)
    CouncillorFactory(full_name="In Office", left_office_on=None)
    MentorFactory(full_name="Active Mentor", active=True)
    MentorFactory(full_name="Never Placed", active=False)  # no date to run from
    open_placement = PlacementFactory(started_on=datetime.date(2016, 1, 4))
    mentor = open_placement.mentors.get()
    Mentor.objects.filter(pk=mentor.pk).update(active=False)
    councillor = open_placement.mentees.get().councillor
    Councillor.objects.filter(pk=councillor.pk).update(left_office_on=datetime.date(2023, 1, 1))
    assert due_names(today) == set()
    assert "They have a placement that is still open." in services.erasure_blockers(
        person_of(councillor), today=today
    )


def test_confidential_content_goes_a_set_time_after_the_follow_up_ends(settings):
    settings.CONFIDENTIAL_RETENTION_DAYS = 365
    ended = PlacementFactory(
        status=PlacementStatus.ENDED,
        started_on=datetime.date(2025, 1, 6),
        planned_end_on=datetime.date(2025, 6, 30),
        ended_on=datetime.date(2025, 6, 30),
    )
    running = PlacementFactory(started_on=datetime.date(2025, 1, 6), planned_end_on=None)
    for placement in (ended, running):
        SessionNoteFactory(session__placement=placement)
        ReflectionFactory(mentee=placement.mentees.get())
    # The follow-up ends on 30 September 2025; a year later is 30 September 2026.
    assert services.purge_confidential_content(datetime.date(2026, 9, 30)) == {
        "session_notes": 0,
        "reflections": 0,
    }
    dry = services.purge_confidential_content(datetime.date(2026, 10, 1), dry_run=True)
    assert dry == {"session_notes": 1, "reflections": 1}
    assert SessionNote.objects.count() == 2
    done = services.purge_confidential_content(datetime.date(2026, 10, 1))
    assert done == {"session_notes": 1, "reflections": 1}
    assert SessionNote.objects.get().session.placement == running
    assert Reflection.objects.get().mentee.placement == running
    assert ended.sessions.count() == 1  # that the session happened stays


def test_the_command_dry_run_counts_and_changes_nothing(people):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--date", "2026-11-25", stdout=out)
    text = out.getvalue()
    assert "Dry run" in text
    assert "1 former councillors anonymised" in text
    assert "1 inactive mentors anonymised" in text
    assert "3 sign-in accounts anonymised" in text
    assert "1 confidential session notes deleted" in text
    assert not ErasureRecord.objects.exists()
    assert all(name not in text for name in (COUNCILLOR_NAME, MENTOR_NAME, OFFICER_NAME))


def test_the_command_applies_the_rules(people):
    out = io.StringIO()
    call_command("apply_retention", "--date", "2026-11-25", stdout=out)
    assert "1 former councillors anonymised" in out.getvalue()
    assert ErasureRecord.objects.count() == 6
    assert not Councillor.objects.filter(full_name=COUNCILLOR_NAME).exists()
    assert not SessionNote.objects.exists()
    # A second run finds nothing more to do.
    out = io.StringIO()
    call_command("apply_retention", "--date", "2026-11-25", stdout=out)
    assert "0 former councillors anonymised" in out.getvalue()


def test_the_nightly_task_runs_the_same_rules_and_logs_counts_only(people, caplog):
    caplog.set_level(logging.DEBUG)
    counts = apply_retention_task()
    assert counts["councillors"] == 1 and counts["mentors"] == 1 and counts["officers"] == 1
    assert counts["session_notes_deleted"] == 1 and counts["reflections_deleted"] == 1
    assert "Retention applied" in caplog.text
    assert all(name not in caplog.text for name in (COUNCILLOR_NAME, MENTOR_NAME, OFFICER_NAME))


def test_beat_runs_the_task_every_night():
    from celery import current_app as app

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].startswith("privacy")]
    assert [e["task"] for e in entries] == ["privacy.tasks.apply_retention_task"]
    app.loader.import_default_modules()
    assert "privacy.tasks.apply_retention_task" in app.tasks
