"""Matching an intake in one run, as drafts, and publishing drafts as placements.

Every draft comes from ``mentoring.matching``: a mentor with a conflict (a hard rule)
is never drafted, and publishing goes through ``mentoring.services.placement_save``,
the service the new-placement page uses, so a placement from a run keeps the same
rules as one made by hand.

Mentees whose ranking is the same (the same current roles, and the same party where
the type needs one party) are ranked once: after an all-out election most new members
hold the same role, so a run of sixty asks the pool a handful of times, not sixty.
"""

import datetime
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cohorts.models import CohortRun, DraftMatch, DraftStatus, Intake
from councils.models import Councillor, Election, ElectionKind, RoleAppointment
from mentoring import services as mentoring_services
from mentoring.matching import Suggestion, suggest_best_mentors
from mentoring.models import OPEN_STATUSES, MentoringType, Placement, PlacementStatus

# The types a run matches, one mentee to one mentor a placement, and how many mentees
# one mentor takes in a run: induction buddies up to ten new members each (the
# programme's buddy schemes), a one-to-one peer mentor one, as the type says.
RUN_TYPES = ("one-to-one", "induction-buddy")
RUN_LIMIT = {"induction-buddy": 10}
# How many further suggestions the page to change a draft offers.
ALTERNATIVES = 10
CABINET_ROLES = ("leader", "deputy-leader", "cabinet-member")


def run_limit(mentoring_type: MentoringType) -> int:
    return RUN_LIMIT.get(mentoring_type.slug, 1)


def latest_all_out_election(council) -> Election | None:
    return (
        Election.objects.filter(council=council, kind=ElectionKind.ALL_OUT)
        .order_by("-held_on")
        .first()
    )


