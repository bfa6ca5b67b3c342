"""Accounts for the people of a factory-made placement (used by the confidence,
ward visit and calendar feed tests), and agreeing to a learning agreement on its page."""

import datetime
import re
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from mentoring.models import Placement, PlacementMentee
from mentoring.tests.factories import MentorFactory, PlacementFactory


def mentee_account(mentee: PlacementMentee):
    """The sign-in account of a councillor mentee (made if they have none)."""
    councillor = mentee.councillor
    if councillor.user_id is None:
        councillor.user = UserFactory(full_name=councillor.full_name)
        councillor.save(update_fields=["user"])
    return councillor.user


def mentor_account(placement: Placement):
    """The sign-in account of the placement's (first) mentor."""
    mentor = placement.mentors.first()
    if mentor.user_id is None:
        mentor.user = UserFactory(full_name=mentor.full_name)
        mentor.save(update_fields=["user"])
    return mentor.user


def agree_form(page) -> dict:
    """The fields of the agree button's form on an agreement page that was loaded."""
    found = re.search(r'name="content_digest" value="([0-9a-f]*)"', page.content.decode())
    assert found, "the page has no agree button"
    return {"content_digest": found.group(1)}


def agree(client, agreement, page=None):
    """Press the agree button of an agreement page, loaded now unless ``page`` is an
    earlier response."""
    if page is None:
        page = client.get(reverse("agreement_detail", args=[agreement.pk]))
    return client.post(reverse("agreement_action", args=[agreement.pk, "agree"]), agree_form(page))


def signed_in_pair(*, days: str = "2.0") -> tuple[Placement, Client, Client]:
    """A one-to-one placement, started 60 days ago, whose mentor and mentee both sign
    in: the placement and a client signed in as each."""
    mentor_user, mentee_user = UserFactory(), UserFactory()
    mentor = MentorFactory(user=mentor_user)
    councillor = CouncillorFactory(user=mentee_user)
    today = timezone.localdate()
    placement = PlacementFactory(
        council=councillor.council,
        mentors=[mentor],
        mentees=[councillor],
        started_on=today - datetime.timedelta(days=60),
        planned_end_on=today + datetime.timedelta(days=200),
        mentor_days_agreed=Decimal(days),
    )
    mentor_client, mentee_client = Client(), Client()
    mentor_client.force_login(mentor_user)
    mentee_client.force_login(mentee_user)
    return placement, mentor_client, mentee_client
