"""What the list and detail pages show per row, fetched for a page of rows at once.

A page of 25 placements with their mentors and mentees prefetched as objects
built some hundred model instances; the pages show only their names, so they get
just those: one query for the names of every row's mentees and mentors.
"""

from django.db.models import BooleanField, Case, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from councils.models import RoleAppointment
from mentoring.models import MentorKind, PlacementMentee, PlacementMentor


def with_people(memberships):
    """Mentees' memberships with their placements' people prefetched, so that each
    placement's ``name`` is read without a query per option of a form."""
    return memberships.prefetch_related(
        "placement__mentors",
        Prefetch(
            "placement__mentees",
            queryset=PlacementMentee.objects.select_related("councillor", "officer"),
        ),
    )


def _flag(**condition) -> Case:
    return Case(
        When(then=Value(True), **condition), default=Value(False), output_field=BooleanField()
    )


def with_names(placements, *, mentors: bool = True) -> list:
    """The placements as a list, each with the names of its people as text:
    ``mentees_text`` (in the order they were added) and ``mentors_text`` (by name),
    ``other_councils`` (the names of the mentees' councils other than the placement's, as
    a role group may bring several together), and with ``mentors=True`` what
    ``Placement.name`` is made of (read once for the page)."""
    placements = list(placements)
    if not placements:
        return placements
    ids = [p.pk for p in placements]
    # Mentees and mentors in one round trip: (placement, is a mentor, name, order, is a
    # councillor, council id, council name). (No ORDER BY in either part: SQLite allows
    # none inside a UNION; sorted below.)
    people = (
        PlacementMentee.objects.filter(placement_id__in=ids)
        .order_by()
        .values_list(
            "placement_id",
            Value(False),
            Coalesce("councillor__full_name", "officer__full_name"),
            "pk",
            _flag(councillor__isnull=False),
            Coalesce("councillor__council_id", "officer__council_id"),
            Coalesce("councillor__council__name", "officer__council__name"),
        )
    )
    if mentors:
        people = people.union(
            PlacementMentor.objects.filter(placement_id__in=ids)
            .order_by()
            .values_list(
                "placement_id",
                Value(True),
                "mentor__full_name",
                "mentor_id",
                _flag(mentor__kind=MentorKind.COUNCILLOR),
                "mentor__council_id",  # unused: the union's parts have the same columns
                "mentor__council__name",
            ),
            all=True,
        )
    mentees: dict[int, list] = {pk: [] for pk in ids}
    names: dict[int, list] = {pk: [] for pk in ids}
    councils: dict[int, dict] = {pk: {} for pk in ids}
    for placement_id, is_mentor, name, order, is_councillor, council_id, council in people:
        if is_mentor:
            names[placement_id].append((name, order, bool(is_councillor)))
        else:
            mentees[placement_id].append((order, name, bool(is_councillor)))
            councils[placement_id][council_id] = council
    for p in placements:
        councils[p.pk].pop(p.council_id, None)
        p.other_councils = sorted(councils[p.pk].values())
        # Mentees in the order they were added, mentors by name.
        in_order = sorted(mentees[p.pk])
        by_name = sorted(names[p.pk])
        p.mentees_text = ", ".join(name for _, name, _ in in_order)
        p.mentors_text = ", ".join(name for name, _, _ in by_name)
        if mentors:
            p.people_names = (
                [(name, cllr) for name, _, cllr in by_name],
                [(name, cllr) for _, name, cllr in in_order],
            )
    return placements


def supported_role_choices(councillor_ids, *, day=None, keep_pk=None):
    """The role appointments a placement may name as the role it supports: those the
    councillors hold on the day, and the one it names already (``keep_pk``), which may
    have ended since."""
    day = day or timezone.localdate()
    held = Q(councillor_id__in=list(councillor_ids), started_on__lte=day) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )
    if keep_pk:
        held |= Q(pk=keep_pk)
    return (
        RoleAppointment.objects.filter(held)
        .select_related("role", "councillor")
        .order_by("councillor__full_name", "role__order", "committee", "pk")
    )
