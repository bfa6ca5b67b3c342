"""Subject access exports, erasure by anonymisation, and the retention rules.

Everything here reads the registry (``privacy/registry.py``): a model that
holds personal data is declared there once, and the export and the erasure
follow it. Nothing here logs a name: only counts and record numbers.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import ConfidentialAccess
from accounts.services import confidential_access_record
from councils.models import CommissionerAppointment, Councillor, Officer
from mentoring.models import (
    FOLLOW_UP_MONTHS,
    OPEN_STATUSES,
    Mentor,
    Placement,
    PlacementStatus,
    Reflection,
    SessionNote,
)
from privacy.models import ErasureRecord, ErasureTrigger, SubjectType
from privacy.people import Person, person_of, with_links
from privacy.registry import DELETE, REGISTRY, link_target, person_q

logger = logging.getLogger(__name__)

ACCESS_LOG_KINDS = {
    "mentoring.SessionNote": ConfidentialAccess.Kind.SESSION_NOTE,
    "mentoring.Reflection": ConfidentialAccess.Kind.REFLECTION,
}

CONFIDENTIAL_LEFT_OUT = (
    "Left out: confidential session notes and reflections are read only by the mentor "
    "and the mentee. The person can download them from their own 'My data' page."
)
CONFIDENTIAL_INCLUDED = (
    "Included: your confidential session notes and reflections, which only you and "
    "your mentor or mentee can read."
)


# --- Subject access ------------------------------------------------------------------


def _rows(model, q):
    """Each row once, however many of the person's records it is tied to."""
    manager = model._default_manager
    return manager.filter(pk__in=manager.filter(q).values("pk")).order_by("pk")


