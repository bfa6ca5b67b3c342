"""Erasure anonymises every field the registry declares, in one transaction, and
leaves the programme's figures as they were."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum

from accounts.models import User
from core.fields import EncryptedTextField
from councils.models import Councillor
from mentoring.models import (
    ConfidenceScore,
    Placement,
    PlacementMentee,
    PlacementMentor,
    Session,
)
from privacy import services
from privacy.models import ErasureRecord, ErasureTrigger
from privacy.people import person_of
from privacy.registry import DELETE, REGISTRY, PersonalData, Step, person_q
from privacy.tests.builders import COUNCILLOR_EMAIL, PARTY, TRACES, former_people

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def people():
    return former_people()


def _step_rows(entry, step, person):
    model = entry.model_class
    q = step.find(person) if step.find else person_q(model, step.links or entry.links, person)
    return model._default_manager.filter(q)


def _erase_all(people):
    for person in people.everyone:
        services.erase(person, trigger=ErasureTrigger.RETENTION, today=TODAY)


def test_the_builder_has_rows_for_every_erasure_step(people):
    """So the next test checks every step; a new step needs a row in builders.py."""
    empty = [
        f"{entry.model} step {i}"
        for entry in REGISTRY
        for i, step in enumerate(entry.erase)
        if not any(_step_rows(entry, step, p).exists() for p in people.everyone)
    ]
    assert not empty, f"builders.former_people() makes no row for: {empty}"


def test_erasure_anonymises_or_deletes_every_registered_field(people):
    before = []
    for entry in REGISTRY:
        for step in entry.erase:
            for person in people.everyone:
                rows = list(_step_rows(entry, step, person))
                before.append((entry, step, rows))
    _erase_all(people)
    for entry, step, rows in before:
        manager = entry.model_class._default_manager
        for row in rows:
            after = manager.filter(pk=row.pk).first()
            if step.action == DELETE:
                assert after is None, f"{entry.model} #{row.pk} was not deleted"
                continue
            assert after is not None, f"{entry.model} #{row.pk} was deleted, not anonymised"
            for name, value in step.replace.items():
                expected = value(row) if callable(value) else value
                field = entry.model_class._meta.get_field(name)
                got = getattr(after, field.attname)
                if name == "password":
                    assert not after.has_usable_password()
                else:
                    assert got == expected, f"{entry.model}.{name}: {got!r}"


def test_no_name_email_ward_or_free_text_is_left_anywhere(people):
    _erase_all(people)
    found = []
    for model in apps.get_models(include_auto_created=True):
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and not isinstance(f, EncryptedTextField)
        ]
        # Encrypted text cannot be searched in the database: read and look in Python.
        encrypted = [
            f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        for trace in TRACES:
            q = models.Q(pk__in=[])
            for name in text_fields:
                q |= models.Q(**{f"{name}__icontains": trace})
            if text_fields and model._default_manager.filter(q).exists():
                found.append(f"{model._meta.label}: {trace}")
            for values in model._default_manager.values_list(*encrypted) if encrypted else []:
                if any(trace.lower() in (v or "").lower() for v in values):
                    found.append(f"{model._meta.label}: {trace}")
    assert not found, found
    assert not Councillor.objects.filter(party__name=PARTY).exists()
    assert not apps.get_model("mentoring", "Mentor").objects.filter(party__name=PARTY).exists()


def test_placements_sessions_and_scores_stay_for_the_figures(people):
    def figures():
        return {
            "placements": Placement.objects.count(),
            "mentors placed": PlacementMentor.objects.count(),
            "mentees placed": PlacementMentee.objects.count(),
            "sessions": Session.objects.count(),
            "minutes": Session.objects.aggregate(m=Sum("duration_minutes"))["m"],
            "scores": ConfidenceScore.objects.aggregate(s=Sum("score"))["s"],
            "attendances": Session.attendees.through.objects.count(),
        }

    before = figures()
    _erase_all(people)
    assert figures() == before
    placement = Placement.objects.get(pk=people.placement.pk)
    assert placement.ended_on == people.placement.ended_on
    assert placement.match_note == ""


def test_the_records_read_as_former_people_and_the_account_cannot_sign_in(people, client):
    _erase_all(people)
    councillor = Councillor.objects.get(pk=people.councillor.councillor.pk)
    assert councillor.full_name == f"Former councillor #{councillor.pk}"
    assert (councillor.email, councillor.ward, councillor.party_id) == ("", "", None)
    assert councillor.left_office_on == people.councillor.councillor.left_office_on
    user = User.objects.get(pk=people.councillor.user.pk)
    assert not user.is_active and user.email.endswith("@erased.invalid")
    assert not client.login(email=COUNCILLOR_EMAIL, password="demo-password-123")
    assert ErasureRecord.objects.filter(trigger=ErasureTrigger.RETENTION).count() == 6


def test_someone_still_in_office_or_active_cannot_be_erased(people):
    councillor = people.councillor.councillor
    councillor.left_office_on = None
    councillor.save()
    person = person_of(councillor)
    with pytest.raises(ValidationError, match="still a councillor"):
        services.erase(person, trigger=ErasureTrigger.REQUEST, today=TODAY)
    mentor = people.mentor.mentor
    mentor.active = True
    mentor.save()
    with pytest.raises(ValidationError, match="active mentor"):
        services.erase(person_of(mentor), trigger=ErasureTrigger.REQUEST, today=TODAY)
    assert not ErasureRecord.objects.exists()


def test_erasing_twice_is_refused(people):
    services.erase(people.officer, trigger=ErasureTrigger.REQUEST, today=TODAY)
    again = person_of(
        apps.get_model("councils", "Officer").objects.get(pk=people.officer.officer.pk)
    )
    with pytest.raises(ValidationError, match="already been erased"):
        services.erase(again, trigger=ErasureTrigger.REQUEST, today=TODAY)


def test_erasure_is_one_transaction_nothing_changes_when_a_step_fails(people, monkeypatch):
    broken = PersonalData(
        "councils.Council",
        links=(),
        erase=(Step("anonymise", find=lambda p: models.Q(), replace={"no_such_field": 1}),),
    )
    monkeypatch.setattr(services, "REGISTRY", [*REGISTRY, broken])
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll everything back
        services.erase(people.councillor, trigger=ErasureTrigger.REQUEST, today=TODAY)
    councillor = Councillor.objects.get(pk=people.councillor.councillor.pk)
    assert councillor.full_name == people.councillor.councillor.full_name
    assert User.objects.get(pk=people.councillor.user.pk).is_active
    assert not ErasureRecord.objects.exists()
