"""Realistic data at scale, for measuring: ``seed_scale --factor N``.

One *unit* is a base of 10 councils, 500 councillors, 60 mentors, 300 placements
with their learning agreements, 6,000 sessions (with their confidential notes),
and 40 review visits with 600 actions and their progress updates, spread over
the last five years. Each unit is added beside what is there (a second run adds
more), with bulk inserts and no per-row queries, so ten units load in well
under a minute.

The rows keep the programme's rules (external mentors are never from the
mentee's council, one mentee for one-to-one, a mentor's active placements within
their capacity, sessions inside the placement and its follow-up), because the
pages measured must do their real work on them.
"""

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from accounts.models import Invitation, User
from councils.models import (
    CommissionerAppointment,
    Council,
    CouncilKind,
    Councillor,
    Election,
    ElectionKind,
    GovernanceChange,
    Party,
    PoliticalGroup,
    PoliticalGroupMember,
    Role,
    RoleAppointment,
)
from councils.regions import Region
from demo.reference import ensure_reference_data
from funding.models import Budget, FinancialYear, Funder
from funding.years import financial_year_of
from mentoring.models import (
    AgreementReview,
    ClaimExpense,
    ConfidenceCheck,
    ConfidenceScore,
    DayClaim,
    DayRate,
    Goal,
    LearningAgreement,
    MemberAgreement,
    Mentor,
    MentoringType,
    Placement,
    PlacementMentee,
    PlacementMentor,
    Reflection,
    Session,
    SessionMode,
    SessionNote,
    Theme,
    WardIssue,
    WardVisitReport,
)
from reports.models import ReportNarrative
from reviews.models import (
    RAG,
    Action,
    PeerTeamMember,
    ProgressUpdate,
    Recommendation,
    ReviewVisit,
    VisitKind,
    VisitStatus,
)

PASSWORD = "mentoring-demo-2026"
DOMAIN = "scale.example.org"

BASE = {
    "councils": 10,
    "councillors": 500,
    "mentors": 60,
    "placements": 300,
    "sessions": 6000,
    "visits": 40,
    "actions": 600,
}
YEARS = 5
BATCH = 1000

# Who pays: each council's own budget, the department's improvement grant and a
# regional fund, at a funder's day rate (some mentors have their own).
SHARED_FUNDERS = {
    "subsidy": ("Ministry of Housing, Communities and Local Government", Funder.Kind.GOVERNMENT),
    "nil-cost": ("Regional improvement fund", Funder.Kind.REGIONAL),
}
FUNDER_RATE = Decimal("300.00")
MENTOR_RATE = Decimal("350.00")

PARTIES = [
    ("Labour Party", "Lab", 30),
    ("Conservative Party", "Con", 30),
    ("Liberal Democrats", "LD", 14),
    ("Green Party", "Grn", 8),
    ("Reform UK", "Ref", 8),
    ("Independent", "Ind", 10),
]
COUNCIL_KINDS = [
    (CouncilKind.DISTRICT, "District Council"),
    (CouncilKind.UNITARY, "Council"),
    (CouncilKind.METROPOLITAN_BOROUGH, "Metropolitan Borough Council"),
    (CouncilKind.COUNTY, "County Council"),
    (CouncilKind.LONDON_BOROUGH, "London Borough Council"),
]
# One-to-one most of all; role groups; ward visits (as the IDeA programme's mix).
TYPE_MIX = [("one-to-one", 70), ("councillor-role", 20), ("ward-visit", 10)]
MODES = [
    (SessionMode.FACE_TO_FACE, 45),
    (SessionMode.TELEPHONE, 20),
    (SessionMode.VIDEO, 25),
    (SessionMode.E_MENTORING, 7),
    (SessionMode.OBSERVATION, 3),
]
# How long a session of each mode lasts, in minutes, at least and at most: a call under
# an hour, a meeting an hour or an hour and a half, an observed committee two to three.
MINUTES_OF_MODE = {
    SessionMode.FACE_TO_FACE: (60, 90),
    SessionMode.TELEPHONE: (30, 60),
    SessionMode.VIDEO: (45, 60),
    SessionMode.E_MENTORING: (20, 45),
    SessionMode.OBSERVATION: (120, 180),
}
NOTE_SENTENCES = [
    "We talked through the agenda for the next full council meeting.",
    "Went over how to challenge the portfolio holder at scrutiny without losing the room.",
    "Discussed handling a difficult ward surgery and when to involve officers.",
    "Looked at the budget papers together and the questions to ask the section 151 officer.",
    "Practised chairing the planning committee's tricky items.",
    "Reflected on the local press coverage and how to answer it.",
    "Agreed to shadow the leader at the next cabinet briefing.",
    "Talked about the group's whipping arrangements and staying true to the ward.",
]
GOALS = [
    "Chair the planning committee with confidence, keeping to time and to the rules.",
    "Lead the budget-setting debate for the group.",
    "Build a working relationship with the senior leadership team.",
    "Use scrutiny to follow the improvement plan's actions.",
    "Speak for the ward in the local media.",
]
# A progress update's words agree with its RAG status.
UPDATE_OF_RAG = {
    RAG.GREEN: "Work is under way and on track.",
    RAG.AMBER: "Some of the work is behind the plan; a revised timetable is agreed.",
    RAG.RED: "Off track: the work has stalled and needs a decision to recover it.",
}
RECOMMENDATIONS = [
    "Strengthen the working relationship between cabinet members and senior officers.",
    "Develop the scrutiny function so that it adds value to decision-making.",
    "Put in place a clear member development programme.",
    "Improve the council's engagement with partners and communities.",
    "Make sure the medium-term financial strategy is owned by members.",
]


