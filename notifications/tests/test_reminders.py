"""Each reminder rule reaches the right people, once, with factual content only."""

import datetime
from collections import defaultdict

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from mentoring.models import AgreementStatus, PlacementStatus, Reflection, SessionNote
from mentoring.tests.factories import MentorFactory, SessionFactory
from notifications.models import Notification, Reminder
from notifications.rules import ReminderKind
from notifications.services import reminder_candidates, send_reminders
from notifications.tests.builders import agreed_agreement, placement_with_accounts
from reviews.models import VisitStatus
from reviews.tests.factories import ActionFactory, PeerTeamMemberFactory, ReviewVisitFactory

pytestmark = pytest.mark.django_db

days = datetime.timedelta


def found(today) -> dict:
    """{kind: {object_id: set of recipient ids}}"""
    result = defaultdict(lambda: defaultdict(set))
    for c in reminder_candidates(today=today):
        result[c.kind][c.object_id].add(c.recipient_id)
    return result


def test_an_agreement_review_in_seven_days_reminds_the_mentor_and_the_mentees_with_accounts(
    today, manager
):
    placement = placement_with_accounts(today=today, mentee_accounts=2)
    agreement = agreed_agreement(placement, review_dates=[today + days(7), today + days(30)])
    review = agreement.reviews.get(due_on=today + days(7))
    late = placement_with_accounts(today=today)
    agreed_agreement(late, review_dates=[today + days(8)])
    draft = placement_with_accounts(today=today)
    agreed_agreement(draft, review_dates=[today + days(3)], status=AgreementStatus.PROPOSED)

    reminders = found(today)[ReminderKind.AGREEMENT_REVIEW]

    assert dict(reminders) == {
        review.pk: {placement.mentor_user.pk, *[u.pk for u in placement.mentee_users]}
    }
    assert manager.pk not in reminders[review.pk]


def test_a_placement_with_no_session_in_six_weeks_reminds_its_mentor_and_every_manager(
    today, manager
):
    other_manager = ProgrammeManagerFactory()
    quiet = placement_with_accounts(today=today)
    SessionFactory(placement=quiet, held_on=today - days(50))
    busy = placement_with_accounts(today=today)
    SessionFactory(placement=busy, held_on=today - days(10))
    paused = placement_with_accounts(today=today, status=PlacementStatus.PAUSED)
    SessionFactory(placement=paused, held_on=today - days(80))

    candidates = [c for c in reminder_candidates(today=today) if c.kind == "placement-quiet"]

    assert {c.object_id for c in candidates} == {quiet.pk}
    assert {c.recipient_id for c in candidates} == {
        quiet.mentor_user.pk,
        manager.pk,
        other_manager.pk,
    }
    # Keyed to the day it went quiet: one reminder per quiet spell, however many runs.
    assert {c.due_on for c in candidates} == {today - days(50) + days(42)}


def test_a_placement_ending_in_thirty_days_reminds_the_pair_and_the_managers(today, manager):
    ending = placement_with_accounts(today=today, planned_end_on=today + days(30))
    SessionFactory(placement=ending, held_on=today - days(3))
    later = placement_with_accounts(today=today, planned_end_on=today + days(31))
    SessionFactory(placement=later, held_on=today - days(3))

    reminders = found(today)[ReminderKind.PLACEMENT_ENDING]

    assert dict(reminders) == {
        ending.pk: {ending.mentor_user.pk, ending.mentee_users[0].pk, manager.pk}
    }


def test_the_follow_up_ending_in_thirty_days_reminds_the_pair_and_the_managers(today, manager):
    # Ended on 22 December: the three-month follow-up ends on 22 March, in 20 days.
    ended = placement_with_accounts(
        today=today,
        status=PlacementStatus.ENDED,
        started_on=datetime.date(2025, 3, 1),
        planned_end_on=datetime.date(2025, 12, 22),
        ended_on=datetime.date(2025, 12, 22),
    )
    placement_with_accounts(
        today=today,
        status=PlacementStatus.ENDED,
        started_on=datetime.date(2025, 3, 1),
        planned_end_on=datetime.date(2025, 10, 31),
        ended_on=datetime.date(2025, 10, 31),
    )  # its follow-up ended on 31 January

    candidates = [c for c in reminder_candidates(today=today) if c.kind == "follow-up-ending"]

    assert {c.object_id for c in candidates} == {ended.pk}
    assert {c.due_on for c in candidates} == {datetime.date(2026, 3, 22)}
    assert {c.recipient_id for c in candidates} == {
        ended.mentor_user.pk,
        ended.mentee_users[0].pk,
        manager.pk,
    }


def test_an_accreditation_ending_in_sixty_days_reminds_the_mentor_and_the_managers(today, manager):
    ending = MentorFactory(user=UserFactory(), accreditation_expires_on=today + days(60))
    MentorFactory(user=UserFactory(), accreditation_expires_on=today + days(61))
    MentorFactory(user=UserFactory(), accreditation_expires_on=today + days(5), active=False)
    no_account = MentorFactory(accreditation_expires_on=today + days(10))

    reminders = found(today)[ReminderKind.ACCREDITATION_ENDING]

    assert dict(reminders) == {ending.pk: {ending.user_id, manager.pk}, no_account.pk: {manager.pk}}


