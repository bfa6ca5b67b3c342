"""Day claims: the rules a claim keeps, who decides on it, and the days they make.

Peer mentor days used are approved claims; claims sent or queried show as pending
beside them; session minutes never turn into days."""

import datetime
import importlib
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from mentoring.claims import (
    day_claim_approve,
    day_claim_create,
    day_claim_delete,
    day_claim_query,
    day_claim_reject,
    day_claim_submit,
    day_claim_update,
)
from mentoring.models import DayClaim, Placement
from mentoring.tests.factories import (
    DayClaimFactory,
    MentorFactory,
    PlacementFactory,
    SessionFactory,
)
from mentoring.tests.pairs import mentor_account

pytestmark = pytest.mark.django_db

Status = DayClaim.Status
HALF, WHOLE = DayClaim.Length.HALF, DayClaim.Length.WHOLE


@pytest.fixture
def placement():
    """A placement that ended 30 days ago: its three months of follow-up run on."""
    today = timezone.localdate()
    return PlacementFactory(
        started_on=today - datetime.timedelta(days=200),
        planned_end_on=today - datetime.timedelta(days=30),
        mentor_days_agreed=Decimal("4.0"),
    )


@pytest.fixture
def mentor(placement):
    return placement.mentors.first()


@pytest.fixture
def manager():
    return ProgrammeManagerFactory()


def data(day, length=HALF, **more):
    return {
        "worked_on": day,
        "length": length,
        "purpose": DayClaim.Purpose.PREPARATION,
        "description": "Reading the committee papers",
        **more,
    }


