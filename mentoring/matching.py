"""Suggesting mentors for a new placement, ranked, each with its reasons.

Hard conflicts break a rule of the programme and are refused; soft ones are
worth knowing and can be accepted with a note.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from councils.models import Council, Councillor, Officer, RoleAppointment
from councils.regions import NEIGHBOURS, are_neighbours
from mentoring.models import (
    Mentor,
    MentorCouncilRule,
    MentoringType,
    PlacementMentor,
    PlacementStatus,
)


@dataclass
class Suggestion:
    mentor: Mentor
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.conflicts


def _current_roles(mentees, day) -> dict[int, str]:
    """The roles the councillor mentees hold on the day, by id, with their names."""
    councillor_ids = [m.pk for m in mentees if isinstance(m, Councillor)]
    if not councillor_ids:
        return {}
    return dict(
        RoleAppointment.objects.filter(councillor_id__in=councillor_ids, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("role_id", "role__name")
    )


def _expertise() -> dict[int, list[tuple[int, str]]]:
    """The active pool's roles as plain rows, by mentor, in the order they were given."""
    expertise: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Mentor.expertise.through.objects.filter(mentor__active=True)
        .order_by("pk")
        .values_list("mentor_id", "role_id", "role__name")
    )
    for mentor_id, role_id, name in rows:
        expertise.setdefault(mentor_id, []).append((role_id, name))
    return expertise


def _rank_key(s: Suggestion):
    return (not s.allowed, -s.score, s.mentor.full_name, s.mentor.pk)


def suggest_mentors(
    *,
    council: Council,
    mentoring_type: MentoringType,
    mentees: list[Councillor | Officer],
    planned_end_on: datetime.date | None = None,
    day: datetime.date | None = None,
) -> list[Suggestion]:
    """Every active mentor who is practising (not one whose councillor record has left
    office), best first: allowed ones before those with a conflict."""
    day = day or timezone.localdate()
    role_ids = set(_current_roles(mentees, day))
    mentors = (
        Mentor.objects.active()
        .practising(day)
        .select_related("council", "party")
        .with_active_placement_count()
    )
    # The whole pool is ranked: its roles come as plain rows, not objects per mentor.
    expertise = _expertise()
    parties = {m.party_id for m in mentees if isinstance(m, Councillor)}
    suggestions = [
        _suggestion(
            mentor,
            council=council,
            mentoring_type=mentoring_type,
            parties=parties,
            role_ids=role_ids,
            expertise=expertise.get(mentor.pk, ()),
            valid_until=planned_end_on or day,
        )
        for mentor in mentors
    ]
    suggestions.sort(key=_rank_key)
    return suggestions


def suggest_best_mentors(
    *,
    council: Council,
    mentoring_type: MentoringType,
    mentees: list[Councillor | Officer],
    planned_end_on: datetime.date | None = None,
    day: datetime.date | None = None,
    best: int,
    also=(),
) -> tuple[list[Suggestion], int]:
    """The ``best`` suggestions of ``suggest_mentors``, in its order, with any of the
    mentors ``also`` (pks, e.g. those ticked) wherever they rank; and how many active,
    practising mentors were ranked.

    The pool (hundreds) is scored in the database, giving each mentor the score and
    the conflict ``suggest_mentors`` works out; only the mentors shown are built as
    objects and given their reasons, warnings and conflicts.
    """
    day = day or timezone.localdate()
    roles = _current_roles(mentees, day)
    role_ids = set(roles)
    parties = {m.party_id for m in mentees if isinstance(m, Councillor)}
    valid_until = planned_end_on or day
    active = _active_placement_counts()
    ranked = _ranking(
        active,
        day=day,
        council=council,
        mentoring_type=mentoring_type,
        parties=parties,
        role_ids=role_ids,
        valid_until=valid_until,
    )
    wanted = {int(pk) for pk in also if str(pk).isascii() and str(pk).isdigit()}
    chosen = [key[-1] for i, key in enumerate(ranked) if i < best or key[-1] in wanted]
    if not chosen:
        return [], len(ranked)
    # Each mentor read with which of the mentees' roles they have (in the order they
    # were given them, as ``_expertise`` reads them): the only roles the reasons name.
    through = Mentor.expertise.through.objects
    mentors = (
        Mentor.objects.filter(pk__in=chosen)
        .select_related("council", "party")
        .annotate(
            **{
                f"role_{role_id}": Subquery(
                    through.filter(mentor_id=OuterRef("pk"), role_id=role_id).values("pk")[:1]
                )
                for role_id in roles
            }
        )
    )
    suggestions = []
    for mentor in mentors:
        mentor.active_placement_count = active.get(mentor.pk, 0)
        held = sorted(
            (through_pk, role_id)
            for role_id in roles
            if (through_pk := getattr(mentor, f"role_{role_id}")) is not None
        )
        expertise = [(role_id, roles[role_id]) for _, role_id in held]
        suggestions.append(
            _suggestion(
                mentor,
                council=council,
                mentoring_type=mentoring_type,
                parties=parties,
                role_ids=role_ids,
                expertise=expertise,
                valid_until=valid_until,
            )
        )
    suggestions.sort(key=_rank_key)
    return suggestions, len(ranked)


