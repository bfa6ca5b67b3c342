"""Uploads to a review visit that must be refused: a wrong type behind a good name, a file
over the size limit, an empty file, no file. Each is refused through the page with its
message on the file field, the form keeps what was typed, and nothing is stored.
(test_documents.py checks the messages of each kind of file; these check the page.)"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import VisitDocument
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# The start of a Windows program: "MZ", then its DOS header.
EXECUTABLE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def plain_zip() -> bytes:
    """A ZIP archive that is no document: the shape of a .docx or .odt, nothing inside."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", EXECUTABLE_BYTES)
    return out.getvalue()


def post(client, visit, name, content, **data):
    return client.post(
        reverse("document_upload", args=[visit.pk]),
        {
            "kind": "letter",
            "title": "Feedback letter to the Leader",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
            **data,
        },
    )


def refused(response) -> list[str]:
    """The messages on the file field of the form that came back."""
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"file"}, errors
    return errors["file"]


def nothing_stored(media_in_tmp) -> bool:
    stored = media_in_tmp / "review-documents"
    return not VisitDocument.objects.exists() and (
        not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "letter.pdf",
            EXECUTABLE_BYTES,
            "letter.pdf ends in .pdf but is not a PDF, nor any document we accept.",
        ),
        (
            "letter.pdf",
            plain_zip(),
            "letter.pdf ends in .pdf but is not a PDF, nor any document we accept.",
        ),
        (
            "letter.docx",
            plain_zip(),
            "letter.docx ends in .docx but is not a Word document, nor any document we accept.",
        ),
        (
            "letter.odt",
            EXECUTABLE_BYTES,
            "letter.odt ends in .odt but is not an OpenDocument text document, nor any document "
            "we accept.",
        ),
        ("letter.pdf.exe", PDF_BYTES, "letter.pdf.exe is not a document we accept."),
    ],
)
def test_a_wrong_type_behind_a_good_name_is_refused_on_the_file_field(
    manager_client, media_in_tmp, name, content, message
):
    response = post(manager_client, ReviewVisitFactory(), name, content)
    [error] = refused(response)
    assert error.startswith(message)
    assert "Upload a PDF (.pdf), Word (.docx) or OpenDocument text (.odt) file." in error
    assert nothing_stored(media_in_tmp)


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(
    manager_client, media_in_tmp, settings
):
    settings.REVIEW_DOCUMENT_MAX_BYTES = 2 * 1024
    response = post(manager_client, ReviewVisitFactory(), "report.pdf", PDF_BYTES * 200)
    [error] = refused(response)
    assert error.replace("\xa0", " ") == (
        f"report.pdf is {len(PDF_BYTES) * 200 / 1024:.1f} KB; the largest file allowed is 2.0 KB."
    )
    assert nothing_stored(media_in_tmp)


def test_a_file_just_over_the_limit_says_by_how_many_bytes(manager_client, settings):
    """Both sizes would read "1.0 KB": the exact sizes are given too."""
    settings.REVIEW_DOCUMENT_MAX_BYTES = 1024
    content = PDF_BYTES + b"0" * (1025 - len(PDF_BYTES))
    [error] = refused(post(manager_client, ReviewVisitFactory(), "report.pdf", content))
    assert error.replace("\xa0", " ") == (
        "report.pdf is 1.0 KB (1,025 bytes); the largest file allowed is 1.0 KB (1,024 bytes)."
    )


def test_the_page_says_what_the_size_limit_is(manager_client, settings):
    settings.REVIEW_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    visit = ReviewVisitFactory()
    body = manager_client.get(reverse("document_upload", args=[visit.pk])).content.decode()
    assert "20.0\xa0MB" in body


def test_an_empty_file_is_refused_on_the_file_field(manager_client, media_in_tmp):
    response = post(manager_client, ReviewVisitFactory(), "report.pdf", b"")
    assert refused(response) == ["report.pdf is empty. Choose the saved document and try again."]
    assert nothing_stored(media_in_tmp)


def test_no_file_or_text_in_place_of_a_file_is_refused_on_the_file_field(
    manager_client, media_in_tmp
):
    visit = ReviewVisitFactory()
    url = reverse("document_upload", args=[visit.pk])
    response = manager_client.post(url, {"kind": "letter", "title": "A letter"})
    assert refused(response) == ["Choose the document's file."]
    response = manager_client.post(url, {"kind": "letter", "title": "A letter", "file": "x.pdf"})
    assert refused(response) == ["Choose the document's file."]
    assert nothing_stored(media_in_tmp)


def test_a_refused_upload_keeps_the_title_and_kind_that_were_typed(manager_client):
    title = "Lettre d’accompagnement — «Rotherham» & <partners>"
    response = post(
        manager_client,
        ReviewVisitFactory(),
        "letter.pdf",
        EXECUTABLE_BYTES,
        title=title,
        kind="other",
    )
    refused(response)
    body = response.content.decode()
    assert 'value="Lettre d’accompagnement — «Rotherham» &amp; &lt;partners&gt;"' in body
    assert '<option value="other" selected>' in body


def test_a_good_pdf_after_a_refusal_is_stored_once(manager_client, media_in_tmp):
    visit = ReviewVisitFactory()
    post(manager_client, visit, "letter.pdf", EXECUTABLE_BYTES)
    response = post(manager_client, visit, "letter.pdf", PDF_BYTES)
    assert response.status_code == 302
    document = VisitDocument.objects.get()
    assert (media_in_tmp / document.file.name).read_bytes() == PDF_BYTES
