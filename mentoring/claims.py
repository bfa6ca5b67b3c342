"""Day claims: a mentor claims half or whole days against a placement; the programme
manager approves, queries or rejects them. Days used are approved claims.

Each write validates the claim (``full_clean``), so a rule's refusal reaches the form
as an error on the field it is about. An approved or rejected claim is locked.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import roles_of
from mentoring.models import DayClaim, Mentor, Placement

# What a mentor may set on a claim; the status and the manager's decision are set by
# the actions below, never from a form.
CLAIM_FIELDS = ("worked_on", "length", "purpose", "session", "description")

Status = DayClaim.Status


def _set_fields(claim: DayClaim, data: Mapping) -> None:
    for name in CLAIM_FIELDS:
        if name in data:
            setattr(claim, name, data[name])


def _locked_for_mentor(claim: DayClaim, *, allowed: tuple, doing: str) -> None:
    if claim.status not in allowed:
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}: it cannot be {doing}."
        )


def _lock(claim: DayClaim) -> DayClaim:
    """The claim as it is in the database, its row locked until the transaction ends,
    so two people acting at once cannot both change it."""
    return DayClaim.objects.select_for_update().get(pk=claim.pk)


@transaction.atomic
def day_claim_create(*, mentor: Mentor, placement: Placement, data: Mapping) -> DayClaim:
    """A draft claim: the mentor sends it when ready."""
    claim = DayClaim(mentor=mentor, placement=placement, status=Status.DRAFT)
    _set_fields(claim, data)
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def day_claim_update(claim: DayClaim, *, data: Mapping) -> DayClaim:
    """Change a draft, or a queried claim before sending it again."""
    current = _lock(claim)
    _locked_for_mentor(current, allowed=(Status.DRAFT, Status.QUERIED), doing="changed")
    _set_fields(claim, data)
    claim.status = current.status
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def day_claim_delete(claim: DayClaim) -> None:
    """Only a draft can be deleted: once sent, the programme manager decides."""
    current = _lock(claim)
    _locked_for_mentor(current, allowed=(Status.DRAFT,), doing="deleted")
    current.delete()


@transaction.atomic
def day_claim_submit(claim: DayClaim) -> DayClaim:
    """Send a draft (or a queried claim, changed) for the programme manager's approval.
    The rules are checked again: another claim for the same day may have been sent
    since this one was written."""
    current = _lock(claim)
    _locked_for_mentor(current, allowed=(Status.DRAFT, Status.QUERIED), doing="sent")
    current.full_clean()
    current.status = Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.save(update_fields=["status", "submitted_at"])
    claim.status, claim.submitted_at = current.status, current.submitted_at
    return current


def day_claims_submit_drafts(*, mentor: Mentor) -> tuple[list[DayClaim], dict]:
    """Send all of a mentor's drafts, each on its own: a draft that breaks a rule stays
    a draft, with its errors returned by claim, and the others are sent."""
    sent, refused = [], {}
    drafts = DayClaim.objects.filter(mentor=mentor, status=Status.DRAFT).order_by("worked_on", "pk")
    for claim in drafts:
        try:
            sent.append(day_claim_submit(claim))
        except ValidationError as error:
            refused[claim] = error
    return sent, refused


def _check_manager(by) -> None:
    if not roles_of(by).is_programme_manager:
        raise PermissionDenied("Only a programme manager decides on claims.")


def _decide(claim: DayClaim, *, by, status: str, message: str = "") -> DayClaim:
    _check_manager(by)
    current = _lock(claim)
    if current.status != Status.SUBMITTED:
        raise ValidationError(
            f"This claim is {current.get_status_display().lower()}: only a claim waiting "
            "for approval can be decided."
        )
    current.status = status
    current.message = message
    current.decided_at = timezone.now()
    current.decided_by = by
    current.save(update_fields=["status", "message", "decided_at", "decided_by"])
    return current


def _required(message: str, why: str) -> str:
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": why})
    return message


@transaction.atomic
def day_claim_approve(claim: DayClaim, *, by) -> DayClaim:
    """Approve a claim: it counts in the days used and is locked."""
    return _decide(claim, by=by, status=Status.APPROVED)


@transaction.atomic
def day_claim_query(claim: DayClaim, *, by, message: str) -> DayClaim:
    """Send a claim back to the mentor with a question; they change it and send it again."""
    _check_manager(by)
    message = _required(message, "Say what the mentor needs to change or explain.")
    return _decide(claim, by=by, status=Status.QUERIED, message=message)


@transaction.atomic
def day_claim_reject(claim: DayClaim, *, by, message: str) -> DayClaim:
    """Refuse a claim, with the reason; it no longer counts against the mentor's day."""
    _check_manager(by)
    message = _required(message, "Say why the claim is rejected.")
    return _decide(claim, by=by, status=Status.REJECTED, message=message)
