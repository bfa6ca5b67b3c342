"""Who may open each induction buddy page: merged into the access matrix (accounts/tests).

The pairings and training and pairing events of a scheme are the programme managers'
working records; a scheme's own buddies and new members see their own pairings on its
pairings page (induction/tests/test_pages.py). The demo's scheme is Eastmoor's
(fictional), and none of the personas is one of its people: anyone but the manager gets
404. A pairing and an event are added to it.
"""

from accounts.tests.personas import only
from induction.models import BuddyPairing, TrainingEvent
from mentoring.models import Placement

MANAGER = only("manager")


def _scheme(o):
    return {"pk": o["buddy_scheme"].pk}


EXPECTED = {
    "buddy_pairing_list": (_scheme, MANAGER),
    "buddy_pairing_create": (_scheme, MANAGER),
    # A confirmation page with the date: the POST ends the pairing.
    "buddy_pairing_end": (lambda o: {"pk": o["buddy_pairing"].pk}, MANAGER),
    "training_event_create": (_scheme, MANAGER),
    "training_event_edit": (lambda o: {"pk": o["training_event"].pk}, MANAGER),
}

EXTRA = [
    # A placement that is not a buddy scheme has no pairings page, whoever asks.
    (
        "buddy_pairing_list",
        lambda o: {"pk": o["one_to_one_placement"].pk},
        only(),
    ),
]


def objects(users) -> dict:
    placement = Placement.objects.get(
        mentoring_type__slug="induction-buddy", council__slug="eastmoor"
    )
    buddy = placement.mentors.order_by("full_name").first()
    member = placement.mentees.order_by("pk").first().councillor
    pairing = BuddyPairing.objects.filter(placement=placement, ended_on__isnull=True).first()
    if pairing is None:
        pairing = BuddyPairing.objects.create(
            placement=placement, buddy=buddy, new_member=member, started_on=placement.started_on
        )
    event = TrainingEvent.objects.filter(placements=placement).first()
    if event is None:
        event = TrainingEvent.objects.create(
            council=placement.council, held_on=placement.started_on
        )
        event.placements.add(placement)
    return {
        "buddy_scheme": placement,
        "buddy_pairing": pairing,
        "training_event": event,
        "one_to_one_placement": Placement.objects.filter(mentoring_type__slug="one-to-one")
        .order_by("pk")
        .first(),
    }
