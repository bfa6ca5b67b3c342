"""What the list and detail pages show per row, fetched for a page of rows at once.

A page of 25 placements with their mentors and mentees prefetched as objects
built some hundred model instances and reversed a URL per row; the pages show
only names and one link, so they get just those: one query for the names of
every row's mentees and mentors, and a URL formatted from one reverse.
"""

from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format, number_format

from config.links import pk_url
from mentoring.models import PlacementMentee, PlacementMentor


def with_names(placements, *, mentors: bool = True, url: bool = True) -> list:
    """The placements (with their type and council selected) as a list, each with the
    text of its table cells worked out once, as the templates' filters would write it:
    ``mentees_text`` (in the order they were added), ``mentors_text`` (by name),
    ``title`` ("type at council"), ``status_label``, ``started``, ``url`` (its page)
    and, for placements read ``with_activity()``, ``last_session`` ("None yet" before
    the first) and ``days`` ("used of agreed")."""
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
    detail = pk_url("placement_detail") if url else None
    for p in placements:
        # Mentees in the order they were added, mentors by name.
        p.mentees_text = ", ".join(name for _, name in sorted(mentees[p.pk]))
        p.mentors_text = ", ".join(name for name, _ in sorted(names[p.pk]))
        if detail:
            p.url = detail(p.pk)
        p.title = f"{p.mentoring_type} at {p.council}"
        p.status_label = p.get_status_display()
        p.started = date_format(p.started_on, "SHORT_DATE_FORMAT")
        if hasattr(p, "minutes_used"):  # with_activity()
            last = p.last_session_on
            p.last_session = date_format(last, "SHORT_DATE_FORMAT") if last else "None yet"
            p.days = f"{number_format(p.days_used)} of {number_format(p.mentor_days_agreed)}"
    return placements
