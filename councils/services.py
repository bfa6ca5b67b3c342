"""Writes to councillors and their roles with the programme's rules.

Placements belong to ``mentoring``, which depends on this app; the few writes
made to them here go through ``apps.get_model`` so that councils never imports
mentoring.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from councils.imports import RowError, read_election_csv
from councils.models import Councillor, Election, ElectionKind, RoleAppointment
from notifications.rules import SUPPORTED_ROLE_ENDED
from notifications.services import notification_notify

# mentoring.models.OPEN_STATUSES, spelt out: councils cannot import mentoring.
OPEN_PLACEMENT_STATUSES = ("proposed", "active", "paused")


@dataclass(frozen=True)
class LeftOffice:
    councillor: Councillor
    left_on: datetime.date
    roles_ended: int
    placements_flagged: int


def left_office_note(*, councillor: Councillor, left_on: datetime.date) -> str:
    """What a placement of a councillor who left office says to the manager."""
    return f"{councillor} left office on {left_on:%d/%m/%Y}: end or pause this placement"


def councillor_leave_office(*, councillor: Councillor, left_on: datetime.date) -> LeftOffice:
    """The councillor leaves office: their open role appointments end that day and
    their open placements are flagged for the programme manager. Nothing is deleted."""
    if councillor.left_office_on and councillor.left_office_on <= left_on:
        raise ValidationError(
            f"{councillor} already left office on {councillor.left_office_on:%d/%m/%Y}."
        )
    if councillor.first_elected_on and left_on < councillor.first_elected_on:
        raise ValidationError(
            {
                "left_on": f"{councillor} was first elected on "
                f"{councillor.first_elected_on:%d/%m/%Y}: they cannot leave office before that."
            }
        )
    with transaction.atomic():
        open_roles = RoleAppointment.objects.filter(councillor=councillor).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=left_on)
        )
        later = open_roles.filter(started_on__gt=left_on).select_related("role").first()
        if later is not None:
            raise ValidationError(
                {
                    "left_on": f"{councillor} holds {later} from {later.started_on:%d/%m/%Y}, "
                    "after that date: correct or end that role first."
                }
            )
        ended_ids = list(open_roles.values_list("pk", flat=True))
        roles_ended = open_roles.update(ended_on=left_on)

        Placement = apps.get_model("mentoring", "Placement")
        note = left_office_note(councillor=councillor, left_on=left_on)
        placements = Placement.objects.filter(
            pk__in=councillor.placement_memberships.values("placement_id"),
            status__in=OPEN_PLACEMENT_STATUSES,
        )
        flagged = 0
        for placement in placements:
            # Saved one by one so the placement's history says who flagged it.
            placement.needs_attention = note[:200]
            placement.save(update_fields=["needs_attention"])
            flagged += 1

        councillor.left_office_on = left_on
        councillor.save(update_fields=["left_office_on"])
        # Flagged above, for leaving office: both sides are told the role ended too.
        supported_roles_ended(appointment_ids=ended_ids, ended_on=left_on, flag=False)
    return LeftOffice(
        councillor=councillor, left_on=left_on, roles_ended=roles_ended, placements_flagged=flagged
    )


def role_appointment_end(
    *, appointment: RoleAppointment, ended_on: datetime.date
) -> RoleAppointment:
    """End a role appointment on a day (the role's rules are checked again)."""
    if appointment.ended_on is not None:
        raise ValidationError(f"This appointment already ended on {appointment.ended_on:%d/%m/%Y}.")
    appointment.ended_on = ended_on
    try:
        appointment.full_clean()
    except ValidationError:
        appointment.ended_on = None
        raise
    with transaction.atomic():
        appointment.save(update_fields=["ended_on"])
        supported_roles_ended(appointment_ids=[appointment.pk], ended_on=ended_on)
    return appointment


def supported_role_ended_note(*, appointment: RoleAppointment, ended_on: datetime.date) -> str:
    """What a placement whose supported role ended says to the manager."""
    return f"{_role_ends(appointment, ended_on)}: review this placement"


def _role_ends(appointment: RoleAppointment, ended_on: datetime.date) -> str:
    ends = "ended" if ended_on <= timezone.localdate() else "ends"
    return f"{appointment.councillor}'s role as {appointment} {ends} on {ended_on:%d/%m/%Y}"


def supported_roles_ended(
    *, appointment_ids: list[int], ended_on: datetime.date, flag: bool = True
) -> int:
    """The open placements that support these role appointments are flagged for review
    (``flag``; not when already flagged for the mentee leaving office) and their mentors
    and the role's holder are told. How many placements."""
    Placement = apps.get_model("mentoring", "Placement")
    placements = (
        Placement.objects.filter(
            supported_role_id__in=appointment_ids, status__in=OPEN_PLACEMENT_STATUSES
        )
        .select_related("supported_role__role", "supported_role__councillor", "council")
        .prefetch_related("mentors")
    )
    count = 0
    for placement in placements:
        appointment = placement.supported_role
        note = supported_role_ended_note(appointment=appointment, ended_on=ended_on)
        if flag:
            # Saved one by one so the placement's history says who flagged it.
            placement.needs_attention = note[:200]
            placement.save(update_fields=["needs_attention"])
        recipients = [appointment.councillor.user_id, *(m.user_id for m in placement.mentors.all())]
        notification_notify(
            recipient_ids=[pk for pk in recipients if pk],
            kind=SUPPORTED_ROLE_ENDED,
            title=f"The role a mentoring placement supports ends: {appointment}"[:200],
            body=f"{_role_ends(appointment, ended_on)}. The programme manager will review the mentoring "
            f"placement at {placement.council} with you.",
            link=reverse("placement_detail", args=[placement.pk]),
        )
        count += 1
    return count


@dataclass(frozen=True)
class ImportSaved:
    created: int
    updated: int
    left_office: int
    elections: list[Election]


def election_import_confirm(*, text: str, kind: str) -> ImportSaved:
    """Save an election file of a kind (all-out, thirds, by-election): new councillors,
    updates, those who left office (whom the kind decides) and an Election per council.
    The file is checked again inside the transaction, and nothing is saved while any
    row is bad."""
    if kind not in ElectionKind.values:
        raise ValidationError({"kind": "Choose the kind of election."})
    with transaction.atomic():
        result = read_election_csv(text, kind=kind, lock=True)
        if not result.is_valid:
            problems = result.errors or [RowError(None, "The file has no councillors.")]
            raise ValidationError(
                [(f"Line {e.line}: " if e.line else "") + e.message for e in problems]
            )
        Councillor.objects.bulk_create(
            [
                Councillor(
                    council=new.council,
                    full_name=new.full_name,
                    party=new.party,
                    ward=new.ward,
                    email=new.email,
                    first_elected_on=new.elected_on,
                )
                for new in result.new
            ]
        )
        for update in result.updated:
            person = update.councillor
            person.party = update.party
            person.ward = update.ward
            person.email = update.email
            fields = ["party", "ward", "email"]
            if any(c.field == "left_office_on" for c in update.changes):
                person.left_office_on = None
                fields.append("left_office_on")
            person.save(update_fields=fields)
        for leaver in result.leaving:
            councillor_leave_office(councillor=leaver.councillor, left_on=leaver.left_on)
        elections = [
            Election.objects.get_or_create(council=e.council, held_on=e.held_on, kind=kind)[0]
            for e in result.elections
        ]
    return ImportSaved(
        created=len(result.new),
        updated=len(result.updated),
        left_office=len(result.leaving),
        elections=elections,
    )
