"""Accounts for the people of a factory-made placement (used by the confidence,
ward visit and calendar feed tests)."""

from accounts.tests.factories import UserFactory
from mentoring.models import Placement, PlacementMentee


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
