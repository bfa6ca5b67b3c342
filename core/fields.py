"""Model fields that keep their values encrypted in the database (``core.crypto``)."""

from django.core.exceptions import ValidationError
from django.db import models

from core import crypto


def refuse_ciphertext(value: str) -> None:
    """Typed or imported text must not be one of our ciphertexts: stored as it is, it
    would show decrypted on the writer's page, opening notes copied from a backup."""
    if value and crypto.is_readable(value):
        raise ValidationError("This is encrypted text. Write the words themselves.")


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet ciphertext; Python code and pages see the clear text.

    - Written: encrypted under the first of ``CONFIDENTIAL_KEYS`` on every save,
      ``bulk_create``, ``update`` and ``bulk_update``. A value that already is a
      ciphertext the keys open is stored as it is, never encrypted twice; so that no
      one decrypts a ciphertext by pasting it as their own note, ``full_clean`` (model
      forms, the admin) refuses one as input: forms with their own fields for the text
      add ``refuse_ciphertext`` to them.
    - Read: decrypted with whichever key opens it. A row still in clear text (written
      before the column was encrypted) reads as it is; ``rotate_confidential_keys``
      encrypts it.
    - Serialised (``dumpdata``) as a ciphertext, which ``loaddata`` stores as it is.
    - The empty string stays empty, so "no notes" needs no key; a ciphertext shows its
      text's length to within 16 characters anyway, so emptiness is no further secret.
    - The database cannot compare ciphertexts (each encryption differs), so the only
      lookup is ``isnull``: filtering on the text (``exact``, ``in``, ``icontains``,
      ``length``...) raises FieldError rather than silently finding nothing.
    """

    description = "Text, encrypted at rest"
    # Forms, the admin and imports (full_clean) refuse a pasted ciphertext.
    default_validators = [refuse_ciphertext]

    def from_db_value(self, value, expression, connection):
        if not value or not crypto.looks_encrypted(value):
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value or crypto.is_readable(value):
            return value
        return crypto.encrypt(value)

    def value_to_string(self, obj):
        # Serialised (dumpdata, fixtures) as ciphertext, which loaddata stores as it is.
        return self.get_prep_value(self.value_from_object(obj))

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None  # lower, length... of a ciphertext would mislead just the same

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # The same path whatever module re-exports the class, so migrations stay put.
        return name, "core.fields.EncryptedTextField", args, kwargs
