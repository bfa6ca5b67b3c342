"""Suggesting mentors for a new placement, ranked, each with its reasons.

Hard conflicts break a rule of the programme and are refused; soft ones are
worth knowing and can be accepted with a note.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from councils.models import Council, Councillor, Officer, RoleAppointment
from councils.regions import NEIGHBOURS, are_neighbours
from mentoring.models import (
    OPEN_STATUSES,
    Mentor,
    MentorCouncilRule,
    MentoringType,
    PlacementMentee,
    PlacementMentor,
    PlacementStatus,
)

# Roles that lead a political group: for their holders a mentor of their party counts.
GROUP_LEADING_ROLES = ("leader", "deputy-leader", "leader-of-the-opposition", "group-leader")


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


def _current_roles(mentees, day, appointments=None) -> tuple[dict[int, str], set[int]]:
    """The roles the councillor mentees hold on the day, by id, with their names; and the
    parties of those who lead a group (Leader, Deputy Leader, Leader of the Opposition, a
    group leader), read in the same query, or from ``appointments`` (the mentees' role
    appointments on the day, with their roles and councillors) when the caller has them."""
    councillor_ids = [m.pk for m in mentees if isinstance(m, Councillor)]
    if not councillor_ids:
        return {}, set()
    if appointments is not None:
        rows = [(a.role_id, a.role.name, a.role.slug, a.councillor.party_id) for a in appointments]
    else:
        rows = (
            RoleAppointment.objects.filter(councillor_id__in=councillor_ids, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .values_list("role_id", "role__name", "role__slug", "councillor__party_id")
        )
    roles, leading = {}, set()
    for role_id, name, slug, party_id in rows:
        roles[role_id] = name
        if slug in GROUP_LEADING_ROLES and party_id:
            leading.add(party_id)
    return roles, leading


@dataclass(frozen=True)
class Side:
    """Which side of a council a councillor is on: the administration is the controlling
    party or, with no overall control, the Leader's party."""

    administration: str  # the administration's party, by name
    is_administration: bool

    def __str__(self):
        if self.is_administration:
            return f"the administration ({self.administration})"
        return "the opposition"


