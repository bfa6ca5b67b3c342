"""Day claims: a mentor claims half or whole days against a placement; the programme
manager approves, queries or rejects them. Days used are approved claims.

Each write validates the claim (``full_clean``), so a rule's refusal reaches the form
as an error on the field it is about. An approved or rejected claim is locked.
"""

from collections.abc import Mapping
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.access import roles_of
from core.uploads import JPEG, PDF, PNG, FileType, upload_check
from mentoring.models import ClaimExpense, DayClaim, DayExtension, Mentor, Placement
from mentoring.money import claim_fee
from notifications.rules import CLAIM_SENT
from notifications.services import notification_notify, programme_manager_ids

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


def _notify_sent(mentor: Mentor, count: int) -> None:
    """Tell every programme manager that a mentor sent claims: one notification for
    the sending, whatever the number of claims. Only the name and the number."""
    if not count:
        return
    claims = "a day claim" if count == 1 else f"{count} day claims"
    notification_notify(
        recipient_ids=programme_manager_ids(),
        kind=CLAIM_SENT,
        title=f"{mentor.full_name} sent {claims}"[:200],
        body=f"{mentor.full_name} sent {claims} for your approval.",
        link=f"{reverse('claim_list')}?status={Status.SUBMITTED}",
    )


@transaction.atomic
def day_claim_submit(claim: DayClaim) -> DayClaim:
    """Send a draft (or a queried claim, changed) for the programme manager's approval.
    The rules are checked again: another claim for the same day may have been sent
    since this one was written. The programme managers are told."""
    current = _send(claim)
    _notify_sent(current.mentor, 1)
    return current


def _send(claim: DayClaim) -> DayClaim:
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
            with transaction.atomic():
                sent.append(_send(claim))
        except ValidationError as error:
            refused[claim] = error
    _notify_sent(mentor, len(sent))
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


def _required(message: str, why: str, *, field: str = "message") -> str:
    message = (message or "").strip()
    if not message:
        raise ValidationError({field: why})
    return message


def day_claim_excess(claim: DayClaim) -> Decimal:
    """How far approving the claim would take its placement past the days allowed
    (agreed, and any extension); zero if it stays within them."""
    placement = Placement.objects.with_days().get(pk=claim.placement_id)
    return max(placement.days_used + claim.days - placement.days_allowed, Decimal("0"))


@transaction.atomic
def day_claim_approve(claim: DayClaim, *, by, extension_reason: str = "") -> DayClaim:
    """Approve a claim: it counts in the days used, is paid at the day's rate and is
    locked. A claim past the placement's agreed days needs an extension, agreed here
    with a reason and recorded against the placement."""
    _check_manager(by)
    # The placement's row is locked, so two approvals at once cannot both fit the days left.
    Placement.objects.select_for_update().filter(pk=claim.placement_id).first()
    excess = day_claim_excess(claim)
    if excess:
        reason = _required(
            extension_reason,
            f"This claim takes the placement {excess} day{'s' if excess != 1 else ''} past "
            "the days agreed: to approve it, agree an extension and say why.",
            field="extension_reason",
        )
        DayExtension.objects.create(
            placement_id=claim.placement_id, days=excess, reason=reason, agreed_by=by
        )
    decided = _decide(claim, by=by, status=Status.APPROVED)
    decided.fee = claim_fee(decided)
    decided.save(update_fields=["fee"])
    return decided


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


# Expenses ------------------------------------------------------------------------------

RECEIPT_TYPES = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
RECEIPT_ALLOWED = "Upload the receipt as a PDF (.pdf), JPEG (.jpg) or PNG (.png) file."
EXPENSE_FIELDS = ("kind", "description", "amount")


def receipt_check(file) -> FileType:
    """A receipt is a PDF, JPEG or PNG, not empty, within ``RECEIPT_MAX_BYTES``, and
    its name's ending says what it holds."""
    return upload_check(
        file=file,
        accepted=RECEIPT_TYPES,
        max_bytes=settings.RECEIPT_MAX_BYTES,
        allowed_message=RECEIPT_ALLOWED,
        noun="receipt",
    )


def _expenses_open(claim: DayClaim, *, doing: str) -> DayClaim:
    current = _lock(claim)
    _locked_for_mentor(current, allowed=(Status.DRAFT, Status.QUERIED), doing=doing)
    return current


@transaction.atomic
def claim_expense_add(claim: DayClaim, *, data: Mapping, receipt=None) -> ClaimExpense:
    """An expense on a draft or queried claim, approved with it; a receipt is needed
    over ``EXPENSE_RECEIPT_OVER``."""
    current = _expenses_open(claim, doing="given more expenses")
    expense = ClaimExpense(claim=current, **{name: data.get(name) for name in EXPENSE_FIELDS})
    if receipt:
        try:
            kind = receipt_check(receipt)
        except ValidationError as error:
            raise ValidationError({"receipt": error.messages}) from None
        expense.receipt_name = PurePath(receipt.name).name[:255]
        expense.receipt_type = kind.content_type
        expense.receipt.save(receipt.name, receipt, save=False)
    try:
        expense.full_clean()
        expense.save()
    except Exception:
        if expense.receipt:
            expense.receipt.delete(save=False)
        raise
    return expense


@transaction.atomic
def claim_expense_remove(expense: ClaimExpense) -> None:
    """Remove an expense from a draft or queried claim; its receipt goes too."""
    _expenses_open(expense.claim, doing="changed")
    stored, storage = expense.receipt.name, expense.receipt.storage
    expense.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
