"""Encryption at rest for confidential text, with the keys in ``CONFIDENTIAL_KEYS``.

Fernet (AES-128-CBC with an HMAC-SHA256, from ``cryptography``) under a MultiFernet:
the first key encrypts, every key decrypts, so a new key can be put first and the
rows re-encrypted at leisure (``manage.py rotate_confidential_keys``).

A ciphertext shows the length of its text to within 16 characters and when it was
written, never the words. The keys live in the environment, never in the database
or a backup: whoever holds a backup without the keys holds no notes.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CONFIDENTIAL_KEYS_MISSING = (
    "CONFIDENTIAL_KEYS is not set. Session notes and reflections are encrypted with "
    "these keys: set CONFIDENTIAL_KEYS to one or more comma-separated Fernet keys "
    "(the first encrypts, all decrypt) and keep them apart from the backups, or set "
    "DEBUG=true for local development only."
)

# Every Fernet token starts with its version byte, 0x80, then a 64-bit timestamp
# whose top bytes are zero until the year 10889: "gAAAAA" in URL-safe base64.
TOKEN_PREFIX = "gAAAAA"


class UnreadableCiphertext(Exception):
    """A stored value is a ciphertext none of the configured keys opens."""


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    keys = tuple(settings.CONFIDENTIAL_KEYS)
    if not keys:
        raise ImproperlyConfigured(CONFIDENTIAL_KEYS_MISSING)
    return _fernets(keys)


def looks_encrypted(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def encrypt(text: str) -> str:
    all_keys, _ = _keys()
    return all_keys.encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    all_keys, _ = _keys()
    try:
        return all_keys.decrypt(token.encode()).decode()
    except InvalidToken:
        raise UnreadableCiphertext(
            "A confidential value cannot be decrypted with any key in CONFIDENTIAL_KEYS: "
            "a key it was written with is missing from the list."
        ) from None


def is_readable(value: str) -> bool:
    """Whether ``value`` is a ciphertext one of the configured keys opens."""
    if not looks_encrypted(value):
        return False
    all_keys, _ = _keys()
    try:
        all_keys.decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def is_under_first_key(value: str) -> bool:
    if not looks_encrypted(value):
        return False
    _, first = _keys()
    try:
        first.decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(value: str) -> str:
    """``value`` under the first key: a ciphertext is rotated, clear text (a row from
    before encryption) is encrypted."""
    if not looks_encrypted(value):
        return encrypt(value)
    all_keys, _ = _keys()
    try:
        return all_keys.rotate(value.encode()).decode()
    except InvalidToken:
        raise UnreadableCiphertext(
            "A confidential value cannot be decrypted with any key in CONFIDENTIAL_KEYS: "
            "put back the key it was written with (anywhere in the list) and run again."
        ) from None