def intake_mentees(*, council, intake, mentoring_type, election=None, day=None) -> list:
    """The serving councillors of an intake, by name, less those already in an open
    placement of the type (they have a mentor)."""
    day = day or timezone.localdate()
    people = Councillor.objects.in_office(day).filter(council=council)
    if intake == Intake.NEW_MEMBERS:
        if election is None:
            return []
        people = people.filter(first_elected_on__gte=election.held_on)
    elif intake == Intake.CABINET:
        holders = RoleAppointment.objects.filter(
            role__slug__in=CABINET_ROLES, started_on__lte=day
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        people = people.filter(pk__in=holders.values("councillor_id"))
    placed = Placement.objects.filter(mentoring_type=mentoring_type, status__in=OPEN_STATUSES)
    people = people.exclude(placement_memberships__placement__in=placed)
    return list(people.order_by("full_name", "pk"))


def _signatures(mentees, *, same_party: bool, day) -> dict:
    """Each mentee's ranking key: the roles they hold on the day (and their party, for
    a type of one party), the only things of a mentee the ranking reads."""
    roles = defaultdict(set)
    rows = (
        RoleAppointment.objects.filter(
            councillor_id__in=[m.pk for m in mentees], started_on__lte=day
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("councillor_id", "role_id")
    )
    for councillor_id, role_id in rows:
        roles[councillor_id].add(role_id)
    return {m.pk: (frozenset(roles[m.pk]), m.party_id if same_party else None) for m in mentees}


def _draft_fields(suggestion: Suggestion) -> dict:
    return {
        "mentor": suggestion.mentor,
        "score": suggestion.score,
        "reasons": "\n".join(suggestion.reasons),
        "warnings": "\n".join(suggestion.warnings),
    }


def _room(suggestion: Suggestion, limit: int) -> int:
    """How many mentees of a run a mentor may take: the run's limit, within the capacity
    they have left."""
    mentor = suggestion.mentor
    return min(limit, mentor.capacity - mentor.active_placement_count)


@transaction.atomic
def cohort_run_make(
    *,
    council,
    mentoring_type,
    intake,
    started_on: datetime.date,
    mentor_days_agreed,
    funding,
    planned_end_on=None,
    by=None,
    mentees=None,
) -> CohortRun:
    """Match the intake (or the ``mentees`` given) in one run: each mentee, by name, is
    drafted with the best-ranked mentor allowed for them who still has room in the run;
    one with none left is drafted with no mentor, to choose one later."""
    day = timezone.localdate()
    election = latest_all_out_election(council) if intake == Intake.NEW_MEMBERS else None
    run = CohortRun(
        council=council,
        mentoring_type=mentoring_type,
        intake=intake,
        election=election,
        started_on=started_on,
        planned_end_on=planned_end_on,
        mentor_days_agreed=mentor_days_agreed,
        funding=funding,
        made_by=by,
    )
    run.full_clean()
    run.save()
    if mentees is None:
        mentees = intake_mentees(
            council=council, intake=intake, mentoring_type=mentoring_type, election=election
        )
    limit = run_limit(mentoring_type)
    signatures = _signatures(mentees, same_party=mentoring_type.same_party, day=day)
    groups = defaultdict(list)
    for mentee in mentees:
        groups[signatures[mentee.pk]].append(mentee)
    given: Counter = Counter()
    full: set[int] = set()
    drafts = {}
    for group in groups.values():
        # Every mentor already full could rank above those with room: ask for enough.
        suggestions, _ = suggest_best_mentors(
            council=council,
            mentoring_type=mentoring_type,
            mentees=group[:1],
            planned_end_on=planned_end_on,
            day=day,
            best=len(group) + len(full) + 1,
        )
        allowed = [s for s in suggestions if s.allowed and _room(s, limit) > 0]
        for mentee in group:
            choice = next((s for s in allowed if s.mentor.pk not in full), None)
            if choice is None:
                drafts[mentee.pk] = DraftMatch(
                    run=run,
                    councillor=mentee,
                    problem="Every mentor allowed had reached the run's limit: choose one.",
                )
                continue
            given[choice.mentor.pk] += 1
            if given[choice.mentor.pk] >= _room(choice, limit):
                full.add(choice.mentor.pk)
            drafts[mentee.pk] = DraftMatch(run=run, councillor=mentee, **_draft_fields(choice))
    DraftMatch.objects.bulk_create([drafts[m.pk] for m in mentees])
    return run


def draft_choices(draft: DraftMatch) -> list[Suggestion]:
    """The mentors a draft may be changed to: allowed for its mentee, best first, with
    room left in the run (counting the run's other drafts), and its own mentor."""
    run = draft.run
    limit = run_limit(run.mentoring_type)
    given = Counter(
        run.drafts.filter(status=DraftStatus.DRAFT, mentor__isnull=False)
        .exclude(pk=draft.pk)
        .values_list("mentor_id", flat=True)
    )
    suggestions, _ = suggest_best_mentors(
        council=run.council,
        mentoring_type=run.mentoring_type,
        mentees=[draft.councillor],
        planned_end_on=run.planned_end_on,
        best=ALTERNATIVES + len(given),
        also=[draft.mentor_id] if draft.mentor_id else (),
    )
    return [
        s
        for s in suggestions
        if s.allowed and (s.mentor.pk == draft.mentor_id or given[s.mentor.pk] < _room(s, limit))
    ][: ALTERNATIVES + (1 if draft.mentor_id else 0)]


def draft_change_mentor(*, draft: DraftMatch, suggestion: Suggestion) -> DraftMatch:
    """Give a draft another of its suggested mentors, with that mentor's score and reasons."""
    if draft.status != DraftStatus.DRAFT:
        raise ValidationError("Only a draft can be changed: this one is published or discarded.")
    for name, value in _draft_fields(suggestion).items():
        setattr(draft, name, value)
    draft.problem = ""
    draft.save(update_fields=["mentor", "score", "reasons", "warnings", "problem"])
    return draft


def drafts_discard(*, drafts) -> int:
    """Set drafts aside (published ones stay as they are)."""
    return DraftMatch.objects.filter(
        pk__in=[d.pk for d in drafts], status=DraftStatus.DRAFT
    ).update(status=DraftStatus.DISCARDED)


def _current_suggestions(run, drafts) -> dict[int, Suggestion]:
    """Each draft's mentor as the ranking sees them now (conflicts and warnings may have
    changed since the run: a mentor placed elsewhere, an accreditation ended), by draft."""
    day = timezone.localdate()
    signatures = _signatures(
        [d.councillor for d in drafts], same_party=run.mentoring_type.same_party, day=day
    )
    groups = defaultdict(list)
    for draft in drafts:
        groups[signatures[draft.councillor_id]].append(draft)
    found = {}
    for group in groups.values():
        suggestions, _ = suggest_best_mentors(
            council=run.council,
            mentoring_type=run.mentoring_type,
            mentees=[group[0].councillor],
            planned_end_on=run.planned_end_on,
            day=day,
            best=0,
            also=[d.mentor_id for d in group],
        )
        by_mentor = {s.mentor.pk: s for s in suggestions}
        for draft in group:
            if draft.mentor_id in by_mentor:
                found[draft.pk] = by_mentor[draft.mentor_id]
    return found


def drafts_publish(*, run: CohortRun, drafts, note: str = "", by=None) -> tuple[list, list]:
    """Publish drafts as proposed placements, each through ``placement_save``. A draft
    that breaks a rule now stays a draft with the reason as its problem; the others are
    published. Returns (published, failed) drafts."""
    drafts = [d for d in drafts if d.status == DraftStatus.DRAFT]
    current = _current_suggestions(run, [d for d in drafts if d.mentor_id])
    published, failed = [], []
    for draft in drafts:
        problems = _problems(draft, current.get(draft.pk), note)
        if not problems:
            try:
                with transaction.atomic():
                    placement = _publish(run, draft, current[draft.pk], note, by)
            except ValidationError as error:
                problems = error.messages
        if problems:
            draft.problem = " ".join(problems)
            draft.save(update_fields=["problem"])
            failed.append(draft)
            continue
        draft.placement = placement
        draft.status = DraftStatus.PUBLISHED
        draft.problem = ""
        draft.save(update_fields=["placement", "status", "problem"])
        published.append(draft)
    return published, failed


def _problems(draft, suggestion, note) -> list[str]:
    if not draft.mentor_id:
        return ["Choose a mentor first."]
    if suggestion is None:
        return [f"{draft.mentor} is no longer in the active, practising pool: choose another."]
    if suggestion.conflicts:
        return suggestion.conflicts
    if suggestion.warnings and not note.strip():
        return ["It has warnings: accept them with a note saying why it should go ahead."]
    return []


def _publish(run, draft, suggestion, note, by) -> Placement:
    placement = Placement(
        council=run.council,
        mentoring_type=run.mentoring_type,
        status=PlacementStatus.PROPOSED,
        started_on=run.started_on,
        planned_end_on=run.planned_end_on,
        mentor_days_agreed=run.mentor_days_agreed,
        funding=run.funding,
        match_note=note.strip() if suggestion.warnings else "",
    )
    if draft.mentor.council_id != run.council_id:
        # A buddy from another council is allowed with a reason: the note gives it (the
        # ranking warns of it, so the note was asked for).
        placement.other_council_reason = note.strip()
    return mentoring_services.placement_save(
        placement=placement, mentors=[draft.mentor], mentees=[draft.councillor], by=by
    )
