"""Validators of what people type, used on model fields so that forms, the admin and
the bulk imports all refuse the same input with the same words."""

import unicodedata

from django.core.exceptions import ValidationError

SINGLE_LINE_MESSAGE = "Enter this on one line, without line breaks or control characters."

# Control (Cc: tab, line feed, carriage return, escape...) and format (Cf: zero-width
# and direction marks) characters, and the Unicode line and paragraph separators.
_NOT_ON_ONE_LINE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def single_line(value) -> None:
    """Refuse line breaks and other invisible control characters in a one-line field
    (a name, a title): they break email headers, CSV files and the pages' layout."""
    if isinstance(value, str) and any(
        unicodedata.category(character) in _NOT_ON_ONE_LINE for character in value
    ):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")
