"""A subject access export written as JSON, as one CSV, or as a readable PDF.

Each writer takes the dictionary ``services.subject_access_export`` returns
and gives bytes; the views add the download headers.
"""

import datetime
import json
import re

from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from core.csv import csv_text
from core.pdf import render_pdf

CSV_HEADER = ["section", "record number", "field", "value"]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def filename(export: dict, extension: str) -> str:
    day = export["produced_at"][:10]
    return f"personal-data-{day}.{extension}"


def json_bytes(export: dict) -> bytes:
    return json.dumps(export, indent=2, ensure_ascii=False).encode("utf-8")


def _cell(value) -> str:
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(value)
    return text  # core.csv guards it against being run as a formula


def csv_rows(export: dict):
    """One long CSV: a line per field of each record, under its section."""
    about = "About this export"
    for key in ("title", "person", "records", "produced_at", "produced_for"):
        yield [about, "", key.replace("_", " "), _cell(export[key])]
    yield [about, "", "confidential content", _cell(export["confidential_content"])]
    for section in export["data"].values():
        for row in section["rows"]:
            for name, label in section["fields"].items():
                if name == "id":
                    continue
                yield [section["title"], row["id"], label, _cell(row[name])]


def csv_bytes(export: dict) -> bytes:
    return csv_text(CSV_HEADER, csv_rows(export)).encode("utf-8")


def readable(value) -> str:
    """A value as a person reads it: dates like 25 November 2026."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and _DATE.match(value):
        return dateformat.format(datetime.date.fromisoformat(value), "j F Y")
    if isinstance(value, str) and _DATETIME.match(value):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return dateformat.format(moment, "j F Y, H:i")
    return str(value)


def pdf_html(export: dict) -> str:
    sections = [
        {
            "title": section["title"],
            "on_erasure": section["on_erasure"],
            "confidential": section["confidential"],
            "rows": [
                {
                    "id": row["id"],
                    "fields": [
                        (label, readable(row[name]))
                        for name, label in section["fields"].items()
                        if name != "id"
                    ],
                }
                for row in section["rows"]
            ],
        }
        for section in export["data"].values()
    ]
    return render_to_string(
        "privacy/pdf/export.html",
        {"export": export, "sections": sections, "produced_at": readable(export["produced_at"])},
    )


def pdf_bytes(export: dict) -> bytes:
    return render_pdf(pdf_html(export))


WRITERS = {
    "json": (json_bytes, "application/json"),
    "csv": (csv_bytes, "text/csv; charset=utf-8"),
    "pdf": (pdf_bytes, "application/pdf"),
}
