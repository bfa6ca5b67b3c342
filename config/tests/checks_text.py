"""The placeholder scan: text a person reads on a page that a developer left unfinished.

Each pattern is something the framework or a careless template prints when no one chose
the words: django-filter's "[invalid name]" label, Django's "---------" empty choice,
"Unknown" for an empty yes-or-no, "(s)" instead of a plural, record numbers ("#81") and
hashes, Python's "None", and a word doubled by joining two strings ("By-election election").
"""

import re

PATTERNS = [
    (re.compile(r"\[invalid"), "a label django-filter could not name"),
    (re.compile(r"-{9}"), "a row of dashes as an empty choice"),
    (re.compile(r"\bUnknown\b"), "'Unknown' where a yes or no, or a choice, was meant"),
    (re.compile(r"\(s\)"), "'(s)' instead of a proper plural"),
    (re.compile(r"#\d+"), "a record number"),
    (re.compile(r"\b[0-9a-fA-F]{64}\b"), "a hash"),
    # "None yet" and "None recorded" are English; Python's None stands alone.
    (re.compile(r"\bNone\b(?! [a-z])"), "Python's 'None'"),
    # Words of letters only (numbers are left alone: "10 10" is a score table), on one line
    # and separated by spaces alone (a tab or line break is between table cells or elements).
    (re.compile(r"\b([^\W\d_]+) +\1\b", re.IGNORECASE), "a doubled word"),
]


def snippet(text: str, match: re.Match) -> str:
    """The match with a little of the line around it."""
    start = max(text.rfind("\n", 0, match.start()) + 1, match.start() - 30)
    end = text.find("\n", match.end())
    end = min(end if end >= 0 else len(text), match.end() + 30)
    return " ".join(text[start:end].split())


def placeholder_problems(text: str) -> list[str]:
    """A sentence for each placeholder found in text, each distinct snippet once."""
    problems = []
    for pattern, what in PATTERNS:
        for match in pattern.finditer(text):
            problem = f"placeholder text ({what}): “{snippet(text, match)}”"
            if problem not in problems:
                problems.append(problem)
    return problems


def has_no_placeholder_text(page) -> list[str]:
    """The visible text of the page and the options of its selects (hidden until opened)."""
    text = page.inner_text("body") + "\n" + "\n".join(page.locator("option").all_inner_texts())
    return placeholder_problems(text)
