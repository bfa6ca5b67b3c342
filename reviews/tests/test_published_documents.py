"""A published visit is locked for documents too: the council sees it at once, so
nothing is uploaded to it until it is reopened with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import services
from reviews.models import VisitDocument, VisitStatus
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LOCKED = "This visit is published, so its documents are locked"


def published_visit():
    return ReviewVisitFactory(
        status=VisitStatus.PUBLISHED,
        published_on=datetime.date(2025, 4, 1),
        findings="Good progress.",
        judgement="Sufficient.",
    )


def post_upload(client, visit, **extra):
    return client.post(
        reverse("document_upload", args=[visit.pk]),
        {
            "kind": "report",
            "title": "A late report",
            "file": SimpleUploadedFile("late.pdf", PDF_BYTES, "application/pdf"),
        },
        **extra,
    )


def test_a_published_visit_s_page_has_no_upload_link(manager_client):
    visit = published_visit()
    body = manager_client.get(reverse("visit_detail", args=[visit.pk])).content.decode()
    assert reverse("document_upload", args=[visit.pk]) not in body
    assert "Upload a document" not in body
    assert "reopen it, giving a reason, to upload another" in body


def test_a_visit_being_drafted_has_its_upload_link(manager_client):
    visit = ReviewVisitFactory(status=VisitStatus.REPORT_DRAFTED)
    body = manager_client.get(reverse("visit_detail", args=[visit.pk])).content.decode()
    assert reverse("document_upload", args=[visit.pk]) in body


def test_uploading_to_a_published_visit_stores_nothing_and_says_why(manager_client, media_in_tmp):
    visit = published_visit()
    response = post_upload(manager_client, visit, follow=True)
    assert response.redirect_chain[-1][0] == reverse("visit_detail", args=[visit.pk])
    body = response.content.decode()
    assert LOCKED in body
    assert "Reopen the visit, giving a reason, before uploading a document." in body
    assert not VisitDocument.objects.exists()
    assert not (media_in_tmp / "review-documents").exists()


def test_the_upload_page_of_a_published_visit_is_not_offered(manager_client):
    visit = published_visit()
    response = manager_client.get(reverse("document_upload", args=[visit.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("visit_detail", args=[visit.pk])
    assert LOCKED in response.content.decode()


def test_a_visit_published_while_the_form_was_filled_in_refuses_the_file(manager, media_in_tmp):
    visit = ReviewVisitFactory(status=VisitStatus.REPORT_DRAFTED)
    stale = type(visit).objects.get(pk=visit.pk)
    type(visit).objects.filter(pk=visit.pk).update(status=VisitStatus.PUBLISHED)
    with pytest.raises(ValidationError) as caught:
        services.visit_document_add(
            visit=stale,
            file=SimpleUploadedFile("late.pdf", PDF_BYTES),
            kind="report",
            title="A late report",
            by=manager,
        )
    assert LOCKED in " ".join(caught.value.messages)
    assert not VisitDocument.objects.exists()
    assert not (media_in_tmp / "review-documents").exists()


def test_after_reopening_with_a_reason_a_document_can_be_uploaded(manager_client):
    visit = published_visit()
    manager_client.post(
        reverse("visit_reopen", args=[visit.pk]), {"reason": "The letter was left out."}
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORT_DRAFTED

    body = manager_client.get(reverse("visit_detail", args=[visit.pk])).content.decode()
    assert reverse("document_upload", args=[visit.pk]) in body
    response = post_upload(manager_client, visit)

    assert response["Location"] == reverse("visit_detail", args=[visit.pk])
    assert visit.documents.get().title == "A late report"
