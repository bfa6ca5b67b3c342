"""Changes to induction buddy schemes: pairing a buddy with a new member, ending a
pairing, and recording a training and pairing event with who attended. Each is checked
against the models' rules before it is saved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from induction.models import BuddyPairing, TrainingEvent, day, is_scheme
from mentoring.models import Placement


def _check(row) -> None:
    # clean() words each rule on its field; the database's constraints stay as the
    # last guard, and would only repeat the same refusal above the form.
    row.full_clean(validate_constraints=False)


@transaction.atomic
def buddy_pairing_add(*, placement: Placement, buddy, new_member, started_on) -> BuddyPairing:
    # One pairing of a new member at a time: two managers pairing the same new member
    # at once are taken one after the other.
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    pairing = BuddyPairing(
        placement=placement,
        buddy=buddy,
        new_member=new_member,
        started_on=started_on,
    )
    _check(pairing)
    pairing.save()
    return pairing


@transaction.atomic
def buddy_pairing_end(pairing: BuddyPairing, *, ended_on) -> BuddyPairing:
    pairing = (
        BuddyPairing.objects.select_for_update().select_related("placement").get(pk=pairing.pk)
    )
    if pairing.ended_on is not None:
        raise ValidationError(
            {"ended_on": f"This pairing already ended on {day(pairing.ended_on)}."}
        )
    pairing.ended_on = ended_on
    _check(pairing)
    pairing.save(update_fields=["ended_on"])
    return pairing


def _attendance_errors(event: TrainingEvent, placements, buddies, new_members) -> dict:
    errors = {}
    if any(not is_scheme(p) for p in placements):
        errors["placements"] = "A training and pairing event serves induction buddy schemes only."
    scheme_buddies = {m.pk for p in placements for m in p.mentors.all()}
    scheme_members = {
        m.councillor_id for p in placements for m in p.mentees.all() if m.councillor_id
    }
    if any(b.pk not in scheme_buddies for b in buddies):
        errors["buddies"] = "Tick only the scheme's buddies (add a buddy to the placement first)."
    if any(c.pk not in scheme_members for c in new_members):
        errors["new_members"] = (
            "Tick only the scheme's new members (add a new member to the placement first)."
        )
    if event.held_on and event.held_on > timezone.localdate() and (buddies or new_members):
        errors["held_on"] = (
            "Attendance is recorded once the event has been held: give the day it was held, "
            "or untick everyone until then."
        )
    return errors


@transaction.atomic
def training_event_record(
    event: TrainingEvent, *, placements, buddies, new_members
) -> TrainingEvent:
    """Saves the event, the schemes it serves and who attended, each attendee one of
    those schemes' buddies or new members."""
    placements = list(placements)
    if placements and not event.council_id:
        event.council_id = placements[0].council_id
    errors = {}
    try:
        _check(event)
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(_attendance_errors(event, placements, list(buddies), list(new_members)))
    if errors:
        raise ValidationError(errors)
    event.save()
    event.placements.set(placements)
    event.buddies.set(buddies)
    event.new_members.set(new_members)
    return event
