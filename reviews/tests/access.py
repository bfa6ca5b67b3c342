"""Who may open each reviews page: merged into the access matrix (accounts/tests).

On the demo programme (Rotherham is council X): the October 2016 progress review
and the corporate peer challenge are published; its six-month check-in is a
drafted report. Commissioner X sees every Rotherham visit; Rotherham's
councillors see the published ones; mentors and commissioner Y see none.
Changes are for the programme manager; a published visit sends the manager to
its page (it is reopened, with a reason, before it is changed).
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfWriter

from accounts.tests.personas import LOGIN, SIGNED_IN, only, signed_in
from reviews.models import (
    DocumentKind,
    Recommendation,
    ReviewVisit,
    VisitDocument,
    VisitKind,
)

READERS_OF_PUBLISHED = ("manager", "councillor_a", "councillor_b", "commissioner_x")
READERS_OF_DRAFTS = ("manager", "commissioner_x")
# The manager is sent back to the visit's page ("reopen it first").
TO_THE_VISIT = ("redirect", "/reviews/")


def manager_redirected() -> dict:
    return {"anonymous": LOGIN, **{p: TO_THE_VISIT if p == "manager" else 404 for p in SIGNED_IN}}


EXPECTED = {
    "visit_list": (None, signed_in()),
    "visit_create": (None, only("manager")),
    "visit_detail": (
        lambda o: {"pk": o["published_visit"].pk},
        only(*READERS_OF_PUBLISHED),
    ),
    "visit_edit": (lambda o: {"pk": o["unpublished_visit"].pk}, only("manager")),
    "visit_status": (lambda o: {"pk": o["unpublished_visit"].pk}, only("manager")),
    "visit_reopen": (lambda o: {"pk": o["published_visit"].pk}, only("manager")),
    "recommendation_create": (lambda o: {"pk": o["unpublished_visit"].pk}, only("manager")),
    # The demo's recommendations belong to the published corporate peer challenge.
    "recommendation_edit": (lambda o: {"pk": o["recommendation"].pk}, manager_redirected()),
    "action_plan": (lambda o: {"pk": o["peer_challenge"].pk}, only(*READERS_OF_PUBLISHED)),
    "action_plan_pdf": (lambda o: {"pk": o["peer_challenge"].pk}, only(*READERS_OF_PUBLISHED)),
    # The action plan goes on after publication.
    "action_create": (lambda o: {"pk": o["recommendation"].pk}, only("manager")),
    "action_edit": (lambda o: {"pk": o["action"].pk}, only("manager")),
    "progress_update_create": (lambda o: {"pk": o["action"].pk}, only("manager")),
    "document_upload": (lambda o: {"pk": o["unpublished_visit"].pk}, only("manager")),
    "document_download": (
        lambda o: {"pk": o["published_document"].pk},
        only(*READERS_OF_PUBLISHED),
    ),
    "document_delete": (lambda o: {"pk": o["draft_document"].pk}, only("manager")),
}

EXTRA = [
    ("visit_detail", lambda o: {"pk": o["unpublished_visit"].pk}, only(*READERS_OF_DRAFTS)),
    ("visit_detail", lambda o: {"pk": o["peer_challenge"].pk}, only(*READERS_OF_PUBLISHED)),
    ("visit_edit", lambda o: {"pk": o["published_visit"].pk}, manager_redirected()),
    ("visit_status", lambda o: {"pk": o["published_visit"].pk}, manager_redirected()),
    ("visit_reopen", lambda o: {"pk": o["unpublished_visit"].pk}, manager_redirected()),
    ("recommendation_create", lambda o: {"pk": o["peer_challenge"].pk}, manager_redirected()),
    ("action_plan", lambda o: {"pk": o["unpublished_visit"].pk}, only(*READERS_OF_DRAFTS)),
    ("action_plan_pdf", lambda o: {"pk": o["unpublished_visit"].pk}, only(*READERS_OF_DRAFTS)),
    ("document_download", lambda o: {"pk": o["draft_document"].pk}, only(*READERS_OF_DRAFTS)),
    ("document_delete", lambda o: {"pk": o["published_document"].pk}, manager_redirected()),
    # A published visit is locked for documents too, until it is reopened.
    ("document_upload", lambda o: {"pk": o["published_visit"].pk}, manager_redirected()),
]

# One stored file with a fixed name serves every run (no new file is left each time).
LETTER_NAME = "review-documents/access-matrix/letter.pdf"


def _letter() -> bytes:
    """A small but real one-page PDF, so the download answers as it would for a letter."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _document(visit: ReviewVisit, title: str) -> VisitDocument:
    """The demo has no uploaded documents: one is recorded for each visit tried."""
    if not default_storage.exists(LETTER_NAME):
        default_storage.save(LETTER_NAME, ContentFile(_letter()))
    document, _ = VisitDocument.objects.get_or_create(
        visit=visit,
        title=title,
        defaults={
            "kind": DocumentKind.LETTER,
            "file": LETTER_NAME,
            "original_name": "letter.pdf",
            "content_type": "application/pdf",
            "size": default_storage.size(LETTER_NAME),
        },
    )
    return document


def objects(users) -> dict:
    published = ReviewVisit.objects.get(kind=VisitKind.PROGRESS_REVIEW)
    unpublished = ReviewVisit.objects.get(kind=VisitKind.CHECK_IN)
    peer_challenge = ReviewVisit.objects.get(kind=VisitKind.CORPORATE_PEER_CHALLENGE)
    recommendation = Recommendation.objects.filter(visit=peer_challenge).order_by("number").first()
    return {
        "published_visit": published,
        "unpublished_visit": unpublished,
        "peer_challenge": peer_challenge,
        "recommendation": recommendation,
        "action": recommendation.actions.order_by("pk").first(),
        "published_document": _document(published, "Feedback letter (access matrix)"),
        "draft_document": _document(unpublished, "Draft letter (access matrix)"),
    }
