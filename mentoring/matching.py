"""Suggesting mentors for a new placement, ranked, each with its reasons.

Hard conflicts break a rule of the programme and are refused; soft ones are
worth knowing and can be accepted with a note.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from councils.models import Council, Councillor, Officer, RoleAppointment
from councils.regions import are_neighbours
from mentoring.models import (
    Mentor,
    MentorCouncilRule,
    MentoringType,
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


def _current_role_ids(mentees, day) -> set[int]:
    councillor_ids = [m.pk for m in mentees if isinstance(m, Councillor)]
    if not councillor_ids:
        return set()
    return set(
        RoleAppointment.objects.filter(councillor_id__in=councillor_ids, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("role_id", flat=True)
    )


def suggest_mentors(
    *,
    council: Council,
    mentoring_type: MentoringType,
    mentees: list[Councillor | Officer],
    planned_end_on: datetime.date | None = None,
    day: datetime.date | None = None,
) -> list[Suggestion]:
    """Every active mentor, best first: allowed ones before those with a conflict."""
    day = day or timezone.localdate()
    role_ids = _current_role_ids(mentees, day)
    parties = {m.party_id for m in mentees if isinstance(m, Councillor)}
    mentors = (
        Mentor.objects.active().select_related("council", "party").with_active_placement_count()
    )
    # The whole pool is ranked: its roles come as plain rows, not objects per mentor.
    expertise = {}
    for mentor_id, role_id, name in Mentor.expertise.through.objects.filter(
        mentor__active=True
    ).values_list("mentor_id", "role_id", "role__name"):
        expertise.setdefault(mentor_id, []).append((role_id, name))
    suggestions = []
    for mentor in mentors:
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
                s.conflicts.append(
                    f"Not from {council}: induction buddies are from the same council."
                )
            else:
                s.reasons.append(f"An experienced member of {council}")
        if mentoring_type.same_party:
            if not mentor.party_id or parties != {mentor.party_id}:
                s.conflicts.append(
                    f"Not of the mentees' party: {mentoring_type} needs the same party."
                )
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
        experience = [name for pk, name in expertise.get(mentor.pk, ()) if pk in role_ids]
        if experience:
            s.score += 3
            s.reasons.append("Experience as " + ", ".join(experience))
        elif role_ids:
            s.warnings.append("No experience of the mentee's current role.")
        valid_until = planned_end_on or day
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
        suggestions.append(s)
    suggestions.sort(key=lambda s: (not s.allowed, -s.score, s.mentor.full_name))
    return suggestions