@dataclass
class ScaleResult:
    unit: int
    counts: dict = field(default_factory=dict)


def _weighted(rng: random.Random, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _spread(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    days = (end - start).days
    return start + datetime.timedelta(days=rng.randint(0, max(days, 0)))


def _may_election_day(year: int) -> datetime.date:
    """Local elections are held on the first Thursday in May."""
    first = datetime.date(year, 5, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7)


def _thursday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - 3) % 7)


def _election_of(day: datetime.date, cycle: int) -> tuple[datetime.date, str]:
    """The election a councillor first elected about ``day`` won: the council's latest
    all-out election by then (every four years, ``cycle`` years after one in a year
    divisible by four), or, for about one in twelve, a by-election on a Thursday since."""
    year = day.year
    while (year - cycle) % 4 or _may_election_day(year) > day:
        year -= 1
    all_out = _may_election_day(year)
    by_election = _thursday_on_or_before(day)
    if day.day % 12 == 0 and by_election > all_out:
        return by_election, ElectionKind.BY_ELECTION
    return all_out, ElectionKind.ALL_OUT


MANAGERS = 3  # a national programme's team, added with the first unit


def next_unit() -> int:
    """Units are numbered from 1, by the first commissioner each adds."""
    return (
        User.objects.filter(
            email__startswith="commissioner-", email__endswith=f"-0@{DOMAIN}"
        ).count()
        + 1
    )


def scale_load(*, factor: int = 1, seed: int = 2026, today: datetime.date | None = None) -> list:
    """Add ``factor`` units of data; returns a ScaleResult per unit."""
    ensure_reference_data()
    today = today or timezone.localdate()
    password = make_password(PASSWORD)  # hashed once: Argon2 per row would take minutes
    parties = _parties()
    results = []
    for _ in range(factor):
        unit = next_unit()
        with transaction.atomic():
            results.append(
                _Unit(unit=unit, seed=seed, today=today, password=password, parties=parties).load()
            )
    # A bulk load leaves the query planner's statistics describing the tables as they
    # were; refresh them, as autovacuum would on PostgreSQL after a while.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return results


def _parties() -> list[Party]:
    parties = []
    for name, short, _weight in PARTIES:
        party, _ = Party.objects.get_or_create(name=name, defaults={"short_name": short})
        parties.append(party)
    return parties


