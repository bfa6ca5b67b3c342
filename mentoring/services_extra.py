"""Confidence check-ins and ward visits: the reads and writes their pages use.

Writes validate the model (``full_clean``) before saving, so the database
constraints' messages reach the person as form errors.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from accounts.roles import roles_of
from mentoring.models import (
    WARD_VISIT,
    ConfidenceArea,
    ConfidenceCheck,
    ConfidenceScore,
    ConfidenceStage,
    Placement,
    PlacementMentee,
    WardIssue,
    WardVisitReport,
)

# Confidence check-ins ----------------------------------------------------------------


def memberships_of(user) -> QuerySet[PlacementMentee]:
    """The user's own places as a mentee (as a councillor or an officer), whatever
    else they are: the placements they may record a check-in for."""
    r = roles_of(user)
    q = Q(pk__in=[])
    if r.councillor_id:
        q |= Q(councillor_id=r.councillor_id)
    if r.officer_id:
        q |= Q(officer_id=r.officer_id)
    return PlacementMentee.objects.filter(q)


def confidence_series_visible_to(user) -> QuerySet[PlacementMentee]:
    """Mentees whose check-ins the user may read (``ConfidenceCheck.visible_to``),
    and the user's own places as a mentee, even before their first check-in."""
    seen = ConfidenceCheck.objects.visible_to(user).values("mentee")
    return PlacementMentee.objects.filter(
        Q(pk__in=seen) | Q(pk__in=memberships_of(user).values("pk"))
    )


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


def ward_visits_visible_to(user) -> QuerySet[Placement]:
    """Ward visit placements of the user's pair, or every one for a programme manager."""
    return Placement.objects.visible_to(user).filter(mentoring_type__slug=WARD_VISIT)


def ward_visits_mentored_by(user) -> QuerySet[Placement]:
    """Ward visit placements the user is a mentor of: the only ones they may change."""
    mentor_id = roles_of(user).mentor_id
    if not mentor_id:
        return Placement.objects.none()
    return (
        Placement.objects.in_pair_of(user)
        .filter(mentors__pk=mentor_id, mentoring_type__slug=WARD_VISIT)
        .distinct()
    )


def ward_visit_editable_by(*, placement: Placement, user) -> bool:
    """Whether the user mentors this placement (reads its prefetched mentors)."""
    mentor_id = roles_of(user).mentor_id
    return bool(mentor_id) and any(m.pk == mentor_id for m in placement.mentors.all())


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