def _jsonable(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _value(row, name: str):
    f = row._meta.get_field(name)
    if f.many_to_many:
        return [str(item) for item in getattr(row, name).all()]
    if f.is_relation:
        related = getattr(row, name)
        return str(related) if related is not None else None
    if f.choices:
        return str(getattr(row, f"get_{name}_display")())
    return _jsonable(getattr(row, name))


LABELS = {
    "id": "Record number",
    "ip": "IP address",
    "object_id": "Record read",
    "history_date": "Changed at",
    "history_type": "Change",
}


def _label(model, name: str) -> str:
    if name in LABELS:
        return LABELS[name]
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def subject_access_export(person: Person, requested_by) -> dict:
    """Everything held about ``person``, grouped by model, JSON-serialisable.

    Confidential content (session notes, reflections) is included only when
    ``requested_by`` is the person themself; its reading is then logged like any
    other. A programme manager's export leaves it out and says so.
    """
    include_confidential = person.is_user(requested_by)
    data = {}
    for entry in REGISTRY:
        if not entry.export:
            continue
        if entry.confidential and not include_confidential:
            continue
        model = entry.model_class
        rows = _rows(model, person_q(model, entry.links, person))
        if entry.confidential:
            rows = rows & model._default_manager.readable_by(requested_by)
        if entry.shown_by and include_confidential:
            # Their own export: by the rule their pages follow, not the registry's links.
            rows = rows & getattr(model._default_manager, entry.shown_by)(requested_by)
        rows = list(rows)
        if not rows:
            continue
        fields = ("id", *(f for f in entry.export if f != "id"))
        data[entry.model] = {
            "title": entry.heading,
            "on_erasure": entry.why,
            "confidential": entry.confidential,
            "fields": {name: _label(model, name) for name in fields},
            "rows": [{name: _value(row, name) for name in fields} for row in rows],
        }
        if entry.confidential:
            confidential_access_record(
                user=requested_by,
                kind=ACCESS_LOG_KINDS[entry.model],
                object_ids=[row.pk for row in rows],
            )
    return {
        "title": "Personal data held by the councillor mentoring programme",
        "person": person.display_name,
        "records": person.description,
        "produced_at": _jsonable(timezone.now()),
        "produced_for": "the person themself" if include_confidential else "a programme manager",
        "confidential_content": CONFIDENTIAL_INCLUDED
        if include_confidential
        else CONFIDENTIAL_LEFT_OUT,
        "data": data,
    }


# --- Erasure -------------------------------------------------------------------------


def _subjects(person: Person) -> list[tuple[str, int]]:
    pairs = [
        (SubjectType.COUNCILLOR, person.councillor),
        (SubjectType.OFFICER, person.officer),
        (SubjectType.MENTOR, person.mentor),
        (SubjectType.USER, person.user),
    ]
    return [(kind, record.pk) for kind, record in pairs if record is not None]


# The links from a placement to the people on it (mentors and mentees).
PLACEMENT_LINKS = ("mentors", "mentees__councillor", "mentees__officer")
# Marks a current commissioner among the erasure records in facts_for()'s one query.
CURRENT_COMMISSIONER = "current-commissioner"


def _placements_of(person: Person):
    return Placement.objects.filter(person_q(Placement, PLACEMENT_LINKS, person))


@dataclass(frozen=True)
class PersonFacts:
    """What the erasure blockers and the retention dates need beyond the person's
    records. facts_for() reads them for any number of people in two queries."""

    erased: bool = False
    open_placement: bool = False
    last_placement_end: datetime.date | None = None
    current_commissioner: bool = False


def facts_for(persons: list[Person], *, today: datetime.date) -> list[PersonFacts]:
    """The facts of each person, in the same order: two queries however many people
    and placements there are (none for an empty list)."""
    if not persons:
        return []
    # 1. Erasure records of any of their records, and which of their accounts are
    # current commissioners' (marked CURRENT_COMMISSIONER), in one query.
    erased_q = models.Q(pk__in=[])
    for person in persons:
        for kind, pk in _subjects(person):
            erased_q |= models.Q(subject_type=kind, subject_id=pk)
    marks = ErasureRecord.objects.filter(erased_q).order_by()
    marks = marks.values_list("subject_type", "subject_id")
    user_pks = {person.user.pk for person in persons if person.user is not None}
    if user_pks:
        commissioners = (
            CommissionerAppointment.objects.filter(commissioner__in=user_pks)
            .filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=today))
            .order_by()
            .values_list(
                models.Value(CURRENT_COMMISSIONER, output_field=models.CharField()),
                "commissioner_id",
            )
        )
        marks = marks.union(commissioners)
    marks = set(marks)
    # 2. Their placements, one row per placement and mentor or mentee: whether one is
    # open and when the last one ends, by the record it is tied to.
    labels = [link_target(Placement, link)._meta.label for link in PLACEMENT_LINKS]
    placements_q = models.Q(pk__in=[])
    for link, label in zip(PLACEMENT_LINKS, labels, strict=True):
        pks = {person.pk_of(label) for person in persons} - {None}
        if pks:
            placements_q |= models.Q(**{f"{link}__in": pks})
    placements = (
        Placement.objects.filter(placements_q)
        .annotate(end=Coalesce("ended_on", "planned_end_on", "started_on"))
        .order_by()
        .values_list("status", "end", *PLACEMENT_LINKS)
    )
    open_for, last_for = set(), {}
    for status, end, *pks in placements:
        for label, pk in zip(labels, pks, strict=True):
            if pk is None:
                continue
            key = (label, pk)
            if status in OPEN_STATUSES:
                open_for.add(key)
            if end is not None and (key not in last_for or end > last_for[key]):
                last_for[key] = end
    facts = []
    for person in persons:
        keys = [(label, person.pk_of(label)) for label in labels]
        ends = [last_for[key] for key in keys if key in last_for]
        facts.append(
            PersonFacts(
                erased=any((str(kind), pk) in marks for kind, pk in _subjects(person)),
                open_placement=any(key in open_for for key in keys),
                last_placement_end=max(ends) if ends else None,
                current_commissioner=person.user is not None
                and (CURRENT_COMMISSIONER, person.user.pk) in marks,
            )
        )
    return facts


def _facts_of(person: Person, *, today: datetime.date) -> PersonFacts:
    return facts_for([person], today=today)[0]


def erasure_blockers(
    person: Person, *, today: datetime.date, facts: PersonFacts | None = None
) -> list[str]:
    """Why the person cannot be erased yet, in plain words (none: they can).
    ``facts``: from facts_for(), when the caller has read them already."""
    reasons = []
    if not person.records:
        return ["There is no record to erase."]
    facts = facts or _facts_of(person, today=today)
    if facts.erased:
        reasons.append("Their data has already been erased.")
    if person.councillor and not (
        person.councillor.left_office_on and person.councillor.left_office_on <= today
    ):
        reasons.append("They are still a councillor: record that they left office first.")
    if person.officer and not (
        person.officer.left_office_on and person.officer.left_office_on <= today
    ):
        reasons.append("They are still an officer of the council.")
    if person.mentor and person.mentor.active:
        reasons.append("They are an active mentor: make them inactive first.")
    if facts.open_placement:
        reasons.append("They have a placement that is still open.")
    user = person.user
    if user is not None:
        if user.is_programme_manager or user.is_superuser or user.is_staff:
            reasons.append("Their account is a programme manager's or an administrator's.")
        if facts.current_commissioner:
            reasons.append("They are a current commissioner.")
    return reasons


@dataclass
class ErasureResult:
    """Rows changed, by model label and action (counts only)."""

    changed: dict = field(default_factory=dict)


