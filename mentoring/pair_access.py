"""Accounts joining a pair, and the other side vouching for them.

What a mentor and a mentee say in their sessions is theirs alone. A programme manager
links accounts to records (an invitation) and places people on placements; a site
administrator could do the same. Neither may open a pair's earlier notes and
reflections to an account on their own say-so, or an invitation sent to an address of
their choosing would read everything the pair ever wrote. So:

- when an account is linked to the record of a placement's mentor or mentee, or a
  person with an account is added to a placement that already has confidential
  content, a ``PairAccess`` row records the account's email, who linked it, how and
  when;
- content written before then stays closed to that account until someone on the
  other side of the pair (a mentor for a mentee, a mentee for a mentor) confirms it
  is the person they know (``PairAccess.confirmed_by``);
- everyone in the pair, the new account too, is told by email and in the app.
"""

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.text import one_line
from councils.models import Councillor, Officer
from mentoring.models import (
    Mentor,
    PairAccess,
    PairSide,
    Placement,
    PlacementMentee,
    PlacementMentor,
    Reflection,
    SessionNote,
)
from mentoring.selectors import with_names
from notifications.rules import PAIR_ACCESS as NOTIFICATION_KIND
from notifications.services import absolute_url, notification_notify


def _pair_users(placement_ids) -> dict[int, set[int]]:
    """The accounts of each placement's mentors and mentees."""
    users: dict[int, set[int]] = {pk: set() for pk in placement_ids}
    for placement_id, user_id in PlacementMentor.objects.filter(
        placement_id__in=placement_ids, mentor__user__isnull=False
    ).values_list("placement_id", "mentor__user_id"):
        users[placement_id].add(user_id)
    for placement_id, councillor_user, officer_user in PlacementMentee.objects.filter(
        placement_id__in=placement_ids
    ).values_list("placement_id", "councillor__user_id", "officer__user_id"):
        users[placement_id].update(u for u in (councillor_user, officer_user) if u)
    return users


def _has_confidential_content(placement_id: int) -> bool:
    return (
        SessionNote.objects.filter(session__placement_id=placement_id).exists()
        or Reflection.objects.filter(mentee__placement_id=placement_id).exists()
    )


def _placements_of(record) -> list[int]:
    if isinstance(record, Mentor):
        rows = PlacementMentor.objects.filter(mentor=record)
    elif isinstance(record, Councillor):
        rows = PlacementMentee.objects.filter(councillor=record)
    elif isinstance(record, Officer):
        rows = PlacementMentee.objects.filter(officer=record)
    else:
        return []
    return list(rows.order_by("placement_id").values_list("placement_id", flat=True))


def _record_access(*, placement_id, user, side, record_name, linked_by, how, always: bool):
    """A row for the account joining the placement; pending when there is content to
    protect. Without earlier content nothing is closed: with ``always`` a confirmed row
    still records the joining for the pair to see, without one nothing is written."""
    has_content = _has_confidential_content(placement_id)
    if not (has_content or always):
        return None
    now = timezone.now()
    return PairAccess.objects.create(
        placement_id=placement_id,
        user=user,
        side=side,
        record_name=record_name,
        account_email=user.email,
        joined_at=now,
        linked_by=linked_by,
        linked_by_email=linked_by.email if linked_by else "",
        how=how,
        confirmed_at=None if has_content else now,
    )


