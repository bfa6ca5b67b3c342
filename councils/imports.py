"""Reading a CSV of councillors after an election.

``read_election_csv(text, kind=...)`` turns the file's text into an
``ElectionImport``: who is new, who is updated (and what changes), who leaves
office and why, the election date of each council, and every bad row with its
line number and reason.

The kind of election sets who leaves. An all-out election elects every seat, so a
councillor of a council in the file who is not in it leaves. A by-election or an
election by thirds elects some seats only: just the wards in the file change, and a
sitting member of one of those wards who is not in the file leaves. It reads the database and never writes it;
``councils.services.election_import_confirm`` saves a result that has no errors.

The work is split so that the checks are pure functions of the text and of a
``Reference`` (the councils, parties and councillors the file is checked
against), which ``Reference.load`` reads in three queries.
"""

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import pluralize

from core.text import one_line
from core.validators import single_line
from councils.models import Council, Councillor, ElectionKind, Party

COLUMNS = ("name", "council", "party", "ward", "elected_on", "email")
REQUIRED_COLUMNS = ("name", "council", "elected_on")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
MAX_ROWS = 5000
ELECTION_NAMES = {
    ElectionKind.ALL_OUT: "all-out election",
    ElectionKind.THIRDS: "election by thirds",
    ElectionKind.BY_ELECTION: "by-election",
}

SAMPLE_CSV = (
    "name,council,party,ward,elected_on,email\r\n"
    "Dana Whitfield,rotherham,Labour,Boston Castle,02/05/2024,dana.whitfield@example.org\r\n"
    "Chris Ndlovu,Rotherham Metropolitan Borough Council,Conservative,Sitwell,2024-05-02,\r\n"
    "Jo Hartley,rotherham,,Hellaby,02/05/2024,\r\n"
)


@dataclass(frozen=True)
class Row:
    """A well-formed line of the file, before it is matched to the database."""

    line: int
    name: str
    council: str
    party: str
    ward: str
    elected_on: datetime.date
    email: str


@dataclass(frozen=True)
class RowError:
    line: int | None  # None for a problem with the whole file
    message: str
    name: str = ""  # the councillor named on the line, when there is one


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class NewCouncillor:
    line: int
    council: Council
    full_name: str
    party: Party | None
    ward: str
    email: str
    elected_on: datetime.date


@dataclass
class UpdatedCouncillor:
    line: int
    councillor: Councillor
    council: Council
    party: Party | None
    ward: str
    email: str
    elected_on: datetime.date
    changes: list[Change] = field(default_factory=list)


@dataclass
class Leaver:
    councillor: Councillor
    council: Council
    left_on: datetime.date
    reason: str  # e.g. "not in the file for Boston Castle ward (by-election)"


@dataclass
class CouncilElection:
    council: Council
    held_on: datetime.date


@dataclass
class ElectionImport:
    kind: str
    new: list[NewCouncillor] = field(default_factory=list)
    updated: list[UpdatedCouncillor] = field(default_factory=list)
    unchanged: list[UpdatedCouncillor] = field(default_factory=list)
    leaving: list[Leaver] = field(default_factory=list)
    elections: list[CouncilElection] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.row_count > 0

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated or self.leaving)

    @property
    def summary(self) -> str:
        """What saving does, e.g. "1 new councillor, 1 leaving office"."""
        parts = []
        if self.new:
            parts.append(f"{len(self.new)} new councillor{pluralize(self.new)}")
        if self.updated:
            parts.append(f"{len(self.updated)} updated")
        if self.leaving:
            parts.append(f"{len(self.leaving)} leaving office")
        return ", ".join(parts) or "the election, with no change to councillors"


