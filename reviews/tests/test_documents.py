"""Letters and reports of a visit: their real type and size are checked, they are
stored in media storage and downloaded only by those who may see the visit."""

import importlib
import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CommissionerAppointmentFactory, CouncillorFactory
from reviews import services
from reviews.models import VisitDocument, VisitStatus
from reviews.tests.factories import ReviewVisitFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


DOCX_BYTES = zipped(
    {
        "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>",
        "word/document.xml": b"<w:document/>",
    }
)
XLSX_BYTES = zipped(
    {
        "[Content_Types].xml": b'<Types><Override PartName="/xl/workbook.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    }
)
DOCM_BYTES = zipped(
    {
        "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType='
        b'"application/vnd.ms-word.document.macroEnabled.main+xml"/><Override PartName='
        b'"/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.styles+xml"/></Types>',
    }
)
ODT_BYTES = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
)
ODS_BYTES = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        services.document_check(file=upload(name, content))
    return " ".join(caught.value.messages)


# The checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [
        ("report.pdf", PDF_BYTES, "a PDF"),
        ("Letter.PDF", PDF_BYTES, "a PDF"),
        ("report.docx", DOCX_BYTES, "a Word document"),
        ("report.odt", ODT_BYTES, "an OpenDocument text document"),
    ],
)
def test_a_pdf_docx_or_odt_whose_content_matches_its_name_is_accepted(name, content, label):
    assert services.document_check(file=upload(name, content)).label == label


def test_an_image_behind_a_pdf_name_is_refused():
    assert refusal("report.pdf", PNG_BYTES) == (
        "report.pdf ends in .pdf but is not a PDF, nor any document we accept. "
        "Upload a PDF (.pdf), Word (.docx) or OpenDocument text (.odt) file."
    )


def test_a_word_document_behind_a_pdf_name_is_refused_and_says_what_it_is():
    assert refusal("report.pdf", DOCX_BYTES) == (
        "report.pdf ends in .pdf but is a Word document. Rename it to end in .docx, "
        "or upload a PDF."
    )


def test_a_spreadsheet_behind_a_docx_or_odt_name_is_refused():
    assert "plan.docx ends in .docx but is not a Word document" in refusal("plan.docx", XLSX_BYTES)
    assert "plan.odt ends in .odt but is not an OpenDocument text document" in refusal(
        "plan.odt", ODS_BYTES
    )


def test_a_macro_enabled_word_document_behind_a_docx_name_is_refused():
    assert "plan.docx ends in .docx but is not a Word document" in refusal("plan.docx", DOCM_BYTES)


def test_a_broken_zip_behind_a_docx_name_is_refused():
    assert "but is not a Word document" in refusal("plan.docx", b"PK\x03\x04broken")


def test_a_file_of_another_kind_is_refused_by_its_name():
    assert refusal("notes.txt", b"Some notes") == (
        "notes.txt is not a document we accept. Upload a PDF (.pdf), Word (.docx) or "
        "OpenDocument text (.odt) file."
    )


def test_an_empty_file_is_refused():
    assert refusal("report.pdf", b"") == (
        "report.pdf is empty. Choose the saved document and try again."
    )


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_accepted(settings):
    settings.REVIEW_DOCUMENT_MAX_BYTES = len(PDF_BYTES)
    services.document_check(file=upload("report.pdf", PDF_BYTES))
    assert refusal("report.pdf", PDF_BYTES + b" ").replace("\xa0", " ") == (
        f"report.pdf is {len(PDF_BYTES) + 1} bytes; the largest file allowed is "
        f"{len(PDF_BYTES)} bytes."
    )


def test_the_limit_is_twenty_megabytes_unless_set():
    # The settings module as written, whatever a fixture changed.
    project_settings = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])

    assert project_settings.REVIEW_DOCUMENT_MAX_BYTES == 20 * 1024 * 1024


# Uploading through the page ----------------------------------------------------------------------


def post_upload(client, visit, name, content, **data):
    return client.post(
        reverse("document_upload", args=[visit.pk]),
        {"kind": "report", "title": "The report", "file": upload(name, content), **data},
    )