def _tell_the_pair(accesses: list[PairAccess]) -> None:
    """Email and an in-app notification to everyone in each pair, the new account too.
    Sent after the transaction commits; nothing confidential is in them."""
    if not accesses:
        return
    members = _pair_users({a.placement_id for a in accesses})
    placements = Placement.objects.select_related("council", "mentoring_type").in_bulk(
        [a.placement_id for a in accesses]
    )
    with_names(placements.values())  # each named by its people, in one query
    User = PairAccess._meta.get_field("user").related_model
    everyone = set().union(*members.values(), (a.user_id for a in accesses))
    # Every recipient's address in one query, not one per placement.
    active_email = dict(
        User.objects.filter(pk__in=everyone, is_active=True).values_list("pk", "email")
    )
    link = reverse("pair_access_list")
    for access in accesses:
        recipients = members[access.placement_id] | {access.user_id}
        placement = placements[access.placement_id]
        title = one_line(
            f"An account joined your mentoring placement with {placement.council.name}"
        )
        context = {"access": access, "placement": placement, "link": absolute_url(link)}
        message = render_to_string("mentoring/email/pair_access.txt", context)
        notification_notify(
            recipient_ids=sorted(recipients),
            kind=NOTIFICATION_KIND,
            title=title,
            body=message.strip(),
            link=link,
        )
        emails = [active_email[pk] for pk in sorted(recipients) if pk in active_email]
        # An invited account is not active yet: it is told at its own address all the same.
        if access.account_email not in emails:
            emails.append(access.account_email)
        transaction.on_commit(
            lambda title=title, message=message, emails=emails: send_mail(
                subject=title,
                message=message,
                from_email=None,
                recipient_list=emails,
            )
        )


def _side_and_name(record) -> tuple[str, str]:
    side = PairSide.MENTOR if isinstance(record, Mentor) else PairSide.MENTEE
    return side, record.full_name


@transaction.atomic
def pair_access_link(*, record, user, linked_by, how: str) -> list[PairAccess]:
    """An account has just been linked to a mentor's, councillor's or officer's record:
    record it for each of the record's placements, close what was written before, and
    tell each pair."""
    side, name = _side_and_name(record)
    accesses = [
        _record_access(
            placement_id=placement_id,
            user=user,
            side=side,
            record_name=name,
            linked_by=linked_by,
            how=how,
            always=True,
        )
        for placement_id in _placements_of(record)
    ]
    _tell_the_pair(accesses)
    return accesses


def account_linked(sender, *, record, user, linked_by, how, **kwargs) -> None:
    """Receives ``accounts.signals.record_linked``."""
    pair_access_link(record=record, user=user, linked_by=linked_by, how=how)


def pair_users(placement: Placement) -> set[int]:
    """The accounts in a placement's pair now (to compare before and after a change)."""
    return _pair_users([placement.pk])[placement.pk]


@transaction.atomic
def pair_access_members_added(
    *, placement: Placement, before: set[int], linked_by, how: str
) -> list[PairAccess]:
    """After a change of a placement's mentors or mentees: anyone with an account who
    was not in the pair before joins it, with what was written before closed to them."""
    added = pair_users(placement) - before
    if not added:
        return []
    User = PairAccess._meta.get_field("user").related_model
    names = {}
    for mentor in Mentor.objects.filter(user_id__in=added, placements=placement):
        names[mentor.user_id] = (PairSide.MENTOR, mentor.full_name)
    for mentee in placement.mentees.select_related("councillor", "officer"):
        if mentee.user_id in added:
            names[mentee.user_id] = (PairSide.MENTEE, mentee.full_name)
    accesses = []
    for user in User.objects.filter(pk__in=added).order_by("pk"):
        side, name = names[user.pk]
        access = _record_access(
            placement_id=placement.pk,
            user=user,
            side=side,
            record_name=name,
            linked_by=linked_by,
            how=how,
            always=False,
        )
        if access is not None:
            accesses.append(access)
    _tell_the_pair(accesses)
    return accesses


@transaction.atomic
def pair_access_confirm(*, access: PairAccess, by) -> PairAccess:
    """Someone on the other side of the pair vouches for the account: what was written
    before it joined opens to it."""
    access = PairAccess.objects.select_for_update().get(pk=access.pk)
    if not PairAccess.objects.waiting_for(by).filter(pk=access.pk).exists():
        raise PermissionDenied("Only the other side of the pair can confirm this account.")
    access.confirmed_by = by
    access.confirmed_at = timezone.now()
    access.save(update_fields=["confirmed_by", "confirmed_at"])
    notification_notify(
        recipient_ids=[access.user_id],
        kind=NOTIFICATION_KIND,
        title="Your account was confirmed by the other side of your placement",
        body=f"{by.full_name or by.email} confirmed your account: the placement's earlier "
        "notes and reflections are open to you.",
        link=reverse("pair_access_list"),
    )
    return access