def erase(person: Person, *, trigger: str, requested_by=None, today=None) -> ErasureResult:
    """Anonymise the person in one transaction, as the registry says.

    Names become "Former councillor #12" and so on, email addresses and party
    membership go, free text about them is deleted, their account is made
    inactive, and history rows are anonymised. Placements, sessions and
    confidence scores stay, so the programme's figures do not change.
    """
    from privacy.registry import ANONYMISE

    today = today or timezone.localdate()
    result = ErasureResult()
    with transaction.atomic():
        # Lock the records so two erasures (worker and a manager) cannot interleave.
        for record in person.records:
            list(
                type(record)._default_manager.select_for_update().filter(pk=record.pk).values("pk")
            )
        reasons = erasure_blockers(person, today=today)
        if reasons:
            raise ValidationError(reasons)
        for entry in REGISTRY:
            model = entry.model_class
            manager = model._default_manager
            for step in entry.erase:
                q = (
                    step.find(person)
                    if step.find
                    else person_q(model, step.links or entry.links, person)
                )
                pks = list(manager.filter(q).values_list("pk", flat=True).distinct())
                if not pks:
                    continue
                rows = manager.filter(pk__in=pks)
                if step.action == DELETE:
                    rows.delete()
                else:
                    assert step.action == ANONYMISE
                    fixed = {k: v for k, v in step.replace.items() if not callable(v)}
                    per_row = {k: v for k, v in step.replace.items() if callable(v)}
                    if per_row:
                        for row in rows:
                            values = {k: make(row) for k, make in per_row.items()}
                            manager.filter(pk=row.pk).update(**fixed, **values)
                    else:
                        # A queryset update: no save(), so no new history row
                        # copies what is being erased, and agreed versions can change.
                        rows.update(**fixed)
                key = f"{entry.model} {step.action}"
                result.changed[key] = result.changed.get(key, 0) + len(pks)
        for kind, pk in _subjects(person):
            ErasureRecord.objects.create(
                subject_type=kind, subject_id=pk, trigger=trigger, requested_by=requested_by
            )
    logger.info("Personal data erased: %s (%s).", person.description, trigger)
    return result


# --- Retention -----------------------------------------------------------------------


def _last_placement_end(person: Person) -> datetime.date | None:
    return _placements_of(person).aggregate(
        last=models.Max(Coalesce("ended_on", "planned_end_on", "started_on"))
    )["last"]


def retention_starts_on(
    person: Person, *, facts: PersonFacts | None = None
) -> datetime.date | None:
    """The day the retention period runs from: the later of leaving office and the
    end of their last placement. None for a mentor who never had a placement.
    ``facts``: from facts_for(), when the caller has read them already."""
    days = [
        person.councillor.left_office_on if person.councillor else None,
        person.officer.left_office_on if person.officer else None,
        facts.last_placement_end if facts else _last_placement_end(person),
    ]
    days = [d for d in days if d]
    return max(days) if days else None


def erasure_due_on(person: Person, *, facts: PersonFacts | None = None) -> datetime.date | None:
    """The first day the retention run erases the person (None: it never will alone)."""
    return _due_after(retention_starts_on(person, facts=facts))


def _due_after(start: datetime.date | None) -> datetime.date | None:
    if start is None:
        return None
    return start + relativedelta(years=settings.PRIVACY_RETENTION_YEARS) + datetime.timedelta(1)


@dataclass(frozen=True)
class Retention:
    """A person's erasure blockers and retention dates, as the personal data page shows them."""

    erased: bool
    blockers: list[str]
    starts_on: datetime.date | None
    erasure_due_on: datetime.date | None


def retention_of(person: Person, *, today: datetime.date) -> Retention:
    """Everything the personal data page says about erasure, read once (two queries)."""
    facts = _facts_of(person, today=today)
    starts_on = retention_starts_on(person, facts=facts)
    return Retention(
        erased=facts.erased,
        blockers=erasure_blockers(person, today=today, facts=facts),
        starts_on=starts_on,
        erasure_due_on=_due_after(starts_on),
    )