class _Unit:
    def __init__(self, *, unit, seed, today, password, parties):
        self.unit = unit
        self.rng = random.Random(seed * 1000 + unit)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed * 1000 + unit)
        self.today = today
        self.start = today - relativedelta(years=YEARS)
        self.password = password
        self.parties = parties
        self.party_weights = [w for _n, _s, w in PARTIES]
        self.roles = {r.slug: r for r in Role.objects.all()}
        self.types = {t.slug: t for t in MentoringType.objects.all()}
        self.themes = list(Theme.objects.all())
        self.counts = {}

    def _email(self, kind: str, i: int) -> str:
        return f"{kind}-{self.unit}-{i}@{DOMAIN}"

    def _users(self, rows: list[tuple[str, str]], **flags) -> list[User]:
        users = User.objects.bulk_create(
            [
                User(email=email, full_name=name, password=self.password, **flags)
                for email, name in rows
            ],
            batch_size=BATCH,
        )
        self.counts["users"] = self.counts.get("users", 0) + len(users)
        return users

    def _party(self):
        return self.rng.choices(self.parties, weights=self.party_weights)[0]

    def load(self) -> ScaleResult:
        self._manager()
        self._councils()
        self._councillors()
        self._political_groups()
        self._mentors()
        self._funders()
        self._placements()
        self._agreements()
        self._sessions()
        self._claims()
        self._confidence()
        self._ward_visits()
        self._invitations()
        self._visits()
        # Last, so the random draws before them make the same programme as ever.
        self._expenses()
        self._budgets()
        return ScaleResult(unit=self.unit, counts=self.counts)

    # People and councils ---------------------------------------------------
    def _manager(self):
        if self.unit == 1:
            self._users(
                [(self._email("manager", i), self.fake.name()) for i in range(1, MANAGERS + 1)],
                is_programme_manager=True,
            )

    def _councils(self):
        taken = set(Council.objects.values_list("name", flat=True))
        taken_slugs = set(Council.objects.values_list("slug", flat=True))
        councils = []
        while len(councils) < BASE["councils"]:
            kind, suffix = self.rng.choice(COUNCIL_KINDS)
            name = f"{self.fake.city()} {suffix}"
            slug = slugify(name)[:140]
            if name in taken or slug in taken_slugs:
                continue
            taken.add(name)
            taken_slugs.add(slug)
            councils.append(
                Council(
                    name=name,
                    slug=slug,
                    kind=kind,
                    region=self.rng.choice(Region.values),
                    political_control=self._party(),
                )
            )
        self.councils = Council.objects.bulk_create(councils)
        self.counts["councils"] = len(self.councils)
        # Three in ten are in intervention, each with a commissioner.
        in_intervention = self.councils[:3]
        GovernanceChange.objects.bulk_create(
            GovernanceChange(
                council=c,
                status="intervention",
                since=_spread(self.rng, self.start, self.today - relativedelta(years=1)),
                note="Commissioners appointed after a best value inspection.",
            )
            for c in in_intervention
        )
        commissioners = self._users(
            [
                (self._email("commissioner", i), self.fake.name())
                for i in range(len(in_intervention))
            ]
        )
        CommissionerAppointment.objects.bulk_create(
            CommissionerAppointment(council=c, commissioner=u, started_on=self.start)
            for c, u in zip(in_intervention, commissioners, strict=True)
        )
        # The programme manager's monthly narrative for the commissioners, last year.
        months = [self.today.replace(day=1) - relativedelta(months=n) for n in range(1, 13)]
        ReportNarrative.objects.bulk_create(
            ReportNarrative(
                council=c,
                month=month,
                text="Mentoring continued well; two new placements began with cabinet members.",
            )
            for c in in_intervention
            for month in months
        )

    def _councillors(self):
        per_council = BASE["councillors"] // BASE["councils"]
        rows, elections = [], set()
        for cycle, council in enumerate(self.councils):
            wards = [self.fake.street_name() for _ in range(per_council // 3)]
            members = []
            for _ in range(per_council):
                elected, kind = _election_of(
                    _spread(self.rng, self.start - relativedelta(years=8), self.today), cycle
                )
                elections.add((council, elected, kind))
                left = None
                if self.rng.random() < 0.1:
                    left = _spread(self.rng, max(elected, self.start), self.today)
                members.append(
                    Councillor(
                        council=council,
                        full_name=self.fake.name(),
                        party=self._party(),
                        ward=self.rng.choice(wards),
                        first_elected_on=elected,
                        left_office_on=left,
                    )
                )
            self._parties_as_control(council, [m for m in members if m.left_office_on is None])
            rows += members
        self.councillors = Councillor.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["councillors"] = len(self.councillors)
        Election.objects.bulk_create(
            Election(council=council, held_on=held_on, kind=kind)
            for council, held_on, kind in sorted(elections, key=lambda e: (e[0].pk, e[1]))
        )
        self.counts["elections"] = len(elections)
        self.by_council = {}
        for c in self.councillors:
            self.by_council.setdefault(c.council_id, []).append(c)
        appointments = []
        single = ["leader", "deputy-leader", "leader-of-the-opposition"]
        self.frontline_of = {}
        for members in self.by_council.values():
            serving = [c for c in members if c.left_office_on is None]
            self.frontline_of[members[0].council_id] = serving[9:]
            for role, person in zip(single, serving, strict=False):
                appointments.append(
                    RoleAppointment(
                        councillor=person, role=self.roles[role], started_on=person.first_elected_on
                    )
                )
            for i, person in enumerate(serving[3:9]):
                appointments.append(
                    RoleAppointment(
                        councillor=person,
                        role=self.roles["cabinet-member"],
                        committee=f"Portfolio {i + 1}",
                        started_on=person.first_elected_on,
                    )
                )
            for person in serving[9:]:
                appointments.append(
                    RoleAppointment(
                        councillor=person,
                        role=self.roles["frontline"],
                        started_on=person.first_elected_on,
                    )
                )
        RoleAppointment.objects.bulk_create(appointments, batch_size=BATCH)
        self.counts["role appointments"] = len(appointments)

    def _political_groups(self):
        """A group per party on each council, of its serving councillors, led by the
        Leader (the first serving) or the Leader of the Opposition (the third) where their
        party's group it is. No random draws."""
        groups, led_by = [], {}
        for members in self.by_council.values():
            serving = [c for c in members if c.left_office_on is None]
            leaders = {serving[i].party_id: serving[i] for i in (2, 0) if i < len(serving)}
            for party in {c.party for c in serving if c.party_id}:
                group = PoliticalGroup(
                    council_id=members[0].council_id, party=party, name=f"{party.name} Group"
                )
                groups.append(group)
                led_by[id(group)] = leaders.get(party.pk)
        groups.sort(key=lambda g: (g.council_id, g.name))
        PoliticalGroup.objects.bulk_create(groups, batch_size=BATCH)
        group_of = {(g.council_id, g.party_id): g for g in groups}
        PoliticalGroupMember.objects.bulk_create(
            (
                PoliticalGroupMember(
                    group=group_of[(c.council_id, c.party_id)],
                    councillor=c,
                    joined_on=c.first_elected_on or self.today,
                )
                for c in self.councillors
                if c.left_office_on is None and c.party_id
            ),
            batch_size=BATCH,
        )
        for group in groups:
            group.leader = led_by[id(group)]
        PoliticalGroup.objects.bulk_update(
            [g for g in groups if g.leader], ["leader"], batch_size=BATCH
        )
        self.counts["political groups"] = len(groups)

    def _parties_as_control(self, council, serving):
        """The parties of the serving councillors as the council's control makes them:
        the controlling party holds most seats; the Leader, the Deputy and the Cabinet
        (the first, second and fourth to ninth, as _councillors appoints them) are of
        the Leader's party; the Leader of the Opposition (the third) leads the largest
        other group. No random draws, so a seed makes the same programme as before."""
        control = council.political_control
        for i, person in enumerate(serving):
            if control and (i % 20 < 11):
                person.party = control
        ruling = control or serving[0].party
        for person in serving[:2] + serving[3:9]:
            person.party = ruling
        others = Counter(p.party for i, p in enumerate(serving) if i != 2 and p.party != ruling)
        if len(serving) > 2:
            # Ties go to the party listed first, so the choice is the same every run.
            serving[2].party = max(
                others or [p for p in self.parties if p != ruling],
                key=lambda party: (others[party], -self.parties.index(party)),
            )

    def _mentors(self):
        mentors = []
        names = []
        for i in range(BASE["mentors"]):
            council = self.rng.choice(self.councils)
            name = self.fake.name()
            names.append((self._email("mentor", i), name))
            accredited = self.rng.random() < 0.8
            mentors.append(
                Mentor(
                    full_name=name,
                    email=self._email("mentor", i),
                    kind="councillor",
                    council=council,
                    accredited=accredited,
                    accreditation_expires_on=(
                        _spread(self.rng, self.today, self.today + relativedelta(years=3))
                        if accredited
                        else None
                    ),
                    regional_pool=council.region,
                    party=self._party(),
                    capacity=self.rng.randint(3, 6),
                )
            )
        users = self._users(names)
        for mentor, user in zip(mentors, users, strict=True):
            mentor.user = user
        self.mentors = Mentor.objects.bulk_create(mentors)
        self.counts["mentors"] = len(self.mentors)
        roles = list(self.roles.values())
        Mentor.expertise.through.objects.bulk_create(
            Mentor.expertise.through(mentor_id=m.pk, role_id=r.pk)
            for m in self.mentors
            for r in self.rng.sample(roles, 2)
        )

    # Placements ------------------------------------------------------------
    def _placements(self):
        active_load = {m.pk: 0 for m in self.mentors}
        placements, links, mentee_rows, mentee_people = [], [], [], []
        mentees_with_users = {}
        for _ in range(BASE["placements"]):
            council = self.rng.choice(self.councils)
            slug = _weighted(self.rng, TYPE_MIX)
            kind = self.types[slug]
            started = _spread(self.rng, self.start, self.today - datetime.timedelta(days=14))
            months = 1 if slug == "ward-visit" else self.rng.choice([6, 9, 12])
            planned_end = started + relativedelta(months=months)
            status, ended = "active", None
            if planned_end < self.today:
                status, ended = "ended", planned_end
            elif self.rng.random() < 0.05:
                status = "paused"
            external = [m for m in self.mentors if m.council_id != council.pk]
            eligible = external
            if status in ("active", "paused"):
                eligible = [m for m in external if active_load[m.pk] < m.capacity]
                if not eligible:  # the pool is full: this one has already ended
                    status, ended, eligible = "ended", planned_end, external
                    started = planned_end - relativedelta(months=months, years=1)
                    planned_end = ended = started + relativedelta(months=months)
            mentor = self.rng.choice(eligible)
            if status in ("active", "paused"):
                active_load[mentor.pk] += 1
            # A role group is 8 to 10 councillors with similar roles: here, ward members.
            people = self.frontline_of[council.pk] if kind.is_group else self.by_council[council.pk]
            size = self.rng.randint(8, 10) if kind.is_group else 1
            members = self.rng.sample(people, size)
            # Drawn in the order they always were, so a seed makes the same programme.
            days = self.rng.choice([3, 4, 5, 6, 8])
            funding = self.rng.choice(["council", "subsidy", "nil-cost"])
            placements.append(
                Placement(
                    council=council,
                    mentoring_type=kind,
                    status=status,
                    started_on=started,
                    planned_end_on=planned_end,
                    ended_on=ended,
                    mentor_days_agreed=days,
                    funding=funding,
                    funder=self.funder_of(funding, council),
                    # Regionally funded hours cost the council nothing.
                    cost=None if funding == "nil-cost" else kind.cost_from,
                )
            )
            links.append(mentor)
            mentee_people.append(members)
        self.placements = Placement.objects.bulk_create(placements, batch_size=BATCH)
        self.placement_of = {p.pk: p for p in self.placements}
        self.counts["placements"] = len(self.placements)
        PlacementMentor.objects.bulk_create(
            [
                PlacementMentor(placement=p, mentor=m)
                for p, m in zip(self.placements, links, strict=True)
            ],
            batch_size=BATCH,
        )
        self.mentor_of = {p.pk: m for p, m in zip(self.placements, links, strict=True)}
        for placement, members in zip(self.placements, mentee_people, strict=True):
            for person in members:
                mentee_rows.append(PlacementMentee(placement=placement, councillor=person))
                mentees_with_users[person.pk] = person
        self.mentees = PlacementMentee.objects.bulk_create(mentee_rows, batch_size=BATCH)
        self.mentees_of = {}
        for m in self.mentees:
            self.mentees_of.setdefault(m.placement_id, []).append(m)
        # Mentees sign in to read and agree their agreements.
        people = list(mentees_with_users.values())
        users = self._users(
            [(self._email("councillor", c.pk), c.full_name) for c in people],
        )
        for person, user in zip(people, users, strict=True):
            person.user = user
            person.email = user.email
        Councillor.objects.bulk_update(people, ["user", "email"], batch_size=BATCH)

    def _agreements(self):
        agreements = []
        for p in self.placements:
            mentor_user = self.mentor_of[p.pk].user_id
            mentee_user = self.mentees_of[p.pk][0].councillor.user_id
            agreed = datetime.datetime.combine(
                p.started_on + datetime.timedelta(days=7), datetime.time(10), datetime.UTC
            )
            proposed = p.status == "active" and self.rng.random() < 0.1
            agreements.append(
                LearningAgreement(
                    placement=p,
                    version=1,
                    status="proposed" if proposed else "active",
                    development_needs=self.rng.choice(GOALS),
                    ways_of_working="Monthly face to face, with calls in between.",
                    confidentiality_protocol="What we discuss stays between us.",
                    mentee_agreed_at=None if proposed else agreed,
                    mentee_agreed_by_id=None if proposed else mentee_user,
                    mentor_agreed_at=agreed,
                    mentor_agreed_by_id=mentor_user,
                )
            )
        self.agreements = LearningAgreement.objects.bulk_create(agreements, batch_size=BATCH)
        goals, reviews = [], []
        for a, p in zip(self.agreements, self.placements, strict=True):
            for order, text in enumerate(self.rng.sample(GOALS, 2)):
                goals.append(
                    Goal(
                        agreement=a,
                        order=order,
                        goal=text,
                        reality="Some experience so far.",
                        target_on=p.planned_end_on,
                    )
                )
            for months in (3, 6):
                reviews.append(
                    AgreementReview(agreement=a, due_on=p.started_on + relativedelta(months=months))
                )
        Goal.objects.bulk_create(goals, batch_size=BATCH)
        AgreementReview.objects.bulk_create(reviews, batch_size=BATCH)
        # Each member of a group agrees for themself (every member of an active version).
        MemberAgreement.objects.bulk_create(
            (
                MemberAgreement(
                    agreement=a,
                    mentee=member,
                    agreed_at=a.mentee_agreed_at,
                    agreed_by_id=member.councillor.user_id,
                )
                for a, p in zip(self.agreements, self.placements, strict=True)
                if a.status == "active"
                for member in self.mentees_of[p.pk]
            ),
            batch_size=BATCH,
        )
        self.counts["learning agreements"] = len(self.agreements)

    def _sessions(self):
        # Sessions fall where placements are; busier placements get more.
        weights = [self.rng.uniform(0.3, 1.7) for _ in self.placements]
        owners = self.rng.choices(self.placements, weights=weights, k=BASE["sessions"])
        sessions = []
        now = timezone.now()
        for p in owners:
            last = min(p.end_date or self.today, self.today)
            held = _spread(self.rng, p.started_on, last)
            minutes = self.rng.choice([45, 60, 60, 90, 120])
            mode = _weighted(self.rng, MODES)
            shortest, longest = MINUTES_OF_MODE[mode]
            sessions.append(
                Session(
                    placement=p,
                    held_on=held,
                    duration_minutes=min(max(minutes, shortest), longest),
                    mode=mode,
                    is_follow_up=False,
                    logged_by=self.mentor_of[p.pk],
                    created_at=now,
                )
            )
        sessions = Session.objects.bulk_create(sessions, batch_size=BATCH)
        self.sessions = sessions
        self.counts["sessions"] = len(sessions)
        SessionNote.objects.bulk_create(
            [
                SessionNote(
                    session=s,
                    notes=" ".join(self.rng.sample(NOTE_SENTENCES, 3)),
                    actions_agreed=self.rng.choice(NOTE_SENTENCES),
                )
                for s in sessions
            ],
            batch_size=BATCH,
        )
        Topic = Session.topics.through
        Topic.objects.bulk_create(
            [
                Topic(session_id=s.pk, theme_id=t.pk)
                for s in sessions
                for t in self.rng.sample(self.themes, self.rng.randint(1, 2))
            ],
            batch_size=BATCH * 5,
        )
        Attendee = Session.attendees.through
        attendees = []
        for s in sessions:
            members = self.mentees_of[s.placement_id]
            if len(members) > 1:
                for m in self.rng.sample(members, self.rng.randint(1, len(members))):
                    attendees.append(Attendee(session_id=s.pk, placementmentee_id=m.pk))
        Attendee.objects.bulk_create(attendees, batch_size=BATCH * 5)

    def _claims(self):
        """A day claim for most sessions, as mentors claim them: half a day for a call, a
        whole day for a visit, an observation or an away day; most approved, some waiting,
        a few queried or still drafts. One day at most per mentor per date (the rule)."""
        half = {SessionMode.TELEPHONE, SessionMode.VIDEO, SessionMode.E_MENTORING}
        statuses = [
            (DayClaim.Status.APPROVED, 80),
            (DayClaim.Status.SUBMITTED, 10),
            (DayClaim.Status.QUERIED, 5),
            (DayClaim.Status.DRAFT, 5),
        ]
        now = timezone.now()
        taken, claims = set(), []
        for session in self.sessions:
            mentor_id, held_on = session.logged_by_id, session.held_on
            if (mentor_id, held_on) in taken:
                continue
            taken.add((mentor_id, held_on))
            status = _weighted(self.rng, statuses)
            length = DayClaim.Length.HALF if session.mode in half else DayClaim.Length.WHOLE
            fee = None
            if status == DayClaim.Status.APPROVED:
                placement = self.placement_of[session.placement_id]
                rate = self.rate_of.get(mentor_id, FUNDER_RATE if placement.funder_id else None)
                if not placement.mentoring_type.paid:
                    fee = Decimal("0.00")
                elif rate is not None:
                    fee = rate / 2 if length == DayClaim.Length.HALF else rate
            sent = status != DayClaim.Status.DRAFT
            decided = status in (DayClaim.Status.APPROVED, DayClaim.Status.QUERIED)
            claims.append(
                DayClaim(
                    placement_id=session.placement_id,
                    mentor_id=mentor_id,
                    worked_on=held_on,
                    length=length,
                    purpose=DayClaim.Purpose.SESSION,
                    session_id=session.pk,
                    description=f"Session on {held_on:%d/%m/%Y}",
                    status=status,
                    submitted_at=now if sent else None,
                    decided_at=now if decided else None,
                    message="Which meeting was this? Please add the committee's name."
                    if status == DayClaim.Status.QUERIED
                    else "",
                    fee=fee,
                    created_at=now,
                )
            )
        self.claims = DayClaim.objects.bulk_create(claims, batch_size=BATCH)
        self.counts["day claims"] = len(self.claims)

    # Money -------------------------------------------------------------------
    def _funders(self):
        """A funder for each council's own budget, the two shared ones (made with the
        first unit), their day rates from the first financial year, and a mentor in ten
        with their own rate."""
        # An ended placement may start up to a year before the unit's five years.
        first_year = financial_year_of(self.start - relativedelta(years=1))
        self.years = {}
        for start in range(first_year, financial_year_of(self.today) + 1):
            self.years[start] = FinancialYear.objects.get_or_create(start_year=start)[0]
        rates_from = datetime.date(first_year, 4, 1)
        self.shared = {}
        for funding, (name, kind) in SHARED_FUNDERS.items():
            funder, created = Funder.objects.get_or_create(name=name, defaults={"kind": kind})
            if created:
                DayRate.objects.create(funder=funder, amount=FUNDER_RATE, starts_on=rates_from)
            self.shared[funding] = funder
        own = Funder.objects.bulk_create(
            [Funder(name=c.name, kind=Funder.Kind.COUNCIL) for c in self.councils]
        )
        self.own_funder = {c.pk: f for c, f in zip(self.councils, own, strict=True)}
        with_own_rate = self.mentors[::10]
        DayRate.objects.bulk_create(
            [DayRate(funder=f, amount=FUNDER_RATE, starts_on=rates_from) for f in own]
            + [DayRate(mentor=m, amount=MENTOR_RATE, starts_on=rates_from) for m in with_own_rate]
        )
        self.rate_of = {m.pk: MENTOR_RATE for m in with_own_rate}

    def funder_of(self, funding: str, council: Council) -> Funder:
        return self.own_funder[council.pk] if funding == "council" else self.shared[funding]

    def _expenses(self):
        """Travel or subsistence on one approved or waiting whole day in twenty, under the
        receipt limit (so no file is needed)."""
        whole = [
            c
            for c in self.claims
            if c.length == DayClaim.Length.WHOLE
            and c.status in (DayClaim.Status.APPROVED, DayClaim.Status.SUBMITTED)
        ]
        expenses = [
            ClaimExpense(
                claim=c,
                kind=kind,
                description=description,
                amount=Decimal(self.rng.randint(250, 1000)) / 100,
            )
            for c in whole[::20]
            for kind, description in [
                (ClaimExpense.Kind.TRAVEL, "Car park near the town hall"),
                (ClaimExpense.Kind.SUBSISTENCE, "Lunch on the day of the visit"),
            ][: self.rng.randint(1, 2)]
        ]
        self.counts["expenses"] = len(ClaimExpense.objects.bulk_create(expenses, batch_size=BATCH))

    def _budgets(self):
        """A budget from each funder for each council in each financial year, about a
        fifth above what its placements commit and its approved claims spend."""
        used = defaultdict(lambda: Decimal("0"))
        for p in self.placements:
            agreed = p.cost if p.cost is not None else p.mentor_days_agreed * FUNDER_RATE
            used["committed", p.funder_id, p.council_id, financial_year_of(p.started_on)] += agreed
        for c in self.claims:
            if c.fee:
                p = self.placement_of[c.placement_id]
                used["spent", p.funder_id, p.council_id, financial_year_of(c.worked_on)] += c.fee
        funders = [*self.shared.values()]
        budgets = []
        for council in self.councils:
            for funder in [self.own_funder[council.pk], *funders]:
                for start, year in self.years.items():
                    key = (funder.pk, council.pk, start)
                    most = max(used[("committed", *key)], used[("spent", *key)])
                    allocated = max(5, math.ceil(most * Decimal("1.2") / 1000)) * 1000
                    budgets.append(
                        Budget(
                            funder=funder,
                            council=council,
                            financial_year=year,
                            allocated=Decimal(allocated),
                        )
                    )
        self.counts["budgets"] = len(Budget.objects.bulk_create(budgets, batch_size=BATCH))

    def _confidence(self):
        checks = []
        for m in self.mentees:
            p = self.placement_of[m.placement_id]
            checks.append(ConfidenceCheck(mentee=m, stage="baseline", taken_on=p.started_on))
            if p.status == "ended":
                checks.append(ConfidenceCheck(mentee=m, stage="end", taken_on=p.ended_on))
        checks = ConfidenceCheck.objects.bulk_create(checks, batch_size=BATCH)
        areas = ["role", "chairing", "scrutiny", "officers", "community", "media"]
        ConfidenceScore.objects.bulk_create(
            [
                ConfidenceScore(
                    check_in=c,
                    area=a,
                    score=self.rng.randint(1, 3)
                    if c.stage == "baseline"
                    else self.rng.randint(3, 5),
                )
                for c in checks
                for a in areas
            ],
            batch_size=BATCH * 5,
        )
        self.counts["confidence check-ins"] = len(checks)

    def _ward_visits(self):
        ward = [p for p in self.placements if p.mentoring_type_id == self.types["ward-visit"].pk]
        WardIssue.objects.bulk_create(
            [
                WardIssue(
                    placement=p,
                    description=self.rng.choice(
                        [
                            "Fly-tipping behind the shops.",
                            "Speeding on the school run.",
                            "Empty units on the high street.",
                            "Poor lighting on the footpath to the station.",
                        ]
                    ),
                    place=self.fake.street_name(),
                    priority=self.rng.choice(["high", "medium", "low"]),
                    order=order,
                )
                for p in ward
                for order in range(self.rng.randint(3, 8))
            ],
            batch_size=BATCH,
        )
        WardVisitReport.objects.bulk_create(
            WardVisitReport(
                placement=p,
                observations="A well-run surgery; residents know their councillor.",
                priorities="Safer streets; the high street.",
                matters_for_action="Meet the highways officer about the school run.",
            )
            for p in ward
        )
        # Mentees keep private reflections: a few each.
        Reflection.objects.bulk_create(
            [
                Reflection(
                    mentee=m,
                    written_on=_spread(
                        self.rng,
                        self.placement_of[m.placement_id].started_on,
                        min(self.placement_of[m.placement_id].end_date, self.today),
                    ),
                    text=self.rng.choice(NOTE_SENTENCES),
                )
                for m in self.mentees
                for _ in range(self.rng.randint(0, 3))
            ],
            batch_size=BATCH,
        )

    def _invitations(self):
        # Everyone who signs in came by an invitation, long since accepted.
        users = list(
            User.objects.filter(email__contains=f"-{self.unit}-", email__endswith=f"@{DOMAIN}")
            .exclude(is_programme_manager=True)
            .values_list("pk", "email")
        )
        manager = User.objects.get(email=f"manager-1-1@{DOMAIN}")
        now = timezone.now()
        Invitation.objects.bulk_create(
            [
                Invitation(
                    user_id=pk,
                    role=email.split("-", 1)[0],
                    token_hash=f"{self.unit:08d}{pk:056d}",
                    invited_by=manager,
                    sent_at=now - datetime.timedelta(days=30),
                    expires_at=now - datetime.timedelta(days=23),
                    accepted_at=now - datetime.timedelta(days=29),
                )
                for pk, email in users
            ],
            batch_size=BATCH,
        )

    # Review visits ----------------------------------------------------------
    def _visits(self):
        per_visit = BASE["actions"] // BASE["visits"]  # 15: five recommendations of three
        visits = []
        for i in range(BASE["visits"]):
            council = self.councils[i % len(self.councils)]
            first = _spread(self.rng, self.start, self.today + relativedelta(months=2))
            if i % 10 == 0:  # a visit each unit has just had, its report being drafted
                first = self.today - datetime.timedelta(days=self.rng.randint(10, 30))
            past = first + datetime.timedelta(days=40) < self.today
            status = VisitStatus.PUBLISHED if past else VisitStatus.PLANNED
            if not past and first < self.today:
                status = VisitStatus.REPORT_DRAFTED
            visits.append(
                ReviewVisit(
                    council=council,
                    kind=self.rng.choice(
                        [
                            VisitKind.PROGRESS_REVIEW,
                            VisitKind.CORPORATE_PEER_CHALLENGE,
                            VisitKind.MENTORING_REVIEW,
                        ]
                    ),
                    title=f"{self.rng.choice(['Progress review', 'Corporate peer challenge', 'Mentoring review'])} "
                    f"{first:%B %Y}",
                    first_day=first,
                    last_day=first + datetime.timedelta(days=self.rng.randint(1, 4)),
                    question="How well is the council improving its governance?",
                    scope="Leadership, scrutiny and member development.",
                    findings="The council has made clear progress since the last visit."
                    if past
                    else "",
                    status=status,
                    published_on=first + datetime.timedelta(days=30) if past else None,
                )
            )
        self.visits = ReviewVisit.objects.bulk_create(visits)
        self.counts["review visits"] = len(self.visits)
        # Peers come from other councils than the one they review.
        PeerTeamMember.objects.bulk_create(
            PeerTeamMember(
                visit=v,
                name=self.fake.name(),
                role=role,
                organisation=self.rng.choice(
                    [c for c in self.councils if c.pk != v.council_id]
                ).name,
            )
            for v in self.visits
            for role in ("Lead peer", "Member peer", "Officer peer")
        )
        recs = Recommendation.objects.bulk_create(
            [
                Recommendation(visit=v, number=n + 1, text=text, theme="Governance")
                for v in self.visits
                for n, text in enumerate(RECOMMENDATIONS)
            ],
            batch_size=BATCH,
        )
        visit_of = {v.pk: v for v in self.visits}
        actions = []
        per_rec = per_visit // len(RECOMMENDATIONS)
        for rec in recs:
            visit = visit_of[rec.visit_id]
            for _ in range(per_rec):
                due = visit.last_day + relativedelta(months=self.rng.randint(1, 12))
                # Councils finish most actions; the few left over are the recent ones.
                recent = due > self.today - relativedelta(months=3)
                done = due < self.today and (not recent or self.rng.random() < 0.7)
                actions.append(
                    Action(
                        recommendation=rec,
                        description=self.rng.choice(
                            [
                                "Hold a joint away day for cabinet and the senior leadership team.",
                                "Agree a scrutiny work programme with the executive.",
                                "Run induction sessions for all new members.",
                                "Publish a forward plan of key decisions.",
                            ]
                        ),
                        owner=self.rng.choice(
                            [
                                "Chief Executive",
                                "Assistant Chief Executive",
                                "Head of Democratic Services",
                            ]
                        ),
                        due_on=due,
                        rag=RAG.GREEN if done else self.rng.choice([RAG.AMBER, RAG.RED]),
                        completed_on=due if done else None,
                    )
                )
        actions = Action.objects.bulk_create(actions, batch_size=BATCH)
        self.counts["actions"] = len(actions)
        updates = []
        for a in actions:
            for step in range(2):
                written = a.due_on - relativedelta(months=2 - step)
                if written > self.today:
                    continue
                updates.append(
                    ProgressUpdate(
                        action=a,
                        written_on=written,
                        text=UPDATE_OF_RAG[a.rag] if step else "Planning started.",
                        rag=a.rag,
                        author_name="Head of Democratic Services",
                    )
                )
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
        self.counts["progress updates"] = len(updates)
