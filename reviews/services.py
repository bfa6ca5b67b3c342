"""Writes to review visits, recommendations and the action plan, with their rules."""

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.uploads import DOCX, ODT, PDF, DocumentType, file_type_of, upload_check
from reviews.models import (
    Action,
    ProgressUpdate,
    Recommendation,
    ReviewVisit,
    VisitDocument,
    VisitStatus,
    VisitStatusChange,
)

# Visits ----------------------------------------------------------------------------

LOCKED_MESSAGE = "This visit is published. Reopen it, giving a reason, before changing it."
DOCUMENTS_LOCKED_MESSAGE = (
    "This visit is published, so its documents are locked: the council already sees them. "
    "Reopen the visit, giving a reason, before uploading a document."
)


def visit_check_editable(*, visit: ReviewVisit) -> None:
    """A published visit (its facts, peer team and recommendations) is not changed
    until it is reopened; the action plan goes on."""
    if visit.is_published:
        raise ValidationError(LOCKED_MESSAGE)


def _locked(visit: ReviewVisit) -> ReviewVisit:
    return ReviewVisit.objects.select_for_update().get(pk=visit.pk)


@transaction.atomic
def visit_save(*, form, peer_team=None) -> ReviewVisit:
    """Save a visit's form (and its peer team formset), unless it has been published
    meanwhile. The forms have been validated."""
    visit = form.instance
    if visit.pk:
        visit_check_editable(visit=_locked(visit))
    visit = form.save()
    if peer_team is not None:
        peer_team.instance = visit
        peer_team.save()
    return visit


@transaction.atomic
def visit_change_status(
    *,
    visit: ReviewVisit,
    to_status: str,
    by,
    published_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> VisitStatusChange:
    """Move a visit along planned, on site, report drafted, published; recorded."""
    today = today or timezone.localdate()
    current = _locked(visit)
    errors = current.status_change_errors(to_status, today=today)
    if to_status == VisitStatus.PUBLISHED:
        published_on = published_on or today
        if published_on < current.last_day:
            errors.append("The report cannot be published before the last day on site.")
        if published_on > today:
            errors.append("The date published cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    change = VisitStatusChange.objects.create(
        visit=current, from_status=current.status, to_status=to_status, changed_by=by
    )
    current.status = to_status
    current.published_on = published_on if to_status == VisitStatus.PUBLISHED else None
    current._change_reason = f"Status: {change}"
    current.save(update_fields=["status", "published_on"])
    visit.status, visit.published_on = current.status, current.published_on
    return change


@transaction.atomic
def visit_reopen(*, visit: ReviewVisit, by, reason: str) -> VisitStatusChange:
    """Take a published visit back to report drafted so it can be corrected; why is kept."""
    reason = (reason or "").strip()
    current = _locked(visit)
    if not current.is_published:
        raise ValidationError("Only a published visit is reopened.")
    if not reason:
        raise ValidationError({"reason": "Give the reason for reopening this visit."})
    change = VisitStatusChange.objects.create(
        visit=current,
        from_status=current.status,
        to_status=VisitStatus.REPORT_DRAFTED,
        reason=reason,
        changed_by=by,
    )
    current.status = VisitStatus.REPORT_DRAFTED
    current.published_on = None
    current._change_reason = f"Reopened: {reason}"[:100]
    current.save(update_fields=["status", "published_on"])
    visit.status, visit.published_on = current.status, current.published_on
    return change


# Recommendations and the action plan ----------------------------------------------


def recommendation_next_number(*, visit: ReviewVisit) -> int:
    highest = visit.recommendations.aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation) -> Recommendation:
    visit_check_editable(visit=_locked(recommendation.visit))
    recommendation.full_clean()
    try:
        with transaction.atomic():
            recommendation.save()
    except IntegrityError:
        # Another manager took the number between the check and the save.
        raise ValidationError({"number": "That number is already used for this visit."}) from None
    return recommendation


def action_save(*, action: Action) -> Action:
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def progress_update_add(
    *,
    action: Action,
    text: str,
    rag: str,
    by,
    written_on: datetime.date | None = None,
) -> ProgressUpdate:
    """A dated update, written by the signed-in person. The action takes the RAG of
    its latest update (an update dated before a later one leaves the RAG alone)."""
    written_on = written_on or timezone.localdate()
    if written_on > timezone.localdate():
        raise ValidationError({"written_on": "An update cannot be dated in the future."})
    update = ProgressUpdate(action=action, text=text, rag=rag, written_on=written_on, written_by=by)
    update.full_clean()
    update.save()
    latest = action.updates.order_by("-written_on", "-pk").first()
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if latest.rag != locked.rag:
        locked.rag = latest.rag
        locked._change_reason = f"Progress update of {latest.written_on:%d/%m/%Y}"
        locked.save(update_fields=["rag"])
    action.rag = locked.rag
    return update


# Documents -------------------------------------------------------------------------


DOCUMENT_TYPES = {t.extension: t for t in (PDF, DOCX, ODT)}
ALLOWED_MESSAGE = "Upload a PDF (.pdf), Word (.docx) or OpenDocument text (.odt) file."


def document_type_of(file) -> DocumentType | None:
    """What the file's content is (not what its name says): PDF, DOCX, ODT or None."""
    found = file_type_of(file)
    return found if found in DOCUMENT_TYPES.values() else None


def document_check(*, file: UploadedFile) -> DocumentType:
    """Refuse an empty file, one over ``REVIEW_DOCUMENT_MAX_BYTES`` and one whose
    content is not what its name says, with messages a manager understands."""
    return upload_check(
        file=file,
        accepted=DOCUMENT_TYPES,
        max_bytes=settings.REVIEW_DOCUMENT_MAX_BYTES,
        allowed_message=ALLOWED_MESSAGE,
    )


@transaction.atomic
def visit_document_add(
    *, visit: ReviewVisit, file: UploadedFile, kind: str, title: str, by
) -> VisitDocument:
    """Store a document of a visit that is not published: a published visit is seen
    by the council at once, so it changes only after being reopened with a reason."""
    if _locked(visit).is_published:
        raise ValidationError(DOCUMENTS_LOCKED_MESSAGE)
    kind_of = document_check(file=file)
    document = VisitDocument(
        visit=visit,
        kind=kind,
        title=title,
        original_name=PurePath(file.name).name[:255],
        content_type=kind_of.content_type,
        size=file.size,
        uploaded_by=by,
    )
    document.file.save(file.name, file, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def visit_document_remove(*, document: VisitDocument) -> None:
    """Remove a document of a visit that is not published; the stored file goes too."""
    visit_check_editable(visit=document.visit)
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))
