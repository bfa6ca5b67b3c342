"""What the list and detail pages show per row, fetched for a page of rows at once.

A page of 25 placements with their mentors and mentees prefetched as objects
built some hundred model instances; the pages show only their names, so they get
just those: one query for the names of every row's mentees and mentors.
"""

from django.db.models import Value
from django.db.models.functions import Coalesce

from mentoring.models import PlacementMentee, PlacementMentor


def with_names(placements, *, mentors: bool = True) -> list:
    """The placements as a list, each with the names of its people as text:
    ``mentees_text`` (in the order they were added) and ``mentors_text`` (by name)."""
    placements = list(placements)
    if not placements:
        return placements
    ids = [p.pk for p in placements]
    # Mentees and mentors in one round trip: (placement, is a mentor, name, order).
    # (No ORDER BY in either part: SQLite allows none inside a UNION; sorted below.)
    people = (
        PlacementMentee.objects.filter(placement_id__in=ids)
        .order_by()
        .values_list(
            "placement_id",
            Value(False),
            Coalesce("councillor__full_name", "officer__full_name"),
            "pk",
        )
    )
    if mentors:
        people = people.union(
            PlacementMentor.objects.filter(placement_id__in=ids)
            .order_by()
            .values_list("placement_id", Value(True), "mentor__full_name", "mentor_id"),
            all=True,
        )
    mentees: dict[int, list] = {pk: [] for pk in ids}
    names: dict[int, list] = {pk: [] for pk in ids}
    for placement_id, is_mentor, name, order in people:
        if is_mentor:
            names[placement_id].append((name, order))
        else:
            mentees[placement_id].append((order, name))
    for p in placements:
        # Mentees in the order they were added, mentors by name.
        p.mentees_text = ", ".join(name for _, name in sorted(mentees[p.pk]))
        p.mentors_text = ", ".join(name for name, _ in sorted(names[p.pk]))
    return placements
