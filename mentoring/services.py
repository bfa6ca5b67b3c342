"""Writes to placements, agreements and sessions, with the programme's rules."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from councils.models import Councillor, Officer
from mentoring.models import (
    AgreementStatus,
    LearningAgreement,
    Mentor,
    MentorCouncilRule,
    MentoringType,
    Placement,
    PlacementMentee,
    PlacementStatus,
)

Person = Councillor | Officer


def placement_rule_errors(
    *,
    placement: Placement,
    mentors: Sequence[Mentor],
    mentees: Sequence[Person],
) -> list[str]:
    """Every rule a placement with these mentors and mentees breaks, in plain words."""
    errors: list[str] = []
    kind: MentoringType = placement.mentoring_type

    if not mentors:
        errors.append("Choose at least one mentor.")
    if len(mentees) < kind.min_mentees:
        errors.append(f"{kind} needs at least {kind.min_mentees} mentee(s).")
    if len(mentees) > kind.max_mentees:
        if kind.max_mentees == 1:
            errors.append(f"{kind} has exactly one mentee.")
        else:
            errors.append(f"{kind} takes at most {kind.max_mentees} mentees.")

    for mentee in mentees:
        if mentee.council_id != placement.council_id:
            errors.append(f"{mentee} is not of {placement.council}.")

    for mentor in mentors:
        if kind.mentor_council_rule == MentorCouncilRule.OTHER:
            if mentor.council_id and mentor.council_id == placement.council_id:
                errors.append(
                    f"{mentor} is from {placement.council}: a peer mentor for {kind} "
                    "must come from another council."
                )
        elif kind.mentor_council_rule == MentorCouncilRule.SAME:
            if mentor.council_id != placement.council_id:
                errors.append(
                    f"{mentor} is not from {placement.council}: {kind} buddies "
                    "are experienced councillors of the same council."
                )
        if kind.same_party:
            if not mentor.party_id:
                errors.append(f"{mentor} has no party: {kind} needs a mentor of the group's party.")
            for mentee in mentees:
                if getattr(mentee, "party_id", None) != mentor.party_id:
                    errors.append(
                        f"{mentee} and {mentor} are not of the same party: "
                        f"{kind} pairs a mentor and mentees of one party."
                    )
        if placement.status == PlacementStatus.ACTIVE:
            others = (
                mentor.placements.filter(status=PlacementStatus.ACTIVE)
                .exclude(pk=placement.pk)
                .count()
            )
            if others + 1 > mentor.capacity:
                errors.append(
                    f"{mentor} already has {others} active placement(s), "
                    f"their capacity is {mentor.capacity}."
                )
    return errors


def placement_check_rules(
    *, placement: Placement, mentors: Sequence[Mentor], mentees: Sequence[Person]
) -> None:
    placement.full_clean(exclude=["mentors"])
    errors = placement_rule_errors(placement=placement, mentors=mentors, mentees=mentees)
    if errors:
        raise ValidationError(errors)


def _people_of(placement: Placement) -> list[Person]:
    return [m.person for m in placement.mentees.select_related("councillor", "officer")]


@transaction.atomic
def placement_save(
    *,
    placement: Placement,
    mentors: Iterable[Mentor],
    mentees: Iterable[Person],
) -> Placement:
    """Create or update a placement with its mentors and mentees, checking every rule.

    Mentor rows are locked so two managers placing the same mentor at once
    cannot both pass the capacity check.
    """
    mentors = list(Mentor.objects.select_for_update().filter(pk__in=[m.pk for m in mentors]))
    mentees = list(mentees)
    placement_check_rules(placement=placement, mentors=mentors, mentees=mentees)
    placement.save()
    placement.mentors.set(mentors)
    wanted = {(type(p), p.pk) for p in mentees}
    for existing in placement.mentees.select_related("councillor", "officer"):
        if (type(existing.person), existing.person.pk) not in wanted:
            existing.delete()
        else:
            wanted.discard((type(existing.person), existing.person.pk))
    PlacementMentee.objects.bulk_create(
        [
            PlacementMentee(
                placement=placement,
                councillor_id=pk if kind is Councillor else None,
                officer_id=pk if kind is Officer else None,
            )
            for kind, pk in wanted
        ]
    )
    return placement


def placement_set_status(*, placement: Placement, status: str, **fields) -> Placement:
    """Move a placement to another status (activating checks mentor capacity)."""
    placement.status = status
    for name, value in fields.items():
        setattr(placement, name, value)
    return placement_save(
        placement=placement, mentors=list(placement.mentors.all()), mentees=_people_of(placement)
    )


@transaction.atomic
def agreement_new_version(*, agreement: LearningAgreement) -> LearningAgreement:
    """Start a new draft from an agreed version; the agreed one stays as it was."""
    if not agreement.is_locked:
        raise ValidationError("Only an agreed version needs a new version: edit this one.")
    latest = agreement.placement.agreements.order_by("-version").first()
    draft = LearningAgreement.objects.create(
        placement=agreement.placement,
        version=latest.version + 1,
        status=AgreementStatus.DRAFT,
        **{f: getattr(agreement, f) for f in LearningAgreement.CONTENT_FIELDS},
    )
    for goal in agreement.goals.all():
        goal.pk = None
        goal.agreement = draft
        goal.save()
    for review in agreement.reviews.all():
        review.pk = None
        review.agreement = draft
        review.save()
    return draft
