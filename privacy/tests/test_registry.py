"""The registry of personal data covers every model that could hold some.

A model that points at a person (a User, Councillor, Officer or Mentor), or
that has a text field named like personal data, must be declared in
``privacy.registry.REGISTRY`` (how it is found, exported and erased) or in
``NO_PERSONAL_DATA`` (with the reason). A new model fails here until it is.
"""

import re

from django.apps import apps
from django.db import models

from privacy.people import PERSON_MODELS
from privacy.registry import BY_MODEL, NO_PERSONAL_DATA, REGISTRY, link_target

PERSONAL_FIELD = re.compile(
    r"name|email|text|note|description|body|message|reason|comment|observation|ward|"
    r"phone|address|_repr|data|^ip$|user_agent|owner|author"
)
TEXT_FIELDS = (models.CharField, models.TextField, models.GenericIPAddressField, models.JSONField)


def all_models():
    return apps.get_models(include_auto_created=True)


def person_relations(model) -> list[str]:
    """Fields of ``model`` that point at a person's record."""
    return [
        f.name
        for f in model._meta.get_fields()
        if f.concrete
        and f.is_relation
        and f.related_model is not None
        and f.related_model._meta.label in PERSON_MODELS
    ]


def personal_looking_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_FIELDS) and PERSONAL_FIELD.search(f.name)
    ]


def test_every_model_holding_personal_data_is_declared():
    missing = []
    for model in all_models():
        label = model._meta.label
        if label in BY_MODEL or label in NO_PERSONAL_DATA:
            continue
        relations, fields = person_relations(model), personal_looking_fields(model)
        if relations or fields:
            missing.append(f"{label} (points at a person: {relations}; fields: {fields})")
    assert not missing, (
        "Models that may hold personal data are in neither privacy.registry.REGISTRY nor "
        "NO_PERSONAL_DATA:\n" + "\n".join(missing)
    )


def test_a_model_is_declared_once_and_exists():
    labels = {m._meta.label for m in all_models()}
    assert not set(BY_MODEL) & set(NO_PERSONAL_DATA)
    assert set(BY_MODEL) <= labels, set(BY_MODEL) - labels
    assert set(NO_PERSONAL_DATA) <= labels, set(NO_PERSONAL_DATA) - labels
    assert all(reason.strip() for reason in NO_PERSONAL_DATA.values())


def test_every_link_to_a_person_is_used_to_find_their_rows():
    """A new foreign key to a person on a declared model must be one of its links."""
    unlisted = []
    for entry in REGISTRY:
        model = entry.model_class
        for name in person_relations(model):
            if name not in entry.links:
                unlisted.append(f"{entry.model}.{name}")
    assert not unlisted, f"Person links missing from the registry's links: {unlisted}"


def test_links_end_at_a_person_and_fields_exist():
    for entry in REGISTRY:
        model = entry.model_class
        for link in entry.links + tuple(link for step in entry.erase for link in step.links):
            assert link_target(model, link)._meta.label in PERSON_MODELS, (entry.model, link)
        names = {f.name for f in model._meta.get_fields()}
        for name in entry.export:
            assert name in names, (entry.model, name)
        for step in entry.erase:
            assert step.action in ("anonymise", "delete"), entry.model
            assert step.links or step.find or entry.links, entry.model
            for name in step.replace:
                assert name in names, (entry.model, name)


def test_kept_rows_say_why_and_confidential_ones_are_deleted():
    for entry in REGISTRY:
        if not entry.erase:
            assert entry.why, f"{entry.model} is kept on erasure: say why"
        if entry.confidential:
            assert [s.action for s in entry.erase] == ["delete"], entry.model


def test_secrets_are_never_exported():
    secret = {"password", "token_hash", "session_key", "session_data", "key", "data"}
    for entry in REGISTRY:
        assert not secret & set(entry.export), entry.model