def _leader_party(field: str, day):
    """The party (``field`` of it) of the Leader of the outer row's council on the day."""
    return Subquery(
        RoleAppointment.objects.filter(
            role__slug="leader",
            councillor__council_id=OuterRef("councillor__council_id"),
            councillor__party__isnull=False,
            started_on__lte=day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on")
        .values(f"councillor__party__{field}")[:1]
    )


def side_warnings(mentees, *, mentor_ids=None, day=None) -> dict[int, list[str]]:
    """Warnings, by mentor, for mentors who would serve the administration and the
    opposition of one council at once: already in an open placement with mentees of one
    side, suggested for mentees of the other. ``mentor_ids``: only these mentors.

    One query: each open placement's councillor mentee of the mentees' councils, with
    the council's administration (its controlling party, else its Leader's party)."""
    day = day or timezone.localdate()
    mentee_parties: dict[int, set] = {}
    for m in mentees:
        if isinstance(m, Councillor):
            mentee_parties.setdefault(m.council_id, set()).add(m.party_id)
    if not mentee_parties:
        return {}
    rows = PlacementMentee.objects.filter(
        placement__status__in=OPEN_STATUSES, councillor__council_id__in=mentee_parties
    )
    if mentor_ids is not None:
        rows = rows.filter(placement__placementmentor__mentor_id__in=mentor_ids)
    rows = (
        rows.annotate(
            administration=Coalesce(
                "councillor__council__political_control_id",
                _leader_party("id", day),
                output_field=IntegerField(),
            ),
            administration_name=Coalesce(
                "councillor__council__political_control__name", _leader_party("name", day)
            ),
        )
        .filter(administration__isnull=False)
        .order_by()
        .values_list(
            "placement__placementmentor__mentor_id",
            "councillor__council_id",
            "councillor__council__name",
            "councillor__party_id",
            "administration",
            "administration_name",
        )
        .distinct()
    )
    warnings: dict[int, list[str]] = {}
    for mentor_id, council_id, council_name, party_id, party, party_name in sorted(
        rows, key=lambda row: (row[0], row[2], row[1], row[3] or 0)
    ):
        served = Side(party_name, party_id == party)
        for mentee_party in sorted(mentee_parties[council_id], key=lambda pk: pk or 0):
            side = Side(party_name, mentee_party == party)
            if side.is_administration == served.is_administration:
                continue
            text = f"Already mentors {served} at {council_name}: a mentee here is of {side}."
            if text not in warnings.setdefault(mentor_id, []):
                warnings[mentor_id].append(text)
    return warnings


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
    roles, leading = _current_roles(mentees, day)
    role_ids = set(roles)
    mentors = (
        Mentor.objects.active()
        .practising(day)
        .select_related("council", "party")
        .with_active_placement_count()
    )
    # The whole pool is ranked: its roles come as plain rows, not objects per mentor.
    expertise = _expertise()
    parties = {m.party_id for m in mentees if isinstance(m, Councillor)}
    sides = side_warnings(mentees, day=day)
    suggestions = [
        _suggestion(
            mentor,
            council=council,
            mentoring_type=mentoring_type,
            parties=parties,
            role_ids=role_ids,
            expertise=expertise.get(mentor.pk, ()),
            valid_until=planned_end_on or day,
            leading=leading,
            side_warnings=sides.get(mentor.pk, ()),
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
    appointments=None,
) -> tuple[list[Suggestion], int]:
    """The ``best`` suggestions of ``suggest_mentors``, in its order, with any of the
    mentors ``also`` (pks, e.g. those ticked) wherever they rank; and how many active,
    practising mentors were ranked. ``appointments``: the mentees' role appointments on
    the day, if the caller has read them (with their roles and councillors).

    The pool (hundreds) is scored in the database, giving each mentor the score and
    the conflict ``suggest_mentors`` works out; only the mentors shown are built as
    objects and given their reasons, warnings and conflicts.
    """
    day = day or timezone.localdate()
    roles, leading = _current_roles(mentees, day, appointments)
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
        leading=leading,
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
    sides = side_warnings(mentees, mentor_ids=chosen, day=day)
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
                leading=leading,
                side_warnings=sides.get(mentor.pk, ()),
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


def _ranking(
    active, *, day, council, mentoring_type, parties, role_ids, valid_until, leading=frozenset()
) -> list:
    """The active, practising pool's ``_rank_key``s, best first, each mentor's conflict and score
    worked out as ``_suggestion`` does (tests compare the two): in the database but for
    the capacity left, added here from ``active`` (placements per mentor). Names are
    sorted here too, as ``suggest_mentors`` sorts them (not by the database's collation)."""
    conflicts = Q(pk__in=[])
    if mentoring_type.mentor_council_rule == MentorCouncilRule.OTHER:
        conflicts |= Q(council_id=council.pk)
    points = [Value(0)]
    if mentoring_type.same_party:
        if len(parties) != 1:
            conflicts = Q(pk__isnull=False)  # no one party of mentees: every mentor conflicts
        else:
            # An independent group's mentees have no party, nor has its mentor.
            (party,) = parties
            same = Q(party_id=party) if party else Q(party_id__isnull=True)
            conflicts |= ~same
            points.append(Case(When(same, then=2), default=0))
    elif mentoring_type.mentor_council_rule == MentorCouncilRule.SAME:
        if parties - {None}:
            points.append(Case(When(party_id__in=parties - {None}, then=2), default=0))
    elif leading:
        points.append(Case(When(party_id__in=leading, then=2), default=0))
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
    mentor,
    *,
    council,
    mentoring_type,
    parties,
    role_ids,
    expertise,
    valid_until,
    leading=frozenset(),
    side_warnings=(),
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
            s.warnings.append(
                f"Not from {council}: induction buddies are usually from the same council. "
                "A buddy from another council needs a reason on the placement."
            )
        else:
            s.reasons.append(f"An experienced member of {council}")
    if mentoring_type.same_party:
        if parties != {mentor.party_id}:
            s.conflicts.append(f"Not of the mentees' party: {mentoring_type} needs the same party.")
        else:
            s.score += 2
            s.reasons.append(
                f"Same party ({mentor.party})" if mentor.party_id else "Of no party, as the group"
            )
    elif mentoring_type.mentor_council_rule == MentorCouncilRule.SAME:
        if mentor.party_id and mentor.party_id in parties:
            s.score += 2
            s.reasons.append(f"Same party as a new member ({mentor.party})")
    elif mentor.party_id and mentor.party_id in leading:
        s.score += 2
        s.reasons.append("Same party as the mentee, who leads a group")
    s.warnings.extend(side_warnings)
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