def test_a_manager_uploads_the_report_to_media_storage(manager_client, manager, media_in_tmp):
    visit = ReviewVisitFactory()
    response = post_upload(manager_client, visit, "CPC report.pdf", PDF_BYTES)
    assert response["Location"] == reverse("visit_detail", args=[visit.pk])
    document = visit.documents.get()
    assert document.file.name.startswith(f"review-documents/{visit.pk}/")
    assert document.file.name.endswith(".pdf") and "CPC" not in document.file.name
    assert (media_in_tmp / document.file.name).read_bytes() == PDF_BYTES
    assert (document.original_name, document.content_type, document.size) == (
        "CPC report.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert document.uploaded_by == manager


def test_a_refused_upload_says_why_beside_the_field_and_stores_nothing(
    manager_client, media_in_tmp
):
    visit = ReviewVisitFactory()
    response = post_upload(manager_client, visit, "report.pdf", PNG_BYTES, title="Kept title")
    body = response.content.decode()
    assert response.status_code == 200
    assert "report.pdf ends in .pdf but is not a PDF" in body
    assert 'value="Kept title"' in body
    assert not VisitDocument.objects.exists()
    assert not (media_in_tmp / "review-documents").exists()


def test_an_empty_upload_is_refused_with_the_same_words(manager_client):
    response = post_upload(manager_client, ReviewVisitFactory(), "report.pdf", b"")
    assert "report.pdf is empty." in response.content.decode()


def test_an_upload_over_the_limit_is_refused(manager_client, settings):
    settings.REVIEW_DOCUMENT_MAX_BYTES = 10
    response = post_upload(manager_client, ReviewVisitFactory(), "report.pdf", PDF_BYTES)
    assert "the largest file allowed is 10" in response.content.decode()
    assert not VisitDocument.objects.exists()


def test_removing_a_document_asks_first_then_deletes_the_stored_file(
    manager_client, media_in_tmp, django_capture_on_commit_callbacks
):
    visit = ReviewVisitFactory()
    post_upload(manager_client, visit, "letter.odt", ODT_BYTES)
    document = visit.documents.get()
    stored = media_in_tmp / document.file.name
    url = reverse("document_delete", args=[document.pk])
    assert "Are you sure" in manager_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(url)
    assert not visit.documents.exists()
    assert not stored.exists()


def test_a_published_visit_s_documents_are_not_removed(manager_client):
    visit = ReviewVisitFactory()
    post_upload(manager_client, visit, "letter.pdf", PDF_BYTES)
    visit.status = VisitStatus.PUBLISHED
    visit.save()
    document = visit.documents.get()
    response = manager_client.post(reverse("document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert visit.documents.exists()


# Who may download ----------------------------------------------------------------------------------


@pytest.fixture
def document(manager):
    visit = ReviewVisitFactory(status=VisitStatus.REPORT_DRAFTED)
    return services.visit_document_add(
        visit=visit,
        file=upload("Feedback letter.pdf", PDF_BYTES),
        kind="letter",
        title="Feedback letter",
        by=manager,
    )


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def councillor_user(council):
    user = UserFactory()
    CouncillorFactory(council=council, user=user)
    return user


def test_the_manager_downloads_a_document_as_an_attachment(manager_client, document):
    response = manager_client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Feedback letter.pdf"'
    assert downloaded(response) == PDF_BYTES


def test_the_council_s_commissioner_downloads_a_draft_s_document(client, document):
    commissioner = CommissionerAppointmentFactory(council=document.visit.council).commissioner
    client.force_login(commissioner)
    response = client.get(reverse("document_download", args=[document.pk]))
    assert downloaded(response) == PDF_BYTES


def test_another_council_s_commissioner_gets_nothing(client, document):
    client.force_login(CommissionerAppointmentFactory().commissioner)
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404


def test_the_council_s_councillors_download_only_once_the_visit_is_published(client, document):
    client.force_login(councillor_user(document.visit.council))
    url = reverse("document_download", args=[document.pk])
    assert client.get(url).status_code == 404
    ReviewVisitFactory._meta.model.objects.filter(pk=document.visit_id).update(
        status=VisitStatus.PUBLISHED
    )
    assert downloaded(client.get(url)) == PDF_BYTES


def test_a_councillor_of_another_council_never_downloads(client, document):
    document.visit.status = VisitStatus.PUBLISHED
    document.visit.save()
    client.force_login(councillor_user(ReviewVisitFactory().council))
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404


def test_someone_signed_out_is_sent_to_sign_in(client, document):
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_stored_file_has_no_public_media_address(manager_client, document, settings):
    assert manager_client.get("/" + settings.MEDIA_URL + document.file.name).status_code == 404
    assert (
        "/media/"
        not in manager_client.get(
            reverse("visit_detail", args=[document.visit_id])
        ).content.decode()
    )


def test_a_missing_stored_file_answers_not_found(manager_client, document):
    document.file.storage.delete(document.file.name)
    assert manager_client.get(reverse("document_download", args=[document.pk])).status_code == 404
