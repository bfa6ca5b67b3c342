"""CSV downloads, written one way: every export of the site goes through ``csv_response``.

Three things a spreadsheet needs that a plain ``csv.writer`` does not give:

- the formula guard: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return would be read by Excel or LibreOffice as a formula (a ``=HYPERLINK(...)`` in a
  councillor's name would run on the manager's machine), so such a cell starts with a
  single quote, as OWASP advises ("CSV Injection");
- the UTF-8 byte-order mark, without which Excel reads "Siân" as "SiÃ¢n";
- a filename that is safe in the ``Content-Disposition`` header: ASCII letters, digits,
  dots, hyphens and underscores only, so no quote, slash or line break can end the
  header or name a folder.
"""

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def csv_cell(value) -> str:
    """``value`` as a cell that a spreadsheet shows as text and never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_filename(name: str) -> str:
    """``name`` as a download's filename: accents dropped to ASCII, every other character
    that is not a letter, digit, dot, hyphen or underscore made a hyphen."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE_IN_FILENAME.sub("-", ascii_name).strip(".-")
    if not cleaned.lower().endswith(".csv"):
        cleaned = (cleaned or "export") + ".csv"
    return cleaned


class _Echo:
    """A file whose ``write`` hands the line back, so a writer can feed a stream."""

    def write(self, value):
        return value


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The file line by line: the byte-order mark and header first, every cell guarded."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    return "".join(csv_lines(header, rows))


def csv_response(
    filename: str, header: Iterable, rows: Iterable[Iterable], *, streaming: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """A download of ``header`` and ``rows`` (values as they come: None, dates, numbers).
    ``streaming`` sends each line as it is written, for an export too long to hold."""
    if streaming:
        response = StreamingHttpResponse(csv_lines(header, rows), content_type=CONTENT_TYPE)
    else:
        response = HttpResponse(csv_text(header, rows), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(filename)}"'
    return response
