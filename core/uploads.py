"""What an uploaded file is, by its content (not its name), and the checks every upload
passes: not empty, not too large, and its name's ending matching what it holds.

Model-free: reviews (visit documents) and mentoring (receipts) each give the types they
accept and their own wording.
"""

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class FileType:
    label: str  # with its article: "a PDF"
    extension: str
    content_type: str


# The name reviews has always used.
DocumentType = FileType

PDF = FileType("a PDF", ".pdf", "application/pdf")
DOCX = FileType(
    "a Word document",
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
ODT = FileType("an OpenDocument text document", ".odt", "application/vnd.oasis.opendocument.text")
JPEG = FileType("a JPEG image", ".jpg", "image/jpeg")
PNG = FileType("a PNG image", ".png", "image/png")

DOCX_MAIN_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Enough of a ZIP entry to see what it declares; a small entry by far.
_ENTRY_READ_LIMIT = 64 * 1024


def _zip_document_type(file) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    declared = entry.read(_ENTRY_READ_LIMIT).decode("ascii", "replace").strip()
                if declared == ODT.content_type:
                    return ODT
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    types = entry.read(_ENTRY_READ_LIMIT).decode("utf-8", "replace")
                # The main part of a Word document (not a macro-enabled one nor a template).
                if DOCX_MAIN_PART in types:
                    return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None
    return None


def file_type_of(file) -> FileType | None:
    """What the file's content is: PDF, DOCX, ODT, JPEG, PNG or None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    found = None
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"PK\x03\x04"):
        found = _zip_document_type(file)
    file.seek(0)
    return found


def upload_check(
    *,
    file,
    accepted: Mapping[str, FileType],
    max_bytes: int,
    allowed_message: str,
    noun: str = "document",
) -> FileType:
    """Refuse an empty file, one over ``max_bytes`` and one whose content is not what its
    name says (``accepted`` maps each name ending to its type), each message naming the
    file; the type found otherwise."""
    name = PurePath(file.name or "").name
    if not file.size:
        raise ValidationError(f"{name} is empty. Choose the saved {noun} and try again.")
    if file.size > max_bytes:
        size, largest = filesizeformat(file.size), filesizeformat(max_bytes)
        if size == largest:  # "20.0 MB; the largest allowed is 20.0 MB" would puzzle
            size, largest = f"{size} ({file.size:,} bytes)", f"{largest} ({max_bytes:,} bytes)"
        raise ValidationError(f"{name} is {size}; the largest file allowed is {largest}.")
    suffix = PurePath(name).suffix.lower()
    expected = accepted.get(suffix)
    if expected is None:
        raise ValidationError(f"{name} is not a {noun} we accept. {allowed_message}")
    found = file_type_of(file)
    if found is None or found not in accepted.values():
        raise ValidationError(
            f"{name} ends in {suffix} but is not {expected.label}, nor any "
            f"{noun} we accept. {allowed_message}"
        )
    if found != expected:
        raise ValidationError(
            f"{name} ends in {suffix} but is {found.label}. Rename it to end "
            f"in {found.extension}, or upload {expected.label}."
        )
    return found
