import datetime

from councils.tests.factories import CouncilFactory, CouncillorFactory
from induction.models import BuddyPairing
from mentoring.tests.factories import MentorFactory, PlacementFactory

STARTS = datetime.date(2026, 5, 18)
ENDS = datetime.date(2027, 1, 31)


def scheme(buddies=("Peter Moorhouse", "Ann Tyson"), new_members=("Jack Ellwood", "Fiona Rigg")):
    """An induction buddy scheme at a council of its own: buddies who are councillors
    of that council, and new members elected in May 2026."""
    council = CouncilFactory()
    mentors = []
    for name in buddies:
        councillor = CouncillorFactory(council=council, full_name=name)
        mentors.append(MentorFactory(full_name=name, council=council, councillor=councillor))
    members = [
        CouncillorFactory(
            council=council, full_name=name, first_elected_on=datetime.date(2026, 5, 7)
        )
        for name in new_members
    ]
    return PlacementFactory(
        kind="induction-buddy",
        council=council,
        mentors=mentors,
        mentees=members,
        started_on=STARTS,
        planned_end_on=ENDS,
    )


def pair(placement, buddy, new_member, started_on=STARTS, ended_on=None):
    return BuddyPairing.objects.create(
        placement=placement,
        buddy=buddy,
        new_member=new_member,
        started_on=started_on,
        ended_on=ended_on,
    )


def people(placement):
    """The scheme's buddies and new members, by name."""
    buddies = list(placement.mentors.order_by("full_name"))
    members = [
        m.councillor
        for m in placement.mentees.select_related("councillor").order_by("councillor__full_name")
    ]
    return buddies, members