def _active_placement_counts() -> dict[int, int]:
    """Each mentor's active placements (as ``with_active_placement_count``), counted in
    one pass over the active placements rather than a subquery per mentor of the pool.
    They are counted here: grouped by mentor, the database read every placement's
    mentors in the mentors' order, not just the active placements' (a few hundred)."""
    return Counter(
        PlacementMentor.objects.filter(placement__status=PlacementStatus.ACTIVE)
        .order_by()
        .values_list("mentor_id", flat=True)
    )


def _ranking(active, *, day, council, mentoring_type, parties, role_ids, valid_until) -> list:
    """The active, practising pool's ``_rank_key``s, best first, each mentor's conflict and score
    worked out as ``_suggestion`` does (tests compare the two): in the database but for
    the capacity left, added here from ``active`` (placements per mentor). Names are
    sorted here too, as ``suggest_mentors`` sorts them (not by the database's collation)."""
    conflicts = Q(pk__in=[])
    if mentoring_type.mentor_council_rule == MentorCouncilRule.OTHER:
        conflicts |= Q(council_id=council.pk)
    elif mentoring_type.mentor_council_rule == MentorCouncilRule.SAME:
        conflicts |= ~Q(council_id=council.pk)  # a mentor of no council too
    points = [Value(0)]
    if mentoring_type.same_party:
        (party,) = parties if len(parties) == 1 else (None,)
        if party is None:
            conflicts = Q(pk__isnull=False)  # no one party of mentees: every mentor conflicts
        else:
            conflicts |= ~Q(party_id=party)
            points.append(Case(When(party_id=party, then=2), default=0))
    if role_ids:
        experienced = Mentor.expertise.through.objects.filter(
            mentor_id=OuterRef("pk"), role_id__in=role_ids
        )
        points.append(Case(When(Exists(experienced), then=3), default=0))
    accredited = Q(
        accredited=True,
        accreditation_expires_on__isnull=False,
        accreditation_expires_on__gte=valid_until,
    )
    points.append(Case(When(accredited, then=2), default=0))
    neighbours = [r for r in NEIGHBOURS if are_neighbours(r, council.region)]
    points.append(
        Case(When(regional_pool=council.region, then=2),
             When(regional_pool__in=neighbours, then=1), default=0)
    )  # fmt: skip
    rows = (
        Mentor.objects.active()
        .practising(day)
        .annotate(
            conflict=Case(When(conflicts, then=1), default=0, output_field=IntegerField()),
            score=sum(points[1:], points[0]),
        )
        .order_by()
        .values_list("conflict", "score", "capacity", "full_name", "pk")
    )
    ranked = []
    for conflict, score, capacity, full_name, pk in rows:
        left = capacity - active.get(pk, 0)
        if left <= 0:
            conflict = 1
        else:
            score += min(left, 2)
        ranked.append((bool(conflict), -score, full_name, pk))
    ranked.sort()
    return ranked


def _suggestion(
    mentor, *, council, mentoring_type, parties, role_ids, expertise, valid_until
) -> Suggestion:
    s = Suggestion(mentor=mentor)
    if mentoring_type.mentor_council_rule == MentorCouncilRule.OTHER:
        if mentor.council_id == council.pk:
            s.conflicts.append(
                f"From {council}: {mentoring_type} needs a mentor from another council."
            )
        else:
            s.reasons.append("From another council")
    elif mentoring_type.mentor_council_rule == MentorCouncilRule.SAME:
        if mentor.council_id != council.pk:
            s.conflicts.append(f"Not from {council}: induction buddies are from the same council.")
        else:
            s.reasons.append(f"An experienced member of {council}")
    if mentoring_type.same_party:
        if not mentor.party_id or parties != {mentor.party_id}:
            s.conflicts.append(f"Not of the mentees' party: {mentoring_type} needs the same party.")
        else:
            s.score += 2
            s.reasons.append(f"Same party ({mentor.party})")
    left = mentor.capacity - mentor.active_placement_count
    if left <= 0:
        s.conflicts.append(
            f"No capacity left ({mentor.active_placement_count} of {mentor.capacity} active)."
        )
    else:
        s.score += min(left, 2)
        s.reasons.append(f"Capacity for {left} more")
    experience = [name for pk, name in expertise if pk in role_ids]
    if experience:
        s.score += 3
        s.reasons.append("Experience as " + ", ".join(experience))
    elif role_ids:
        s.warnings.append("No experience of the mentee's current role.")
    if mentor.accreditation_valid_on(valid_until):
        s.score += 2
        s.reasons.append("Accreditation valid through the planned end")
    elif mentor.accredited and mentor.accreditation_expires_on:
        s.warnings.append(
            f"Accreditation ends on {mentor.accreditation_expires_on:%d/%m/%Y}, "
            "before the planned end."
        )
    else:
        s.warnings.append("Not accredited.")
    if mentor.regional_pool == council.region:
        s.score += 2
        s.reasons.append("Same region")
    elif are_neighbours(mentor.regional_pool, council.region):
        s.score += 1
        s.reasons.append("Neighbouring region")
    else:
        s.warnings.append("From a region that does not border the council's.")
    return s
