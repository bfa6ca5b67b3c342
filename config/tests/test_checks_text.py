"""The placeholder scan the accessibility sweep runs on every page (checks_text.py)
finds what it is for, and lets plain English through."""

import pytest

from config.tests.checks_text import placeholder_problems


@pytest.mark.parametrize(
    "text",
    [
        "Accreditation [invalid name]",
        "Council ---------",
        "Active: Unknown",
        "3 councillor(s)",
        "Session note #81",
        "SHA-256 " + "2e39c14cce549315ae25623420528bee061c21dd82ad9cac4fc101accf559aba",
        "Last session\tNone",
        "By-election election, 5 May 2026",
    ],
)
def test_a_placeholder_is_found_and_quoted(text):
    problems = placeholder_problems(text)
    assert len(problems) == 1
    assert text.split()[-1] in problems[0] or text.split()[0] in problems[0]


@pytest.mark.parametrize(
    "text",
    [
        "None yet",
        "Last session\tNone recorded",
        "By-election, 5 May 2026",
        "2 councillors and 1 officer",
        "Scores 3 3 4",  # numbers repeat in tables
        "Leeds\tLeeds",  # two table cells, not a doubled word
        "Choose a council",
    ],
)
def test_plain_english_passes(text):
    assert placeholder_problems(text) == []
