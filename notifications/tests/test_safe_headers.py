"""Rows saved before names and titles were checked may hold a line break: their
reminders still go, with the subject on one line (a line break in an email header
would make the send fail on every run)."""

import datetime

import pytest
from django.core import mail

from accounts.models import User
from councils.models import Council, Councillor
from mentoring.models import Mentor
from mentoring.tests.factories import MentorFactory
from notifications.models import Reminder
from notifications.services import send_reminders
from notifications.tests.builders import placement_with_accounts
from reviews.models import ReviewVisit, VisitStatus
from reviews.tests.factories import PeerTeamMemberFactory, ReviewVisitFactory

pytestmark = pytest.mark.django_db

days = datetime.timedelta


def sent_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def assert_all_sent():
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert not Reminder.objects.exclude(last_error="").exists()


def test_a_councillor_whose_name_has_a_line_break_still_gets_their_reminder(today, manager):
    placement = placement_with_accounts(today=today, planned_end_on=today + days(20))
    councillor_user = placement.mentee_users[0]
    # As an older row would be: written without the checks the forms now make.
    Councillor.objects.filter(user=councillor_user).update(full_name="Pat\nLowther")
    User.objects.filter(pk=councillor_user.pk).update(full_name="Pat\r\nLowther")
    Council.objects.filter(pk=placement.council_id).update(name="Rotherham\nCouncil")

    send_reminders(today=today)

    [message] = sent_to(councillor_user)
    assert message.subject.startswith("Councillor mentoring: Placement ending on")
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Cllr Pat" in message.body
    assert_all_sent()


def test_managers_are_reminded_about_a_mentor_whose_name_has_a_line_break(today, manager):
    mentor = MentorFactory(accreditation_expires_on=today + days(30))
    Mentor.objects.filter(pk=mentor.pk).update(full_name="Derek\nWhyte")

    send_reminders(today=today)

    [message] = sent_to(manager)
    assert message.subject == (
        f"Councillor mentoring: Derek Whyte's accreditation ends on {today + days(30):%d/%m/%Y}"
    )
    message.message()  # the headers are valid: no BadHeaderError
    assert_all_sent()


def test_a_visit_whose_title_has_a_line_break_still_reminds_its_peer_team(today, manager):
    visit = ReviewVisitFactory(first_day=today + days(14), status=VisitStatus.PLANNED)
    peer = PeerTeamMemberFactory(visit=visit, user=User.objects.create_user(
        email="peer@example.org", password=None, full_name="A Peer"))  # fmt: skip
    ReviewVisit.objects.filter(pk=visit.pk).update(title="Progress review\r\nof Rotherham")

    send_reminders(today=today)

    [message] = sent_to(peer.user)
    assert message.subject.startswith("Councillor mentoring: Progress review of Rotherham starts")
    assert_all_sent()
