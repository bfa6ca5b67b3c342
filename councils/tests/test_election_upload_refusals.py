"""An election file that is not what its name says, too large or empty is refused on the
upload page, on its file field, with what was chosen kept; nothing waits to be imported."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import ProgrammeManagerFactory
from councils.views import IMPORT_SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(ProgrammeManagerFactory())
    return client


def spreadsheet() -> bytes:
    """An Excel workbook's shape: a ZIP archive, as .xlsx files are."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(
        reverse("election_import"),
        {"kind": "by-election", "file": SimpleUploadedFile(name, content)},
    )


def refused(client, response) -> list[str]:
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"file"}, errors
    assert IMPORT_SESSION_KEY not in client.session
    assert re.search(r'value="by-election"[^>]* checked', response.content.decode())
    return errors["file"]


@pytest.mark.parametrize(
    "content",
    [
        spreadsheet(),
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",  # a Windows program
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
    ids=["spreadsheet", "program", "image"],
)
def test_a_file_that_is_not_text_behind_a_csv_name_is_refused(manager, content):
    response = upload(manager, "results.csv", content)
    assert refused(manager, response) == ["This is not a CSV file: save it as CSV and try again."]


def test_a_file_over_one_megabyte_is_refused(manager):
    content = b"name,council,party,ward,elected_on,email\r\n" + b"x" * (1024 * 1024)
    response = upload(manager, "results.csv", content)
    assert refused(manager, response) == ["The file is larger than 1 MB: split it by council."]


def test_an_empty_file_is_refused(manager):
    response = upload(manager, "results.csv", b"")
    assert refused(manager, response) == ["The file is empty: choose the CSV file of councillors."]
