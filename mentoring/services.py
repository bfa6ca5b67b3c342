"""Writes to placements, agreements, sessions, confidence check-ins and ward visits,
with the programme's rules.

Writes validate the model (``full_clean``) before saving, so the database
constraints' messages reach the person as form errors.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from councils.models import Councillor, Officer
from funding.models import Budget
from funding.years import financial_year_label, financial_year_of
from mentoring import money
from mentoring.access import memberships_of, side_of
from mentoring.models import (
    AgreementStatus,
    ConfidenceArea,
    ConfidenceCheck,
    ConfidenceScore,
    ConfidenceStage,
    LearningAgreement,
    MemberAgreement,
    Mentor,
    MentorCouncilRule,
    MentoringType,
    Placement,
    PlacementMentee,
    PlacementStatus,
    WardIssue,
    WardVisitReport,
)
from mentoring.pair_access import pair_access_members_added, pair_users

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
        if not (kind.smaller_group_with_note and mentees):
            errors.append(f"{kind} needs at least {kind.min_mentees} mentee(s).")
        elif not placement.match_note.strip():
            errors.append(
                f"{group_size_warning(kind, len(mentees))} Accept the warning with a note "
                "saying why the group should go ahead."
            )
    if len(mentees) > kind.max_mentees:
        if kind.max_mentees == 1:
            errors.append(f"{kind} has exactly one mentee.")
        else:
            errors.append(f"{kind} takes at most {kind.max_mentees} mentees.")

    if not kind.mentees_from_several_councils:
        for mentee in mentees:
            if mentee.council_id != placement.council_id:
                errors.append(f"{mentee} is not of {placement.council}.")
    # A group from several councils: a peer from any of them would mentor their own.
    group_councils = {placement.council_id} | {m.council_id for m in mentees}

    if kind.one_accredited_peer:
        if len(mentors) > 1:
            errors.append(
                f"{kind} has one peer mentor: choose one of {', '.join(str(m) for m in mentors)}."
            )
        for mentor in mentors:
            if placement.started_on and not mentor.accreditation_valid_on(placement.started_on):
                errors.append(
                    f"{mentor} is not accredited on {placement.started_on:%-d %B %Y}, the "
                    f"start: {kind} needs an accredited peer mentor. Choose an accredited "
                    "mentor, or record the mentor's accreditation first."
                )

    for mentor in mentors:
        if kind.mentor_council_rule == MentorCouncilRule.OTHER:
            if mentor.council_id and mentor.council_id in group_councils:
                errors.append(
                    f"{mentor} is from {mentor.council}, a council of the group: a peer "
                    f"mentor for {kind} must come from another council."
                    if mentor.council_id != placement.council_id
                    else f"{mentor} is from {placement.council}: a peer mentor for {kind} "
                    "must come from another council."
                )
        elif kind.mentor_council_rule == MentorCouncilRule.SAME:
            # Allowed where the political group lacks experienced members: with a reason.
            if (
                mentor.council_id != placement.council_id
                and not placement.other_council_reason.strip()
            ):
                errors.append(
                    f"{mentor} is not from {placement.council}: {kind} buddies are usually "
                    "experienced councillors of the same council. Say why a buddy from "
                    "another council is needed, or choose one from "
                    f"{placement.council}."
                )
        if kind.same_party and placement.political_group_id:
            group = placement.political_group
            if group.is_independent and mentor.party_id:
                errors.append(
                    f"{mentor} is of {mentor.party}: the mentor of an independent group is "
                    "of no party."
                )
            elif not group.is_independent and mentor.party_id != group.party_id:
                errors.append(
                    f"{mentor} is not of {group.party}: {kind} needs a mentor of the group's party."
                )
        if placement.status == PlacementStatus.ACTIVE:
            others = (
                mentor.placements.filter(status=PlacementStatus.ACTIVE)
                .exclude(pk=placement.pk)
                .count()
            )
            if others + 1 > mentor.capacity:
                errors.append(
                    f"{mentor} already has {others} active placement{pluralize(others)}, "
                    f"their capacity is {mentor.capacity}."
                )
    if kind.same_party:
        errors.extend(_political_group_errors(placement, mentees))
    if placement.supported_role_id:
        errors.extend(_supported_role_errors(placement, mentees))
    return errors


def _political_group_errors(placement: Placement, mentees: Sequence[Person]) -> list[str]:
    """Political group mentoring works with one group: its mentees are the group's
    members when the placement starts (an independent group's too)."""
    kind = placement.mentoring_type
    group = placement.political_group
    if group is None:
        return [f"Choose the political group {kind} works with."]
    if group.council_id != placement.council_id:
        return [
            f"{group.name} is a group of {group.council}: choose a group of {placement.council}."
        ]
    day = placement.started_on or timezone.localdate()
    members = set(group.memberships.current(day).values_list("councillor_id", flat=True))
    errors = []
    for mentee in mentees:
        if not isinstance(mentee, Councillor):
            errors.append(
                f"{mentee.full_name} is an officer: {kind} is for the members of {group.name}."
            )
        elif mentee.pk not in members:
            errors.append(
                f"{mentee} is not a member of {group.name} on {day:%-d %B %Y}: add them to "
                "the group first, or leave them out."
            )
    return errors


def _supported_role_errors(placement: Placement, mentees: Sequence[Person]) -> list[str]:
    """The role a placement supports is one a mentee holds, and not one already ended
    when it is chosen."""
    appointment = placement.supported_role
    holders = {m.pk for m in mentees if isinstance(m, Councillor)}
    if appointment.councillor_id not in holders:
        return [
            f"{appointment.councillor} holds {appointment}, not a mentee: choose a role "
            "of one of the mentees."
        ]
    before = (
        Placement.objects.filter(pk=placement.pk)
        .values_list("supported_role_id", flat=True)
        .first()
        if placement.pk
        else None
    )
    today = timezone.localdate()
    if before != appointment.pk and appointment.ended_on and appointment.ended_on < today:
        return [
            f"{appointment} ended on {appointment.ended_on:%-d %B %Y}: choose a role the "
            "mentee holds now."
        ]
    return []


def group_size_warning(kind: MentoringType, count: int) -> str:
    """Why a group smaller than its type's usual size needs the manager's note."""
    return (
        f"{kind} groups are usually of {kind.min_mentees} to {kind.max_mentees} mentees: "
        f"this one has {count}."
    )


def placement_check_rules(
    *, placement: Placement, mentors: Sequence[Mentor], mentees: Sequence[Person]
) -> None:
    placement.full_clean(exclude=["mentors"])
    placement_budget_check(placement=placement)
    errors = placement_rule_errors(placement=placement, mentors=mentors, mentees=mentees)
    if errors:
        raise ValidationError(errors)


def placement_budget_check(*, placement: Placement) -> None:
    """A placement's cost must fit what is left uncommitted of the budget it draws on
    in the financial year it starts (its funder's for the council, else the funder's
    programme-wide budget)."""
    if not placement.funder_id or not placement.cost or not placement.started_on:
        return
    if placement.status == PlacementStatus.WITHDRAWN:
        return
    year = financial_year_of(placement.started_on)
    budget = money.budget_of(
        funder_id=placement.funder_id, council_id=placement.council_id, year=year
    )
    if budget is None:
        raise ValidationError(
            {
                "funder": f"{placement.funder} has no budget for {placement.council} or the "
                f"programme in {financial_year_label(year)}: add one under Budgets first."
            }
        )
    figures = money.budgets_with_figures(Budget.objects.filter(pk=budget.pk), year=year)[0]
    already = Decimal("0")
    if placement.pk:
        before = Placement.objects.filter(pk=placement.pk).values_list(
            "funder_id", "council_id", "started_on", "cost", "status"
        )[0]
        if (
            before[0] == placement.funder_id
            and financial_year_of(before[2]) == year
            and before[4] != PlacementStatus.WITHDRAWN
        ):
            already = before[3] or Decimal("0")
    left = figures.allocated - figures.committed + already
    if placement.cost > left:
        raise ValidationError(
            {
                "cost": f"The budget from {budget.funder} for {financial_year_label(year)} has "
                f"£{max(left, Decimal('0')):,.2f} left to commit; this placement costs "
                f"£{placement.cost:,.2f}."
            }
        )


@transaction.atomic
def placement_update(*, placement: Placement) -> Placement:
    """Save a change to a placement's terms (dates, days, funding and cost), the role
    it supports and why a buddy is from another council."""
    placement.full_clean(exclude=["mentors"])
    placement_budget_check(placement=placement)
    errors = {}
    if placement.supported_role_id:
        role_errors = _supported_role_errors(placement, _people_of(placement))
        if role_errors:
            errors["supported_role"] = role_errors
    kind = placement.mentoring_type
    if (
        kind.mentor_council_rule == MentorCouncilRule.SAME
        and not placement.other_council_reason.strip()
        and placement.mentors.exclude(council_id=placement.council_id).exists()
    ):
        errors["other_council_reason"] = (
            f"A buddy of this placement is not from {placement.council}: say why."
        )
    if errors:
        raise ValidationError(errors)
    placement.save()
    return placement


def _people_of(placement: Placement) -> list[Person]:
    return [m.person for m in placement.mentees.select_related("councillor", "officer")]


@transaction.atomic
def placement_save(
    *,
    placement: Placement,
    mentors: Iterable[Mentor],
    mentees: Iterable[Person],
    by=None,
) -> Placement:
    """Create or update a placement with its mentors and mentees, checking every rule.

    Mentor rows are locked so two managers placing the same mentor at once
    cannot both pass the capacity check. Anyone with an account added to a placement
    that already has confidential content joins it as ``pair_access`` says.
    """
    mentors = list(Mentor.objects.select_for_update().filter(pk__in=[m.pk for m in mentors]))
    mentees = list(mentees)
    placement_check_rules(placement=placement, mentors=mentors, mentees=mentees)
    before = pair_users(placement) if placement.pk else None
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
    if before is not None:
        pair_access_members_added(
            placement=placement, before=before, linked_by=by, how="added to the placement"
        )
    return placement


def placement_set_status(*, placement: Placement, status: str, by=None, **fields) -> Placement:
    """Move a placement to another status. Activating checks every placement rule
    (capacity above all); pausing, ending or withdrawing needs only valid dates and a
    reason, so a placement can always be wound down."""
    placement.status = status
    for name, value in fields.items():
        setattr(placement, name, value)
    if status == PlacementStatus.ACTIVE:
        return placement_save(
            placement=placement,
            mentors=list(placement.mentors.all()),
            mentees=_people_of(placement),
            by=by,
        )
    placement.full_clean(exclude=["mentors"])
    placement.save()
    return placement


@transaction.atomic
def agreement_change_error(*, agreement: LearningAgreement) -> str:
    """Why a new version cannot be made from this one ("" when it can): only the latest
    version, once agreed, is changed by a new version."""
    if not agreement.is_locked:
        return "This version has not been agreed yet: edit it instead."
    latest = agreement.placement.agreements.order_by("-version").only("version", "status").first()
    if latest.pk == agreement.pk:
        return ""
    if latest.is_locked:
        return f"Version {latest.version} replaced this one: change version {latest.version}."
    return f"Version {latest.version} is already being drafted: change that one."


@transaction.atomic
def agreement_new_version(
    *, agreement: LearningAgreement, content: Mapping[str, str] | None = None
) -> LearningAgreement:
    """A new draft after an agreed version, which stays as it was.

    With ``content`` (the texts of the change form) the draft has those texts and no
    goals or review dates: the form saves its own. Without, it copies the agreed
    version's texts, goals and review dates."""
    # Two people changing it at once: the second waits, then is told a draft exists.
    Placement.objects.select_for_update().filter(pk=agreement.placement_id).first()
    error = agreement_change_error(agreement=agreement)
    if error:
        raise ValidationError(error)
    draft = LearningAgreement(
        placement=agreement.placement,
        version=agreement.version + 1,
        status=AgreementStatus.DRAFT,
        **{f: getattr(agreement, f) for f in LearningAgreement.CONTENT_FIELDS},
    )
    if content is not None:
        for name in LearningAgreement.CONTENT_FIELDS:
            setattr(draft, name, content[name])
    draft.full_clean()
    draft.save()
    if content is not None:
        return draft
    for goal in agreement.goals.all():
        goal.pk = None
        goal.agreement = draft
        goal.save()
    for review in agreement.reviews.all():
        review.pk = None
        review.agreement = draft
        review.save()
    return draft


def agreement_start(*, placement: Placement) -> LearningAgreement:
    """A new draft: from the latest agreed version if any, else from the mentees'
    own development plans and the programme's confidentiality protocol."""
    from mentoring.models import ProtocolTemplate

    latest = placement.agreements.order_by("-version").first()
    if latest is not None and latest.status in (AgreementStatus.DRAFT, AgreementStatus.PROPOSED):
        raise ValidationError("This placement already has a version being drafted.")
    if latest is not None and latest.is_locked:
        return agreement_new_version(agreement=latest)
    plans = [
        m.councillor.development_plan
        for m in placement.mentees.select_related("councillor")
        if m.councillor_id and m.councillor.development_plan
    ]
    return LearningAgreement.objects.create(
        placement=placement,
        version=1,
        development_needs="\n\n".join(plans),
        confidentiality_protocol=ProtocolTemplate.current_text(),
    )


def agreement_edited(*, agreement: LearningAgreement) -> LearningAgreement:
    """After an edit: a proposed version goes back to draft, and any agreement to it
    is cleared, because the other side has not seen the change."""
    if agreement.is_locked:
        raise ValidationError(
            "This version has been agreed and cannot change: start a new version instead."
        )
    agreement.status = AgreementStatus.DRAFT
    agreement.mentee_agreed_at = agreement.mentor_agreed_at = None
    agreement.mentee_agreed_by = agreement.mentor_agreed_by = None
    agreement.save()
    agreement.member_agreements.all().delete()
    return agreement


def agreement_propose(*, agreement: LearningAgreement) -> LearningAgreement:
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError("Only a draft can be proposed.")
    if not agreement.goals.exists():
        raise ValidationError("Add at least one goal before proposing the agreement.")
    agreement.status = AgreementStatus.PROPOSED
    agreement.save()
    return agreement


class AgreementChanged(ValidationError):
    """The agreement changed after the person opened it: what they read is not what
    is proposed now, so their agreement is not recorded."""

    def __init__(self, agreement: LearningAgreement):
        then = (
            ", and agree to it if you are content."
            if agreement.status == AgreementStatus.PROPOSED
            else ": it is being redrafted, and you can agree once it is proposed again."
        )
        super().__init__(
            "This learning agreement changed after you opened it, so your agreement was not "
            f"recorded. Read version {agreement.version} as it stands now, below{then}"
        )


@transaction.atomic
def agreement_agree(*, agreement: LearningAgreement, user, read_digest: str) -> LearningAgreement:
    """The mentor, or a mentee for themself, agrees. Once the mentor and a first mentee
    have, the version is active and the one it replaces is superseded; it is in force
    for each member of a group once they have agreed too, which they may do while it
    is active.

    ``read_digest`` is the ``content_digest()`` of the page the person agreed on:
    if the text changed since, nothing is recorded.
    """
    agreement = LearningAgreement.objects.select_for_update().get(pk=agreement.pk)
    if read_digest != agreement.content_digest():
        raise AgreementChanged(agreement)
    side = side_of(agreement, user)
    late_member = side == "mentee" and agreement.status == AgreementStatus.ACTIVE
    if agreement.status != AgreementStatus.PROPOSED and not late_member:
        raise ValidationError("Only a proposed agreement can be agreed.")
    if side is None:
        raise ValidationError("Only the mentor and the mentee can agree to this agreement.")
    now = timezone.now()
    if side == "mentee":
        own = memberships_of(user).filter(placement_id=agreement.placement_id)
        if agreement.member_agreements.filter(mentee__in=own).exists():
            raise ValidationError(f"You have already agreed to version {agreement.version}.")
        MemberAgreement.objects.bulk_create(
            MemberAgreement(agreement=agreement, mentee=mentee, agreed_at=now, agreed_by=user)
            for mentee in own
        )
        if late_member:
            return agreement
    if side == "mentor" or not agreement.mentee_agreed_at:  # the version's: the first member's
        setattr(agreement, f"{side}_agreed_at", now)
        setattr(agreement, f"{side}_agreed_by", user)
    if agreement.mentee_agreed_at and agreement.mentor_agreed_at:
        for earlier in agreement.placement.agreements.filter(status=AgreementStatus.ACTIVE):
            earlier.status = AgreementStatus.SUPERSEDED
            earlier.save()
        agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    return agreement


@transaction.atomic
def session_save(
    *,
    session,
    notes: str,
    actions_agreed: str,
    topics,
    attendees=(),
):
    """Log or change a session with its confidential note.

    A session's minutes are contact time: they do not use peer mentor days, which are
    claimed (mentoring/claims.py)."""
    from mentoring.models import SessionNote

    placement = Placement.objects.select_for_update().get(pk=session.placement_id)
    session.placement = placement
    session.full_clean()
    session.save()
    session.topics.set(topics)
    session.attendees.set(attendees)
    SessionNote.objects.update_or_create(
        session=session, defaults={"notes": notes, "actions_agreed": actions_agreed}
    )
    return session


def session_delete(*, session, user) -> None:
    if not session.editable_by(user):
        raise ValidationError(
            f"Only the mentor who logged a session can delete it, within {session.EDITABLE_DAYS} days."
        )
    session.delete()


# Confidence check-ins ----------------------------------------------------------------


ONCE_ONLY = {
    ConfidenceStage.BASELINE: "You already have a baseline check-in for this placement.",
    ConfidenceStage.END: "You already have an end check-in for this placement.",
}


def confidence_stage_errors(*, mentee: PlacementMentee, stage: str) -> list[str]:
    """Why this mentee cannot record a check-in at this stage now (none: they can)."""
    if stage in ONCE_ONLY and mentee.confidence_checks.filter(stage=stage).exists():
        return [ONCE_ONLY[ConfidenceStage(stage)]]
    return []


@transaction.atomic
def confidence_check_record(
    *,
    mentee: PlacementMentee,
    stage: str,
    taken_on: datetime.date,
    scores: Mapping[str, int],
) -> ConfidenceCheck:
    """Record a check-in with a score from 1 to 5 for every area."""
    missing = [area.label for area in ConfidenceArea if area.value not in scores]
    if missing:
        raise ValidationError(f"Give a score for: {', '.join(missing)}.")
    errors = confidence_stage_errors(mentee=mentee, stage=stage)
    if errors:
        raise ValidationError({"stage": errors})
    check = ConfidenceCheck(mentee=mentee, stage=stage, taken_on=taken_on)
    check.full_clean()
    rows = [ConfidenceScore(check_in=check, area=area, score=scores[area]) for area in scores]
    for row in rows:
        row.full_clean(exclude=["check_in"], validate_unique=False)
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError:  # two tabs sending the same baseline at once
        raise ValidationError(
            {"stage": ONCE_ONLY.get(stage, "This check-in could not be saved: please try again.")}
        ) from None
    for row in rows:
        row.check_in = check
    ConfidenceScore.objects.bulk_create(rows)
    return check


# Ward visits ----------------------------------------------------------------------------


def ward_issue_save(*, issue: WardIssue) -> WardIssue:
    """Add an issue to the ward map (last in its priority) or save a change to one."""
    if issue.pk is None:
        last = (
            WardIssue.objects.filter(placement_id=issue.placement_id)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        issue.order = 0 if last is None else last + 1
    issue.full_clean()
    issue.save()
    return issue


def ward_issue_delete(*, issue: WardIssue) -> None:
    issue.delete()


def ward_report_save(*, report: WardVisitReport) -> WardVisitReport:
    report.full_clean()
    report.save()
    return report