def test_a_visit_reminds_the_peer_team_and_managers_fourteen_days_and_again_two_days_before(
    today, manager
):
    soon = ReviewVisitFactory(first_day=today + days(14), status=VisitStatus.PLANNED)
    peer = PeerTeamMemberFactory(visit=soon, user=UserFactory())
    PeerTeamMemberFactory(visit=soon)  # no account
    very_soon = ReviewVisitFactory(first_day=today + days(2))
    ReviewVisitFactory(first_day=today + days(15))
    ReviewVisitFactory(first_day=today + days(2), status=VisitStatus.ON_SITE)

    reminders = found(today)

    assert dict(reminders[ReminderKind.VISIT_IN_14_DAYS]) == {soon.pk: {peer.user_id, manager.pk}}
    assert dict(reminders[ReminderKind.VISIT_IN_2_DAYS]) == {very_soon.pk: {manager.pk}}
    # Twelve days on, the same visit is two days away: a second, different reminder.
    later = found(today + days(12))
    assert dict(later[ReminderKind.VISIT_IN_2_DAYS])[soon.pk] == {peer.user_id, manager.pk}


def test_an_action_reminds_its_owner_seven_days_before_and_when_overdue(today, manager):
    owner = UserFactory()
    due = ActionFactory(due_on=today + days(7), owner_user=owner)
    overdue = ActionFactory(due_on=today - days(1), owner_user=owner)
    no_owner = ActionFactory(due_on=today - days(30), owner_user=None)
    ActionFactory(due_on=today - days(3), completed_on=today - days(4), owner_user=owner)
    ActionFactory(due_on=today + days(8), owner_user=owner)

    reminders = found(today)

    assert dict(reminders[ReminderKind.ACTION_DUE]) == {due.pk: {owner.pk, manager.pk}}
    assert dict(reminders[ReminderKind.ACTION_OVERDUE]) == {
        overdue.pk: {owner.pk, manager.pk},
        no_owner.pk: {manager.pk},
    }


def test_each_reminder_goes_by_email_and_into_the_recipients_notifications(today, manager):
    owner = UserFactory(email="owner@example.org")
    action = ActionFactory(due_on=today + days(7), owner_user=owner)

    sent = send_reminders(today=today)

    assert sent == {ReminderKind.ACTION_DUE: 2}
    assert sorted(m.to[0] for m in mail.outbox) == ["jo.hartley@example.org", "owner@example.org"]
    message = next(m for m in mail.outbox if m.to == ["owner@example.org"])
    html = message.alternatives[0][0]
    assert action.recommendation.visit.title in message.body
    assert "09/03/2026" in message.subject
    assert f"/reviews/{action.recommendation.visit_id}/action-plan/" in html
    assert "http://" in message.body  # an absolute link from the worker (SITE_URL)
    notification = Notification.objects.get(recipient=owner)
    assert notification.kind == ReminderKind.ACTION_DUE
    assert notification.read_at is None


def test_reminders_never_carry_what_was_said_in_a_session_or_a_reflection(today, manager):
    placement = placement_with_accounts(today=today, planned_end_on=today + days(10))
    session = SessionFactory(placement=placement, held_on=today - days(60))
    SessionNote.objects.create(session=session, notes="MARKER-NOTE", actions_agreed="MARKER-ACT")
    Reflection.objects.create(mentee=placement.mentees.first(), text="MARKER-REFLECTION")
    agreed_agreement(placement, review_dates=[today + days(1)])

    sent = send_reminders(today=today)

    assert sum(sent.values()) >= 5
    texts = [m.subject + m.body + m.alternatives[0][0] for m in mail.outbox]
    texts += [n.title + n.body for n in Notification.objects.all()]
    assert not any("MARKER" in t for t in texts)


def test_people_without_an_active_account_get_no_reminder(today, manager):
    gone = UserFactory(is_active=False)
    ActionFactory(due_on=today + days(3), owner_user=gone)

    send_reminders(today=today)

    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert not Reminder.objects.filter(recipient=gone).exists()


def test_the_rules_run_the_same_few_queries_however_much_is_due(today, manager):
    def grow(n):
        for i in range(n):
            placement = placement_with_accounts(today=today, planned_end_on=today + days(20))
            SessionFactory(placement=placement, held_on=today - days(50))
            agreed_agreement(placement, review_dates=[today + days(i % 7)])
            visit = ReviewVisitFactory(first_day=today + days(3 + i % 10))
            PeerTeamMemberFactory(visit=visit, user=UserFactory())
            ActionFactory(due_on=today - days(i + 1), owner_user=UserFactory())
            MentorFactory(user=UserFactory(), accreditation_expires_on=today + days(30))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            candidates = list(reminder_candidates(today=today))
        return len(captured), len(candidates)

    grow(1)
    small, few = queries()
    grow(5)
    large, many = queries()
    assert many > few
    assert small == large


def test_the_command_prints_how_many_it_sent_by_kind(today, manager, capsys):
    ActionFactory(due_on=today + days(7), owner_user=UserFactory())
    ActionFactory(due_on=today - days(7))

    call_command("send_reminders", "--date", today.isoformat())
    first = capsys.readouterr().out
    call_command("send_reminders", "--date", today.isoformat())
    second = capsys.readouterr().out

    assert "Sent 3 reminders:" in first
    assert "Action due in 7 days: 2" in first
    assert "Action overdue: 1" in first
    assert second.strip() == "No reminders to send."