def due_for_erasure(today: datetime.date) -> list[Person]:
    """Former councillors and officers, and inactive mentors, whose last placement
    ended (or who left office) more than PRIVACY_RETENTION_YEARS ago.

    At most six queries however many people there are: one finding the candidates'
    ids, one reading each kind found with their other records, and two for their facts
    (facts_for()). The ids come first because a query reading a record with all it
    leads to takes longer to build than to run, and usually nobody is due."""
    # A first cut in the database: no one whose leaving or last placement is
    # recent (the exact date, and what else they are, are checked below).
    cutoff = today - relativedelta(years=settings.PRIVACY_RETENTION_YEARS)
    erased = ErasureRecord.objects.values("subject_id")

    def settled(queryset, placements: str, kind: str):
        last = models.Max(
            Coalesce(
                f"{placements}__ended_on",
                f"{placements}__planned_end_on",
                f"{placements}__started_on",
            )
        )
        return (
            queryset.exclude(pk__in=erased.filter(subject_type=kind))
            .annotate(last_placement_end=last, subject_type=models.Value(kind))
            .filter(
                models.Q(last_placement_end__isnull=True) | models.Q(last_placement_end__lte=cutoff)
            )
            .order_by()
            .values_list("subject_type", "pk")
        )

    councillors = settled(
        Councillor.objects.filter(left_office_on__lte=cutoff),
        "placement_memberships__placement",
        SubjectType.COUNCILLOR,
    )
    officers = settled(
        Officer.objects.filter(left_office_on__lte=cutoff),
        "placement_memberships__placement",
        SubjectType.OFFICER,
    )
    mentors = settled(Mentor.objects.filter(active=False), "placements", SubjectType.MENTOR)
    found: dict[str, list[int]] = {}
    for kind, pk in councillors.union(
        officers, mentors.filter(last_placement_end__isnull=False), all=True
    ):
        found.setdefault(kind, []).append(pk)
    candidates = []
    for model, kind in (
        (Councillor, SubjectType.COUNCILLOR),
        (Officer, SubjectType.OFFICER),
        (Mentor, SubjectType.MENTOR),
    ):
        if kind in found:
            candidates += with_links(model.objects.filter(pk__in=found[kind]))
    persons, seen = [], set()
    for record in candidates:
        person = person_of(record)
        key = tuple(_subjects(person))
        if key in seen:
            continue
        seen.add(key)
        persons.append(person)
    due = []
    for person, facts in zip(persons, facts_for(persons, today=today), strict=True):
        # None for a mentor never placed: no date to run from.
        due_on = erasure_due_on(person, facts=facts)
        if due_on and due_on <= today and not erasure_blockers(person, today=today, facts=facts):
            due.append(person)
    return due


def _placements_past_confidential_retention(today: datetime.date) -> list[int]:
    """Ended or withdrawn placements whose follow-up ended more than
    CONFIDENTIAL_RETENTION_DAYS before ``today``."""
    limit = today - datetime.timedelta(days=settings.CONFIDENTIAL_RETENTION_DAYS)
    closed = (
        Placement.objects.filter(status__in=(PlacementStatus.ENDED, PlacementStatus.WITHDRAWN))
        .annotate(end=Coalesce("ended_on", "planned_end_on", "started_on"))
        .filter(end__lt=limit)
        .values_list("pk", "end")
    )
    return [pk for pk, end in closed if end + relativedelta(months=FOLLOW_UP_MONTHS) < limit]


def purge_confidential_content(today: datetime.date, *, dry_run: bool = False) -> dict:
    """Delete the session notes and reflections of placements whose follow-up
    ended more than CONFIDENTIAL_RETENTION_DAYS ago. Counts only."""
    placements = _placements_past_confidential_retention(today)
    notes = SessionNote.objects.filter(session__placement__in=placements)
    reflections = Reflection.objects.filter(mentee__placement__in=placements)
    counts = {"session_notes": notes.count(), "reflections": reflections.count()}
    if not dry_run:
        with transaction.atomic():
            notes.delete()
            reflections.delete()
    return counts


def apply_retention(today: datetime.date, *, dry_run: bool = False) -> dict:
    """What the worker runs each night and ``manage.py apply_retention`` runs by hand.
    Returns and logs counts only, never names."""
    # Old confidential content first, so its count is not hidden by an erasure.
    purged = purge_confidential_content(today, dry_run=dry_run)
    counts = {"councillors": 0, "officers": 0, "mentors": 0, "accounts": 0}
    for person in due_for_erasure(today):
        if not dry_run:
            try:
                erase(person, trigger=ErasureTrigger.RETENTION, today=today)
            except ValidationError:  # changed since it was found: the next run sees it
                continue
        for kind, key in (
            ("councillor", "councillors"),
            ("officer", "officers"),
            ("mentor", "mentors"),
            ("user", "accounts"),
        ):
            if getattr(person, kind) is not None:
                counts[key] += 1
    counts.update(
        {
            "session_notes_deleted": purged["session_notes"],
            "reflections_deleted": purged["reflections"],
        }
    )
    logger.info("Retention %s: %s", "checked (dry run)" if dry_run else "applied", counts)
    return counts


def person_from(kind: str, pk: int) -> Person | None:
    from privacy.people import KINDS

    record = with_links(KINDS[kind]._default_manager.filter(pk=pk)).first()
    return person_of(record) if record is not None else None