def refusal(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


def sent(placement, mentor, day, length=HALF) -> DayClaim:
    claim = day_claim_create(mentor=mentor, placement=placement, data=data(day, length))
    return day_claim_submit(claim)


# The rules a claim keeps --------------------------------------------------------------


def test_the_last_day_of_the_three_month_follow_up_is_accepted_and_the_next_refused():
    placement = PlacementFactory(
        started_on=datetime.date(2025, 1, 6), planned_end_on=datetime.date(2025, 8, 31)
    )
    mentor = placement.mentors.first()
    last = datetime.date(2025, 8, 31) + relativedelta(months=3)
    assert last == datetime.date(2025, 11, 30)

    claim = day_claim_create(mentor=mentor, placement=placement, data=data(last))
    assert claim.status == Status.DRAFT

    with pytest.raises(ValidationError) as refused:
        day_claim_create(
            mentor=mentor, placement=placement, data=data(last + datetime.timedelta(days=1))
        )
    assert "until the end of the three-month follow-up, 30 November 2025" in refusal(
        refused.value, "worked_on"
    )


def test_a_day_before_the_placement_or_in_the_future_is_refused(placement, mentor):
    before = placement.started_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        day_claim_create(mentor=mentor, placement=placement, data=data(before))
    assert "The placement starts on" in refusal(refused.value, "worked_on")

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        day_claim_create(mentor=mentor, placement=placement, data=data(tomorrow))
    assert "once it has been worked" in refusal(refused.value, "worked_on")


def test_a_second_whole_day_on_the_same_day_is_refused_whatever_the_placement(placement, mentor):
    day = placement.started_on + datetime.timedelta(days=10)
    sent(placement, mentor, day, WHOLE)
    other = PlacementFactory(started_on=placement.started_on, planned_end_on=None, mentors=[mentor])
    with pytest.raises(ValidationError) as refused:
        day_claim_create(mentor=mentor, placement=other, data=data(day, WHOLE))
    expected = f"You have already claimed a whole day on {day.day} {day:%B %Y}."
    assert refusal(refused.value, "worked_on") == expected
    # Nor half a day more.
    with pytest.raises(ValidationError):
        day_claim_create(mentor=mentor, placement=other, data=data(day, HALF))


def test_two_half_days_make_a_day_and_a_whole_day_after_a_half_is_refused(placement, mentor):
    day = placement.started_on + datetime.timedelta(days=10)
    day_claim_create(mentor=mentor, placement=placement, data=data(day, HALF))
    with pytest.raises(ValidationError) as refused:
        day_claim_create(mentor=mentor, placement=placement, data=data(day, WHOLE))
    assert "already claimed half a day" in refusal(refused.value, "length")
    day_claim_create(mentor=mentor, placement=placement, data=data(day, HALF))
    assert DayClaim.objects.filter(worked_on=day).count() == 2


def test_a_rejected_claim_does_not_count_against_the_day(placement, mentor, manager):
    day = placement.started_on + datetime.timedelta(days=10)
    claim = sent(placement, mentor, day, WHOLE)
    day_claim_reject(claim, by=manager, message="This was the training day, claimed already.")
    again = day_claim_create(mentor=mentor, placement=placement, data=data(day, WHOLE))
    assert again.status == Status.DRAFT


def test_the_mentor_must_be_the_placements_and_a_session_of_the_placement(placement):
    day = placement.started_on + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as refused:
        day_claim_create(mentor=MentorFactory(), placement=placement, data=data(day))
    assert "not one of this placement's mentors" in refusal(refused.value, "mentor")

    elsewhere = SessionFactory()
    with pytest.raises(ValidationError) as refused:
        day_claim_create(
            mentor=placement.mentors.first(),
            placement=placement,
            data=data(day, session=elsewhere, purpose=DayClaim.Purpose.SESSION),
        )
    assert "another placement" in refusal(refused.value, "session")


# Changing, sending and deciding ------------------------------------------------------


def test_approved_and_rejected_claims_are_locked(placement, mentor, manager):
    start = placement.started_on
    approved = day_claim_approve(sent(placement, mentor, start), by=manager)
    rejected = day_claim_reject(
        sent(placement, mentor, start + datetime.timedelta(days=1)),
        by=manager,
        message="Claimed twice.",
    )
    for claim in (approved, rejected):
        assert claim.is_locked
        with pytest.raises(ValidationError, match="cannot be changed"):
            day_claim_update(claim, data={"length": WHOLE})
        with pytest.raises(ValidationError, match="cannot be deleted"):
            day_claim_delete(claim)
        with pytest.raises(ValidationError, match="cannot be sent"):
            day_claim_submit(claim)
        with pytest.raises(ValidationError, match="only a claim waiting for approval"):
            day_claim_approve(claim, by=manager)
    approved.refresh_from_db()
    assert approved.length == HALF


def test_a_sent_claim_cannot_be_deleted_but_a_draft_can(placement, mentor):
    draft = day_claim_create(mentor=mentor, placement=placement, data=data(placement.started_on))
    waiting = sent(placement, mentor, placement.started_on + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="cannot be deleted"):
        day_claim_delete(waiting)
    day_claim_delete(draft)
    assert list(DayClaim.objects.all()) == [waiting]


def test_only_a_programme_manager_approves_queries_or_rejects(placement, mentor):
    claim = sent(placement, mentor, placement.started_on)
    for someone in (mentor_account(placement), UserFactory()):
        with pytest.raises(PermissionDenied):
            day_claim_approve(claim, by=someone)
        with pytest.raises(PermissionDenied):
            day_claim_query(claim, by=someone, message="Which meeting?")
        with pytest.raises(PermissionDenied):
            day_claim_reject(claim, by=someone, message="No.")
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


def test_a_query_and_a_rejection_need_a_message(placement, mentor, manager):
    claim = sent(placement, mentor, placement.started_on)
    with pytest.raises(ValidationError) as refused:
        day_claim_query(claim, by=manager, message="  ")
    assert "Say what the mentor needs to change" in refusal(refused.value, "message")
    with pytest.raises(ValidationError) as refused:
        day_claim_reject(claim, by=manager, message="")
    assert "Say why the claim is rejected" in refusal(refused.value, "message")
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


def test_a_queried_claim_is_changed_and_sent_again_then_approved(placement, mentor, manager):
    claim = sent(placement, mentor, placement.started_on)
    question = "Which meeting was this? Please add the committee's name."
    day_claim_query(claim, by=manager, message=question)
    claim.refresh_from_db()
    assert (claim.status, claim.message, claim.decided_by) == (Status.QUERIED, question, manager)

    day_claim_update(claim, data={"description": "Observed the budget scrutiny committee"})
    claim = day_claim_submit(claim)
    assert claim.status == Status.SUBMITTED
    claim = day_claim_approve(claim, by=manager)
    assert claim.status == Status.APPROVED
    assert claim.description == "Observed the budget scrutiny committee"
    assert claim.decided_at is not None


# The days they make ------------------------------------------------------------------


def test_days_used_count_approved_claims_only_and_pending_show_beside(placement, mentor, manager):
    start = placement.started_on
    # A long session: contact time, not days.
    SessionFactory(placement=placement, held_on=start, duration_minutes=8 * 60)
    day_claim_approve(sent(placement, mentor, start, WHOLE), by=manager)
    day_claim_approve(sent(placement, mentor, start + datetime.timedelta(days=1)), by=manager)
    sent(placement, mentor, start + datetime.timedelta(days=2), WHOLE)  # waiting
    queried = sent(placement, mentor, start + datetime.timedelta(days=3))
    day_claim_query(queried, by=manager, message="Which meeting?")
    day_claim_reject(
        sent(placement, mentor, start + datetime.timedelta(days=4), WHOLE),
        by=manager,
        message="Claimed on the other placement.",
    )
    draft = data(start + datetime.timedelta(days=5))
    day_claim_create(mentor=mentor, placement=placement, data=draft)

    for read in (
        Placement.objects.get(pk=placement.pk),  # one placement, read on its own
        Placement.objects.with_activity().get(pk=placement.pk),  # as the lists read it
    ):
        assert read.days_used == Decimal("1.5")
        assert read.days_pending == Decimal("1.5")
        assert read.days_left == Decimal("2.5")
        assert read.days_used_percent == 37
        # The 80% warning counts what is waiting as well.
        assert read.days_claimed_percent == 75


def test_the_placement_page_shows_days_used_and_pending(client, placement, mentor, manager):
    start = placement.started_on
    day_claim_approve(sent(placement, mentor, start, WHOLE), by=manager)
    sent(placement, mentor, start + datetime.timedelta(days=1), WHOLE)
    sent(placement, mentor, start + datetime.timedelta(days=2), WHOLE)
    client.force_login(manager)
    html = " ".join(client.get(f"/placements/{placement.pk}/").content.decode().split())
    assert "1.0 approved of 4.0 agreed (3.0 left); 2.0 waiting for approval" in html
    assert "75% claimed" not in html
    sent(placement, mentor, start + datetime.timedelta(days=3), HALF)
    html = " ".join(client.get(f"/placements/{placement.pk}/").content.decode().split())
    assert "87% claimed" in html


def test_claims_are_seen_by_programme_managers_and_their_own_mentor_only(placement, mentor):
    mine = DayClaimFactory(placement=placement)
    other = DayClaimFactory()
    assert set(DayClaim.objects.visible_to(ProgrammeManagerFactory())) == {mine, other}
    assert list(DayClaim.objects.visible_to(mentor_account(placement))) == [mine]
    mentee_user = UserFactory()
    councillor = placement.mentees.first().councillor
    councillor.user = mentee_user
    councillor.save(update_fields=["user"])
    assert not DayClaim.objects.visible_to(mentee_user).exists()
    assert not DayClaim.objects.visible_to(UserFactory()).exists()


def test_the_mentor_page_shows_days_approved_apart_from_contact_time(
    client, placement, mentor, manager
):
    start = placement.started_on
    SessionFactory(placement=placement, held_on=start, duration_minutes=90)
    day_claim_approve(sent(placement, mentor, start, WHOLE), by=manager)
    sent(placement, mentor, start + datetime.timedelta(days=1), WHOLE)  # not yet approved
    client.force_login(manager)
    html = " ".join(client.get(reverse("mentor_detail", args=[mentor.pk])).content.decode().split())
    assert "1.0 peer mentor day approved; 1 session (1.5 hours of contact time)" in html


# Sessions logged before claims -------------------------------------------------------


def test_each_logged_session_becomes_a_draft_for_its_mentor_to_confirm_and_back(placement):
    migration = importlib.import_module("mentoring.migrations.0013_sessions_to_draft_claims")
    logged = SessionFactory(placement=placement, held_on=datetime.date(2026, 6, 5))
    SessionFactory(placement=placement, logged_by=None)  # nobody to confirm it
    kept = DayClaimFactory(placement=placement, status=Status.APPROVED)

    migration.sessions_to_drafts(django_apps, None)
    migration.sessions_to_drafts(django_apps, None)  # once per session, however often run

    draft = DayClaim.objects.get(session=logged)
    assert (draft.status, draft.length, draft.purpose) == (Status.DRAFT, HALF, "session")
    assert (draft.mentor, draft.worked_on) == (logged.logged_by, logged.held_on)
    assert draft.description == "Session on 5 June 2026 (to confirm)"
    assert DayClaim.objects.count() == 2
    # The mentor confirms it by sending it.
    assert day_claim_submit(draft).status == Status.SUBMITTED

    DayClaim.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    migration.delete_drafts(django_apps, None)
    assert list(DayClaim.objects.all()) == [kept]
