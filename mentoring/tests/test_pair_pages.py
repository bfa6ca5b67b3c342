"""Mentors and mentees online: agreements agreed by both, the session log, days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from mentoring.models import (
    AgreementStatus,
    DayClaim,
    LearningAgreement,
    Placement,
    Session,
    SessionNote,
)
from mentoring.tests.factories import (
    DayClaimFactory,
    GoalFactory,
    LearningAgreementFactory,
    MentorFactory,
    PlacementFactory,
    SessionFactory,
)
from mentoring.tests.pairs import agree, signed_in_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    """A placement whose mentor and mentee both sign in; returns clients for each."""
    return signed_in_pair(days="1.0")


def log(client, placement, **overrides):
    data = {"held_on": timezone.localdate().isoformat(), "duration_minutes": "60",
            "mode": "video", "notes": "We talked.", "actions_agreed": "Read the papers."}  # fmt: skip
    data.update(overrides)
    return client.post(reverse("session_create", args=[placement.pk]), data)


def test_an_agreement_is_active_only_once_both_have_agreed(pair):
    placement, mentor, mentee = pair
    mentee.post(reverse("agreement_start", args=[placement.pk]))
    agreement = LearningAgreement.objects.get(placement=placement)
    GoalFactory(agreement=agreement)
    mentee.post(reverse("agreement_action", args=[agreement.pk, "propose"]))
    agree(mentee, agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PROPOSED
    assert agreement.mentee_agreed_at and not agreement.mentor_agreed_at
    agree(mentor, agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert agreement.mentor_agreed_at


def test_changing_an_active_agreement_reopens_agreement_and_keeps_the_old_version(pair):
    placement, mentor, mentee = pair
    old = LearningAgreementFactory(placement=placement)
    GoalFactory(agreement=old, goal="Chair with confidence")
    now = timezone.now()
    LearningAgreement.objects.filter(pk=old.pk).update(
        status=AgreementStatus.ACTIVE, mentee_agreed_at=now, mentor_agreed_at=now
    )
    # Opening the change form makes nothing; saving it makes version 2, a draft.
    assert mentor.get(reverse("agreement_change", args=[old.pk])).status_code == 200
    assert not LearningAgreement.objects.filter(placement=placement, version=2).exists()
    form = {"development_needs": "Changed needs", "ways_of_working": "Weekly calls",
            "confidentiality_protocol": "Between us.", "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "0", "goals-0-goal": "Chair with more confidence",
            "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0"}  # fmt: skip
    response = mentee.post(reverse("agreement_change", args=[old.pk]), form)
    new = LearningAgreement.objects.get(placement=placement, version=2)
    assert response["Location"] == reverse("agreement_detail", args=[new.pk])
    assert new.status == AgreementStatus.DRAFT and not new.mentee_agreed_at
    assert new.goals.get().goal == "Chair with more confidence"
    old.refresh_from_db()
    assert old.status == AgreementStatus.ACTIVE
    assert old.development_needs != "Changed needs"
    assert old.goals.get().goal == "Chair with confidence"
    assert mentee.get(reverse("agreement_edit", args=[old.pk]))["Location"] == reverse(
        "agreement_detail", args=[old.pk]
    )
    new.refresh_from_db()
    mentee.post(reverse("agreement_action", args=[new.pk, "propose"]))
    agree(mentee, new)
    agree(mentor, new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == AgreementStatus.ACTIVE
    assert old.status == AgreementStatus.SUPERSEDED


def test_the_agreement_prints_to_a_pdf_for_the_pair(pair):
    import io

    from pypdf import PdfReader

    placement, mentor, mentee = pair
    agreement = LearningAgreementFactory(placement=placement, development_needs="Budget setting")
    response = mentee.get(reverse("agreement_pdf", args=[agreement.pk]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Learning agreement, version 1" in text
    assert "Budget setting" in text


def test_a_mentor_logs_a_session_with_its_confidential_note(pair):
    placement, mentor, _ = pair
    response = log(mentor, placement)
    assert response.status_code == 302
    session = Session.objects.get(placement=placement)
    assert session.note.notes == "We talked."
    assert session.logged_by == placement.mentors.get()


def test_sessions_after_the_follow_up_period_are_refused_and_within_it_are_follow_up(pair):
    placement, mentor, _ = pair
    Placement.objects.filter(pk=placement.pk).update(
        planned_end_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    # Follow-up is by telephone or e-mentoring only (test_follow_up.py).
    log(mentor, placement, duration_minutes="30", mode="telephone")
    assert Session.objects.get(placement=placement).is_follow_up
    # Once the three-month follow-up is over, no session is accepted.
    today = timezone.localdate()
    Placement.objects.filter(pk=placement.pk).update(
        started_on=today - datetime.timedelta(days=300),
        planned_end_on=today - datetime.timedelta(days=100),
    )
    response = log(mentor, placement)
    assert "follow-up" in response.content.decode()
    assert Session.objects.filter(placement=placement).count() == 1


def test_sessions_are_contact_time_and_the_80_percent_warning_counts_claims(pair):
    placement, mentor, _ = pair  # one day agreed
    # A long session no longer uses days: days are claimed and approved.
    log(mentor, placement, duration_minutes="480")
    assert Session.objects.filter(placement=placement).count() == 1
    page = mentor.get(reverse("session_create", args=[placement.pk])).content.decode()
    assert "0.0 of 1.0 peer mentor days used" in page
    assert "of the agreed peer mentor days are claimed" not in page
    placement.refresh_from_db()
    assert placement.needs_attention == ""

    # A whole day waiting for approval brings the warning, before it is approved.
    DayClaimFactory(
        placement=placement, length=DayClaim.Length.WHOLE, status=DayClaim.Status.SUBMITTED
    )
    page = mentor.get(reverse("session_create", args=[placement.pk])).content.decode()
    assert "1.0 more waiting for approval" in page
    assert "100% of the agreed peer mentor days are claimed" in page


def test_a_mentor_may_change_or_delete_their_session_for_14_days_only(pair):
    placement, mentor, mentee = pair
    session = SessionFactory(placement=placement)
    SessionNote.objects.create(session=session, notes="x")
    assert mentor.get(reverse("session_edit", args=[session.pk])).status_code == 200
    assert mentee.get(reverse("session_edit", args=[session.pk])).status_code == 302
    Session.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    response = mentor.post(reverse("session_delete", args=[session.pk]), follow=True)
    assert "within 14 days" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()
    Session.objects.filter(pk=session.pk).update(created_at=timezone.now())
    mentor.post(reverse("session_delete", args=[session.pk]))
    assert not Session.objects.filter(pk=session.pk).exists()
    assert Session.history.filter(id=session.pk, history_type="-").exists()


def test_the_mentee_reads_notes_and_actions_on_their_home_page(pair):
    placement, mentor, mentee = pair
    log(mentor, placement)
    home = mentee.get(reverse("home")).content.decode()
    assert "We talked." in home and "Read the papers." in home


def test_the_mentor_home_page_keeps_a_fixed_query_count(pair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    placement, mentor, _ = pair
    mentor_obj = placement.mentors.get()
    mentor_obj.capacity = 50
    mentor_obj.save()

    def count():
        mentor.get(reverse("home"))
        with CaptureQueriesContext(connection) as captured:
            assert mentor.get(reverse("home")).status_code == 200
        return len(captured)

    for _ in range(4):
        PlacementFactory(mentors=[mentor_obj])
    small = count()
    for _ in range(15):
        SessionFactory(placement=PlacementFactory(mentors=[mentor_obj]))
    assert count() == small <= 12


def test_new_agreements_start_from_the_protocol_the_manager_keeps(client, pair):
    placement, _, mentee = pair
    client.force_login(UserFactory(is_programme_manager=True))
    response = client.post(reverse("protocol_edit"), {"text": "Our own protocol text."})
    assert response.status_code == 302
    mentee.post(reverse("agreement_start", args=[placement.pk]))
    agreement = LearningAgreement.objects.get(placement=placement)
    assert agreement.confidentiality_protocol == "Our own protocol text."


def group_placement():
    """A councillor role group of two signed-in mentees and a signed-in mentor."""
    from django.test import Client

    mentor = MentorFactory(user=UserFactory())
    first, second = CouncillorFactory(user=UserFactory()), None
    second = CouncillorFactory(council=first.council, user=UserFactory())
    placement = PlacementFactory(
        kind="councillor-role", council=first.council, mentors=[mentor], mentees=[first, second]
    )
    clients = []
    for user in (mentor.user, first.user, second.user):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return placement, first, second, clients


def test_a_group_session_is_read_only_by_the_mentees_recorded_as_taking_part():
    placement, first, second, _ = group_placement()
    session = SessionFactory(placement=placement)
    note = SessionNote.objects.create(session=session, notes="Only for those there")
    assert not SessionNote.objects.readable_by(first.user).exists()
    session.attendees.set([placement.mentees.get(councillor=first)])
    assert list(SessionNote.objects.readable_by(first.user)) == [note]
    assert not SessionNote.objects.readable_by(second.user).exists()


def test_a_group_session_must_say_who_took_part():
    placement, _, _, (mentor, _, _) = group_placement()
    response = log(mentor, placement, held_on=placement.started_on.isoformat())
    assert response.status_code == 200
    assert "Choose the mentees who took part." in response.content.decode()
    assert not Session.objects.filter(placement=placement).exists()


def test_a_mentee_cannot_file_a_reflection_under_another_member_of_their_group():
    placement, first, second, (_, first_client, _) = group_placement()
    theirs = placement.mentees.get(councillor=second)
    response = first_client.post(
        reverse("reflection_create"), {"mentee": theirs.pk, "text": "My private thought"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    from mentoring.models import Reflection

    assert not Reflection.objects.exists()


def test_a_placement_can_be_ended_after_a_rule_it_met_no_longer_holds(client):
    from councils.tests.factories import PartyFactory

    client.force_login(UserFactory(is_programme_manager=True))
    placement = PlacementFactory(kind="political-group")
    mentee = placement.mentees.first().councillor
    mentee.party = PartyFactory(name="A new party")
    mentee.save()
    response = client.post(
        reverse("placement_status", args=[placement.pk, "end"]),
        {"ended_on": placement.started_on.isoformat()},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "ended"
