"""The reference rows the data migrations create (roles, mentoring types, themes, and
that induction buddies are volunteers).

A browser test's database flush removes them; the demo and tests call this to
put them back. It runs the migrations' own functions, so there is one list.
"""

import importlib

from django.apps import apps

MIGRATIONS = [
    ("councils.migrations.0002_roles", "add_roles"),
    ("mentoring.migrations.0002_types_and_themes", "add"),
    ("mentoring.migrations.0014_fees_expenses_extensions", "buddies_are_volunteers"),
]


def ensure_reference_data() -> None:
    for module_name, function in MIGRATIONS:
        getattr(importlib.import_module(module_name), function)(apps, None)