@dataclass
class Reference:
    """What the file is checked against."""

    councils: list[Council]
    parties: list[Party]
    councillors: list[Councillor]  # of the councils named in the file

    def __post_init__(self):
        self.council_by_key: dict[str, Council] = {}
        for council in self.councils:
            self.council_by_key[council.slug.lower()] = council
            self.council_by_key[council.name.strip().lower()] = council
        self.party_by_key: dict[str, Party] = {}
        for party in self.parties:
            if party.short_name:
                self.party_by_key.setdefault(party.short_name.strip().lower(), party)
        for party in self.parties:  # a full name wins over another party's short name
            self.party_by_key[party.name.strip().lower()] = party
        self.party_by_id = {party.pk: party for party in self.parties}
        self.councillors_of: dict[int, list[Councillor]] = {}
        for councillor in self.councillors:
            self.councillors_of.setdefault(councillor.council_id, []).append(councillor)

    @classmethod
    def load(cls, council_keys: Iterable[str], *, lock: bool = False) -> "Reference":
        """Read from the database; ``lock`` (inside a transaction) holds the named
        councils' rows so that two imports of one council cannot interleave."""
        keys = {key.strip().lower() for key in council_keys if key.strip()}
        councils = list(Council.objects.all())
        ids = [c.pk for c in councils if c.slug.lower() in keys or c.name.lower() in keys]
        if lock and ids:
            list(Council.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        councillors = list(Councillor.objects.filter(council_id__in=ids).order_by("pk"))
        return cls(councils=councils, parties=list(Party.objects.all()), councillors=councillors)


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


def _parse_date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_rows(text: str) -> tuple[list[Row], list[RowError]]:
    """The file's lines as rows, and what is wrong with each line on its own.

    Line numbers are those of the file, the header being line 1.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [RowError(None, "The file is empty.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        return [], [RowError(1, f"The header cannot be read: {error}.")]
    columns = [c.strip().lower().replace(" ", "_") for c in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [
            RowError(
                1,
                "The first line must name the columns "
                + ", ".join(COLUMNS)
                + f"; missing: {', '.join(missing)}.",
            )
        ]
    unknown = [c for c in columns if c and c not in COLUMNS]
    errors: list[RowError] = []
    if unknown:
        errors.append(RowError(1, f"Unknown column{pluralize(unknown)}: {', '.join(unknown)}."))
    duplicated = [c for c, n in Counter(columns).items() if c and n > 1]
    if duplicated:
        named = f"Column{pluralize(duplicated)} named twice"
        errors.append(RowError(1, f"{named}: {', '.join(duplicated)}."))
    if errors:
        return [], errors

    rows: list[Row] = []
    end = reader.line_num
    try:
        for values in reader:
            # The row's first line: a quoted value with a line break spans several.
            line, end = end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue  # blank lines are skipped
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(RowError(line, f"The file has more than {MAX_ROWS} rows."))
                break
            if len(values) > len(columns):
                errors.append(RowError(line, f"{len(values)} values for {len(columns)} columns."))
                continue
            data = {
                c: (values[i].strip() if i < len(values) else "") for i, c in enumerate(columns)
            }
            data = {c: data.get(c, "") for c in COLUMNS}
            problems = []
            name = one_line(data["name"])
            if not name:
                problems.append("the name is missing")
            for column in ("name", "ward"):
                try:
                    single_line(data[column])
                except ValidationError:
                    problems.append(
                        f"the {column} has a line break or a control character: "
                        "enter it on one line"
                    )
            if not data["council"]:
                problems.append("the council is missing")
            elected_on = _parse_date(data["elected_on"])
            if not data["elected_on"]:
                problems.append("the election date (elected_on) is missing")
            elif elected_on is None:
                problems.append(
                    f"“{data['elected_on']}” is not a date: write dd/mm/yyyy or yyyy-mm-dd"
                )
            email = data["email"]
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    problems.append(f"“{email}” is not a valid email address")
            if problems:
                errors.append(RowError(line, _sentence(problems), name))
                continue
            rows.append(
                Row(
                    line=line,
                    name=name,
                    council=data["council"],
                    party=data["party"],
                    ward=" ".join(data["ward"].split()),
                    elected_on=elected_on,
                    email=email,
                )
            )
    except csv.Error as error:
        errors.append(RowError(reader.line_num, f"The line cannot be read: {error}."))
    if not rows and not errors:
        errors.append(RowError(None, "The file has a header but no councillors."))
    return rows, errors


def _sentence(problems: list[str]) -> str:
    text = "; ".join(problems)
    return text[0].upper() + text[1:] + "."


def _party_label(party: Party | None) -> str:
    return party.name if party else "Independent"


def _most_common_date(dates: list[datetime.date]) -> datetime.date:
    counts = Counter(dates)
    return max(counts, key=lambda d: (counts[d], d))  # a tie goes to the latest date


def check_rows(
    rows: list[Row], errors: list[RowError], reference: Reference, *, kind: str
) -> ElectionImport:
    """Match well-formed rows to councils, parties and councillors on record, and find
    who leaves office in an election of that kind."""
    if kind not in ElectionKind.values:
        raise ValueError(f"Unknown kind of election: {kind!r}.")
    all_out = kind == ElectionKind.ALL_OUT
    result = ElectionImport(kind=kind, errors=list(errors), row_count=len(rows) + len(errors))
    matched: list[tuple[Row, Council, Party | None]] = []
    seen: dict[tuple[int, str], int] = {}
    for row in rows:
        problems = []
        council = reference.council_by_key.get(row.council.strip().lower())
        if council is None:
            problems.append(f"unknown council “{row.council}”: give its slug or exact name")
        elif council.archived_on:
            problems.append(f"{council} is archived")
        else:
            first = seen.setdefault((council.pk, _key(row.name)), row.line)
            if first != row.line:
                problems.append(f"duplicate row: {row.name} of {council} is also on line {first}")
        party = None
        if row.party:
            party = reference.party_by_key.get(_key(row.party))
            if party is None:
                problems.append(
                    f"unknown party “{row.party}”: use a party's name, or leave it empty "
                    "for an independent"
                )
        if not row.ward and not all_out:
            # Only the wards in the file change: a row without one changes nothing.
            problems.append(
                f"the ward is missing: a {ELECTION_NAMES[kind]} changes only the wards in "
                "the file, so give each councillor's ward"
            )
        if problems:
            result.errors.append(RowError(row.line, _sentence(problems), row.name))
            continue
        matched.append((row, council, party))

    by_council: dict[int, list[tuple[Row, Council, Party | None]]] = {}
    for item in matched:
        by_council.setdefault(item[1].pk, []).append(item)

    # The election date of each council in the file, from every row of that
    # council that is well formed (even one that fails a later check).
    for items in by_council.values():
        council = items[0][1]
        held_on = _most_common_date([row.elected_on for row, _, _ in items])
        result.elections.append(CouncilElection(council=council, held_on=held_on))
    held_on_of = {e.council.pk: e.held_on for e in result.elections}

    for council_id, items in by_council.items():
        on_record = reference.councillors_of.get(council_id, [])
        by_name: dict[str, list[Councillor]] = {}
        for person in on_record:
            by_name.setdefault(_key(person.full_name), []).append(person)
        listed: set[int] = set()
        for row, council, party in items:
            candidates = by_name.get(_key(row.name), [])
            if len(candidates) > 1:
                # Prefer the one in office; two in office cannot be told apart.
                in_office = [p for p in candidates if p.left_office_on is None]
                candidates = in_office if in_office else candidates[-1:]
            if len(candidates) > 1:
                result.errors.append(
                    RowError(
                        row.line,
                        f"{council} has {len(candidates)} councillors named {row.name} "
                        "in office: correct them on their pages first.",
                        row.name,
                    )
                )
                listed.update(p.pk for p in candidates)
                continue
            if not candidates:
                result.new.append(
                    NewCouncillor(
                        line=row.line,
                        council=council,
                        full_name=row.name,
                        party=party,
                        ward=row.ward,
                        email=row.email,
                        elected_on=row.elected_on,
                    )
                )
                continue
            person = candidates[0]
            listed.add(person.pk)
            update = UpdatedCouncillor(
                line=row.line,
                councillor=person,
                council=council,
                party=party,
                ward=row.ward or person.ward,
                email=row.email or person.email,
                elected_on=row.elected_on,
            )
            update.changes = _changes(person, update, reference)
            (result.updated if update.changes else result.unchanged).append(update)

        held_on = held_on_of[council_id]
        wards = {_key(row.ward) for row, _, _ in items}
        for person in on_record:
            if person.pk in listed or not _in_office_on(person, held_on):
                continue
            if not all_out and _key(person.ward) not in wards:
                continue  # their ward had no election
            if person.first_elected_on and person.first_elected_on > held_on:
                result.errors.append(
                    RowError(
                        None,
                        f"{person} of {items[0][1]} is not in the file, "
                        f"but was first elected on {person.first_elected_on:%d/%m/%Y}, after "
                        f"this election ({held_on:%d/%m/%Y}): add them to the file or correct "
                        "their record.",
                    )
                )
                continue
            result.leaving.append(
                Leaver(
                    councillor=person,
                    council=items[0][1],
                    left_on=held_on,
                    reason=_leaving_reason(person, kind),
                )
            )

    result.errors.sort(key=lambda e: (e.line is not None, e.line or 0))
    for items in (result.new, result.updated, result.unchanged):
        items.sort(key=lambda i: i.line)
    result.leaving.sort(key=lambda i: (i.council.name, i.councillor.full_name))
    result.elections.sort(key=lambda e: e.council.name)
    return result


def _leaving_reason(person: Councillor, kind: str) -> str:
    if kind == ElectionKind.ALL_OUT:
        return f"not in the file ({ELECTION_NAMES[kind]})"
    return f"not in the file for {person.ward} ward ({ELECTION_NAMES[kind]})"


def _in_office_on(person: Councillor, day: datetime.date) -> bool:
    return person.left_office_on is None or person.left_office_on > day


def _changes(person: Councillor, update: UpdatedCouncillor, reference: Reference) -> list[Change]:
    changes = []
    old_party = reference.party_by_id.get(person.party_id)
    if person.party_id != (update.party.pk if update.party else None):
        changes.append(
            Change("party", "Party", _party_label(old_party), _party_label(update.party))
        )
    if update.ward != person.ward:
        changes.append(Change("ward", "Ward", person.ward or "—", update.ward))
    if update.email.lower() != person.email.lower():
        changes.append(Change("email", "Email", person.email or "—", update.email))
    if person.left_office_on is not None and person.left_office_on <= update.elected_on:
        changes.append(
            Change(
                "left_office_on",
                "Back in office",
                f"left office on {person.left_office_on:%d/%m/%Y}",
                "in office",
            )
        )
    return changes


def read_election_csv(text: str, *, kind: str, lock: bool = False) -> ElectionImport:
    """The whole check of an election file of that kind against the database (read only)."""
    rows, errors = parse_rows(text)
    reference = Reference.load((row.council for row in rows), lock=lock)
    return check_rows(rows, errors, reference, kind=kind)


def decode_upload(raw: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without a BOM), else Windows-1252
    as Excel writes it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
