"""Political groups and their members: the services every page and import uses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from councils.models import PoliticalGroup, PoliticalGroupMember


def political_group_save(group: PoliticalGroup) -> PoliticalGroup:
    group.full_clean()
    group.save()
    return group


def political_group_member_add(member: PoliticalGroupMember) -> PoliticalGroupMember:
    """A councillor joins a group: of its council and party, in one group at a time."""
    with transaction.atomic():
        member.full_clean()
        member.save()
    return member


def political_group_member_end(
    member: PoliticalGroupMember, *, left_on: datetime.date
) -> PoliticalGroupMember:
    """The councillor leaves the group on ``left_on`` (the first day they are not a
    member). The group's leader cannot leave while they lead it."""
    group = member.group
    if group.leader_id == member.councillor_id:
        raise ValidationError(
            {"left_on": f"{member.councillor} leads {group.name}: choose another leader first."}
        )
    member.left_on = left_on
    member.full_clean()
    member.save(update_fields=["left_on"])
    return member


def political_groups_with_counts(council, day=None):
    """The council's groups with their leader and how many members they have on ``day``:
    one query."""
    day = day or timezone.localdate()
    current = Q(memberships__joined_on__lte=day) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=day)
    )
    return (
        council.political_groups.select_related("party", "leader")
        .annotate(member_count=Count("memberships", filter=current))
        .order_by("name", "pk")
    )
