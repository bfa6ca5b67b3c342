"""Text made safe for places that take one line only."""

import unicodedata

_BREAKING = frozenset({"Cc", "Cf", "Zl", "Zp"})


def one_line(value) -> str:
    """``value`` as one line: every run of whitespace or control characters becomes
    one space. For email headers built from a person's name or a title, which a line
    break in an older row (saved before names were checked) would otherwise make
    unsendable."""
    text = "".join(
        " " if unicodedata.category(character) in _BREAKING else character
        for character in str(value)
    )
    return " ".join(text.split())
