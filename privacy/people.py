"""A person whose personal data the programme holds, and all their records.

One person may have several records: a sign-in account, a councillor (or
officer) record and a place in the mentor pool. An export or an erasure is
always of the whole person, so starting from any record finds the others.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from accounts.models import User
from councils.models import Councillor, Officer
from mentoring.models import Mentor

# The models that stand for a person; the registry's links end at one of them.
PERSON_MODELS = {
    "accounts.User": "user",
    "councils.Councillor": "councillor",
    "councils.Officer": "officer",
    "mentoring.Mentor": "mentor",
}

# The kinds of record a programme manager looks a person up by (in URLs).
KINDS = {"councillor": Councillor, "officer": Officer, "mentor": Mentor}


@dataclass(frozen=True)
class Person:
    user: User | None = None
    councillor: Councillor | None = None
    officer: Officer | None = None
    mentor: Mentor | None = None

    def record(self, model_label: str):
        """The person's record of one of PERSON_MODELS, or None."""
        return getattr(self, PERSON_MODELS[model_label])

    def pk_of(self, model_label: str) -> int | None:
        record = self.record(model_label)
        return record.pk if record is not None else None

    @property
    def records(self) -> list:
        return [r for r in (self.councillor, self.officer, self.mentor, self.user) if r]

    @property
    def names(self) -> set[str]:
        """Every name the person is recorded under (to find free text that names them)."""
        return {r.full_name.strip() for r in self.records if r.full_name.strip()}

    @property
    def description(self) -> str:
        """What kind of person, without their name (safe for logs)."""
        parts = []
        for kind in ("councillor", "officer", "mentor", "user"):
            record = getattr(self, kind)
            if record is not None:
                parts.append(f"{'account' if kind == 'user' else kind} #{record.pk}")
        return ", ".join(parts) or "nobody"

    @property
    def display_name(self) -> str:
        for record in self.records:
            if record.full_name:
                return record.full_name
        return self.user.email if self.user else ""

    def is_user(self, user) -> bool:
        return bool(self.user and user and user.is_authenticated and user.pk == self.user.pk)


# What each kind of record leads to, read with it in one query (select_related), so
# that following the links in person_of() reads nothing more. These are every path
# person_of() can take from that kind of record, with the councils the pages show.
LINKED = {
    "accounts.User": (
        "councillor__council",
        "councillor__mentor",
        "officer__council",
        "mentor__councillor__council",
    ),
    "councils.Councillor": (
        "council",
        "user__officer__council",
        "user__mentor",
        "mentor__user__officer__council",
    ),
    "councils.Officer": (
        "council",
        "user__councillor__council",
        "user__councillor__mentor",
        "user__mentor__councillor__council",
    ),
    "mentoring.Mentor": (
        "user__councillor__council",
        "user__officer__council",
        "councillor__council",
        "councillor__user__officer__council",
    ),
}


def with_links(queryset):
    """The queryset of User, Councillor, Officer or Mentor records, each read with
    the records it leads to, ready for person_of()."""
    return queryset.select_related(*LINKED[queryset.model._meta.label])


def _links_read(record) -> bool:
    cache = record._state.fields_cache
    return all(path.split("__")[0] in cache for path in LINKED[record._meta.label])


def _linked(record, name: str):
    """The record's linked record, or None (from what with_links() read when it can)."""
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:  # a reverse one-to-one link with no record
        return None


def person_of(record) -> Person:
    """The person behind a User, Councillor, Officer or Mentor, with all their records.

    A record not read by with_links() is read again with its links: one query."""
    if not _links_read(record):
        model = record._meta.model
        record = with_links(model._default_manager.filter(pk=record.pk)).get()
    found = {"user": None, "councillor": None, "officer": None, "mentor": None}
    found[PERSON_MODELS[record._meta.label]] = record
    # Follow the links until nothing new turns up (at most a few steps).
    for _ in range(4):
        before = {k: (v.pk if v else None) for k, v in found.items()}
        if found["user"] is None:
            for key in ("councillor", "officer", "mentor"):
                if found[key] is not None and found[key].user_id:
                    found["user"] = found[key].user
                    break
        user = found["user"]
        if user is not None:
            for key in ("councillor", "officer", "mentor"):
                found[key] = found[key] or _linked(user, key)
        councillor, mentor = found["councillor"], found["mentor"]
        if mentor is not None and mentor.councillor_id and councillor is None:
            found["councillor"] = mentor.councillor
        if councillor is not None and mentor is None:
            found["mentor"] = _linked(councillor, "mentor")
        after = {k: (v.pk if v else None) for k, v in found.items()}
        if after == before:
            break
    return Person(**found)
