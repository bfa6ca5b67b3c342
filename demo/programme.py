"""The demo programme, modelled on the seed documents.

Councils, roles, mentoring types, review visits and their recommendations are
the programme's own; the people are fictional, so that no real person is
given invented mentoring conversations. Everything is created with
get_or_create on a natural key, so running it again changes nothing.
"""

import datetime
import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.pdf import render_pdf
from councils.models import (
    CommissionerAppointment,
    Council,
    Councillor,
    Election,
    GovernanceChange,
    Officer,
    Party,
    PoliticalGroup,
    PoliticalGroupMember,
    Role,
    RoleAppointment,
)
from councils.regions import Region
from demo.reference import ensure_reference_data
from funding.models import Budget, FinancialYear, Funder
from funding.services import financial_year_close
from funding.years import financial_year_of
from mentoring.models import (
    AgreementReview,
    AgreementStatus,
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
    PlacementStatus,
    Reflection,
    Session,
    SessionMode,
    SessionNote,
    Theme,
)
from mentoring.money import claim_fee
from mentoring.services import placement_save
from reports.models import ReportNarrative
from reports.selectors import previous_month
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

DEMO_PASSWORD = "mentoring-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    what: str


DEMO_LOGINS = [
    DemoLogin("admin@demo.example.org", "Alex Admin", "site administrator (Django admin)"),
    DemoLogin("manager@demo.example.org", "Jo Hartley", "programme manager"),
    DemoLogin("mentor.a@demo.example.org", "Cllr Pat Lowther", "mentor A (Leeds City Council)"),
    DemoLogin("mentor.b@demo.example.org", "Cllr Sam Okafor", "mentor B (Halton Borough Council)"),
    DemoLogin(
        "councillor.a@demo.example.org", "Cllr Dana Whitfield", "councillor A (Rotherham, Leader)"
    ),
    DemoLogin(
        "councillor.b@demo.example.org",
        "Cllr Morgan Pryce",
        "councillor B (Rotherham, Leader of the Opposition)",
    ),
    DemoLogin(
        "commissioner@demo.example.org",
        "Robin Ashworth",
        "commissioner for Eastmoor (a fictional council in intervention)",
    ),
]

PARTIES = [
    ("Labour", "Lab"),
    ("Conservative", "Con"),
    ("Liberal Democrats", "LD"),
    ("UK Independence Party", "UKIP"),
    ("Green", "Grn"),
]

FICTIONAL_COUNCIL = "Eastmoor Borough Council (fictional)"

COUNCILS = [
    # name, slug, kind, region, control
    (
        "Rotherham Metropolitan Borough Council",
        "rotherham",
        "metropolitan-borough",
        Region.YORKSHIRE,
        "Labour",
    ),
    ("Leeds City Council", "leeds", "metropolitan-borough", Region.YORKSHIRE, "Labour"),
    ("Halton Borough Council", "halton", "unitary", Region.NORTH_WEST, "Labour"),
    ("Walsall Council", "walsall", "metropolitan-borough", Region.WEST_MIDLANDS, None),
    ("Somerset Council", "somerset", "unitary", Region.SOUTH_WEST, "Liberal Democrats"),
    (
        "North East Derbyshire District Council",
        "north-east-derbyshire",
        "district",
        Region.EAST_MIDLANDS,
        "Labour",
    ),
    (
        "South Yorkshire Mayoral Combined Authority",
        "south-yorkshire",
        "combined-authority",
        Region.YORKSHIRE,
        None,
    ),
    # Public fact allows no real council in intervention today (DOMAIN.md), so the
    # present-day intervention, its commissioner and its new intake are in a council
    # whose name says it is made up.
    (FICTIONAL_COUNCIL, "eastmoor", "metropolitan-borough", Region.NORTH_WEST, "Labour"),
]

CONFIDENTIALITY = (
    "What we discuss stays between us. Neither of us will share it with the council, the programme "
    "manager or commissioners without the other's agreement, except where the law requires it."
)


def _d(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class DemoBuilder:
    def __init__(self, today: datetime.date):
        ensure_reference_data()
        self.today = today
        self.roles = {r.slug: r for r in Role.objects.all()}
        self.types = {t.slug: t for t in MentoringType.objects.all()}
        self.themes = list(Theme.objects.order_by("order"))

    # People ---------------------------------------------------------------
    def users(self):
        self.user = {}
        for login in DEMO_LOGINS:
            user, created = User.objects.get_or_create(
                email=login.email, defaults={"full_name": login.name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
            if login.email.startswith("admin@"):
                user.is_staff = user.is_superuser = True
            if login.email.startswith("manager@"):
                user.is_programme_manager = True
            user.save()
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            self.user[login.email.split("@")[0]] = user

    def councils(self):
        self.party = {}
        for name, short in PARTIES:
            self.party[name], _ = Party.objects.get_or_create(
                name=name, defaults={"short_name": short}
            )
        self.council = {}
        for name, slug, kind, region, control in COUNCILS:
            self.council[slug], _ = Council.objects.get_or_create(
                slug=slug,
                defaults=dict(
                    name=name,
                    kind=kind,
                    region=region,
                    political_control=self.party.get(control) if control else None,
                ),
            )
        rotherham, eastmoor = self.council["rotherham"], self.council["eastmoor"]
        # Rotherham's intervention as it happened: the government's written statements
        # and the council's own announcements give these dates.
        for council, since, status, note in [
            (
                rotherham,
                "2015-02-26",
                "intervention",
                "Commissioners appointed after the Casey best value inspection.",
            ),
            (
                rotherham,
                "2016-02-11",
                "partly-returned",
                "Executive powers returned for a first group of services.",
            ),
            (
                rotherham,
                "2017-03-21",
                "partly-returned",
                "Further decision-making powers returned after the progress review.",
            ),
            (
                rotherham,
                "2018-09-24",
                "normal",
                "The last powers returned and the commissioners left; a final review "
                "followed in March 2019.",
            ),
            (
                eastmoor,
                "2025-06-12",
                "intervention",
                "Fictional: commissioners appointed after a best value inspection.",
            ),
        ]:
            GovernanceChange.objects.get_or_create(
                council=council, since=_d(since), status=status, defaults={"note": note}
            )
        # Elections fall on the first Thursday in May.
        for council, held_on in [
            (rotherham, "2016-05-05"),
            (rotherham, "2021-05-06"),
            (rotherham, "2024-05-02"),
            (eastmoor, "2022-05-05"),
            (eastmoor, "2026-05-07"),
        ]:
            Election.objects.get_or_create(council=council, held_on=_d(held_on), kind="all-out")
        commissioner = self.user["commissioner"]
        for council, started, ended in [
            (rotherham, "2015-02-26", "2018-09-24"),
            (eastmoor, "2025-06-12", None),
        ]:
            appointment, _ = CommissionerAppointment.objects.get_or_create(
                council=council,
                commissioner=commissioner,
                defaults={"started_on": _d(started), "ended_on": _d(ended) if ended else None},
            )
            if ended and appointment.ended_on is None:  # a demo loaded before it was ended
                appointment.ended_on = _d(ended)
                appointment.save(update_fields=["ended_on"])

    def councillor(self, council, name, party, ward, elected, *, user=None, roles=()):
        person, _ = Councillor.objects.get_or_create(
            council=self.council[council],
            full_name=name,
            defaults=dict(
                party=self.party.get(party) if party else None,
                ward=ward,
                first_elected_on=_d(elected),
                email=user.email if user else "",
                user=user,
            ),
        )
        for role, committee, started in roles:
            RoleAppointment.objects.get_or_create(
                councillor=person,
                role=self.roles[role],
                committee=committee,
                started_on=_d(started),
            )
        return person

    def councillors(self):
        c = self.councillor
        self.leader = c(
            "rotherham",
            "Dana Whitfield",
            "Labour",
            "Boston Castle",
            "2016-05-05",
            user=self.user["councillor.a"],
            roles=[("leader", "", "2024-05-22")],
        )
        self.opposition = c(
            "rotherham",
            "Morgan Pryce",
            "Conservative",
            "Sitwell",
            "2021-05-06",
            user=self.user["councillor.b"],
            roles=[("leader-of-the-opposition", "", "2024-05-22")],
        )
        self.cabinet = [
            c(
                "rotherham",
                "Ayesha Rahman",
                "Labour",
                "Rotherham East",
                "2016-05-05",
                roles=[("cabinet-member", "Children and Young People's Services", "2024-05-22")],
            ),
            c(
                "rotherham",
                "Tom Beckett",
                "Labour",
                "Wath",
                "2021-05-06",
                roles=[("cabinet-member", "Finance and Customer Services", "2024-05-22")],
            ),
            c(
                "rotherham",
                "Grace Holloway",
                "Labour",
                "Keppel",
                "2024-05-02",
                roles=[("cabinet-member", "Jobs and the Local Economy", "2024-05-22")],
            ),
        ]
        # The rest of the Cabinet: a role mentoring group is 8 to 10 councillors.
        self.cabinet += [
            c("rotherham", name, "Labour", ward, elected,
              roles=[("cabinet-member", portfolio, "2024-05-22")])
            for name, ward, elected, portfolio in [
                ("Bernadette Clough", "Anston and Woodsetts", "2016-05-05",
                 "Adult Social Care and Health"),
                ("Daniel Osei", "Rotherham West", "2021-05-06", "Housing"),
                ("Margaret Tunnicliffe", "Dalton and Thrybergh", "2016-05-05",
                 "Social Inclusion and Neighbourhood Working"),
                ("Wayne Hirst", "Aston and Todwick", "2021-05-06", "Transport and Environment"),
                ("Farah Qureshi", "Kilnhurst and Swinton East", "2024-05-02",
                 "Community Safety and Street Scene"),
            ]
        ]  # fmt: skip
        self.planning_chair = c(
            "rotherham",
            "Neil Farrow",
            "Labour",
            "Dinnington",
            "2016-05-05",
            roles=[("chair", "Planning Board", "2024-05-22")],
        )
        self.licensing_chair = c(
            "rotherham",
            "Linda Sayer",
            "Labour",
            "Hellaby",
            "2021-05-06",
            roles=[("chair", "Licensing Board", "2024-05-22")],
        )
        self.scrutiny_chairs = [
            c(
                "rotherham",
                "Ian Cutts",
                "Labour",
                "Wickersley",
                "2016-05-05",
                roles=[("chair", "Overview and Scrutiny Management Board (OSMB)", "2024-05-22")],
            ),
            c(
                "rotherham",
                "Helen Marsh",
                "Labour",
                "Swinton",
                "2024-05-02",
                roles=[("chair", "Health Select Commission", "2024-05-22")],
            ),
            c(
                "rotherham",
                "Omar Siddiq",
                "Liberal Democrats",
                "Brinsworth",
                "2024-05-02",
                roles=[("vice-chair", "Improving Places Select Commission", "2024-05-22")],
            ),
        ]
        self.scrutiny_chairs += [
            c("rotherham", name, party, ward, elected, roles=[(role, committee, "2024-05-22")])
            for name, party, ward, elected, role, committee in [
                ("Joan Barraclough", "Labour", "Wales", "2016-05-05", "vice-chair",
                 "Overview and Scrutiny Management Board (OSMB)"),
                ("Kevin Ashton", "Labour", "Hoober", "2021-05-06", "vice-chair",
                 "Health Select Commission"),
                ("Sophie Lindley", "Labour", "Greasbrough", "2021-05-06", "chair",
                 "Improving Places Select Commission"),
                ("Mark Ellison", "Labour", "Rother Vale", "2016-05-05", "chair",
                 "Improving Lives Select Commission"),
                ("Priya Nair", "Conservative", "Bramley and Ravenfield", "2024-05-02",
                 "vice-chair", "Improving Lives Select Commission"),
            ]
        ]  # fmt: skip
        # New members of the 2024 all-out election with no role yet.
        for name, ward in [
            ("Chloe Dunn", "Maltby"),
            ("Raj Patel", "Aughton"),
            ("Beth Kirk", "Rawmarsh"),
        ]:
            c(
                "rotherham",
                name,
                "Labour",
                ward,
                "2024-05-02",
                roles=[("frontline", "", "2024-05-02")],
            )
        self.left_office = c(
            "rotherham", "Gordon Hale", "UK Independence Party", "Silverwood", "2016-05-05"
        )
        if not self.left_office.left_office_on:
            self.left_office.left_office_on = _d("2021-05-06")
            self.left_office.save()
        self.officer, _ = Officer.objects.get_or_create(
            council=self.council["rotherham"],
            full_name="Karen Lister",
            defaults={"job_title": "Assistant Chief Executive"},
        )
        # Eastmoor (fictional): experienced buddies and members new at its all-out
        # election of May 2026.
        self.eastmoor_buddies = [
            c("eastmoor", "Peter Moorhouse", "Labour", "Moor Side", "2022-05-05"),
            c("eastmoor", "Ann Tyson", "Labour", "Eastmoor Central", "2022-05-05"),
        ]
        self.eastmoor_new = [
            c("eastmoor", name, "Labour", ward, "2026-05-07")
            for name, ward in [
                ("Jack Ellwood", "Beckfoot"),
                ("Fiona Rigg", "Low Moor"),
                ("Liam Nixon", "Fellside"),
                ("Sara Bell", "Harbour"),
            ]
        ]

    def mentor(
        self,
        name,
        council,
        party,
        *,
        kind="councillor",
        organisation="Local Government Association",
        user=None,
        councillor=None,
        expertise=(),
        capacity=3,
        expires="2027-09-30",
        region=None,
    ):
        council_obj = self.council[council] if council else None
        mentor, created = Mentor.objects.get_or_create(
            full_name=name,
            defaults=dict(
                kind=kind,
                council=council_obj,
                councillor=councillor,
                organisation=organisation,
                accredited=bool(expires),
                accreditation_expires_on=_d(expires) if expires else None,
                regional_pool=region or council_obj.region,
                party=self.party.get(party) if party else None,
                capacity=capacity,
                email=user.email if user else "",
                user=user,
            ),
        )
        if created:
            mentor.expertise.set([self.roles[r] for r in expertise])
        return mentor

    def mentors(self):
        m = self.mentor
        self.mentor_a = m(
            "Pat Lowther",
            "leeds",
            "Labour",
            user=self.user["mentor.a"],
            expertise=["leader", "cabinet-member", "group-leader"],
        )
        self.mentor_b = m(
            "Sam Okafor",
            "halton",
            "Conservative",
            user=self.user["mentor.b"],
            expertise=["leader-of-the-opposition", "group-leader"],
            expires="2027-01-15",
        )
        self.mentor_walsall = m(
            "Derek Whyte", "walsall", "Labour", expertise=["cabinet-member", "deputy-leader"]
        )
        self.mentor_somerset = m(
            "Helen Quarry",
            "somerset",
            "Liberal Democrats",
            expertise=["chair"],
            expires="2026-12-31",
        )
        self.mentor_ned = m(
            "Brian Oates",
            "north-east-derbyshire",
            "Conservative",
            expertise=["chair", "vice-chair"],
        )
        self.mentor_cfps = m(
            "Rachel Doyle",
            None,
            None,
            kind="officer",
            organisation="Centre for Governance and Scrutiny",
            expertise=["chair", "vice-chair"],
            region=Region.YORKSHIRE,
        )
        self.mentor_officer = m(
            "Martin Coles",
            "halton",
            None,
            kind="officer",
            organisation="Halton Borough Council",
            expertise=[],
            expires=None,
        )
        self.buddies = [
            m(
                b.full_name,
                "eastmoor",
                "Labour",
                councillor=b,
                organisation=FICTIONAL_COUNCIL,
                expertise=["frontline"],
                expires="2027-06-30",
            )
            for b in self.eastmoor_buddies
        ]

    # Money --------------------------------------------------------------------
    # Who pays: the government department's improvement grant for the programme,
    # Rotherham's own budget for its placements, and a regional fund for the
    # regionally funded (nil cost to the council) hours. Budgets are set by financial
    # year (April to March); Rotherham's for 2026/27 is about 80% committed, so its
    # warning shows.
    FUNDERS = {
        "subsidy": (
            "Ministry of Housing, Communities and Local Government",
            Funder.Kind.GOVERNMENT,
        ),
        "council": ("Rotherham Metropolitan Borough Council", Funder.Kind.COUNCIL),
        "nil-cost": ("Yorkshire and the Humber regional improvement fund", Funder.Kind.REGIONAL),
    }

    def funding(self):
        self.funder = {
            funding: Funder.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for funding, (name, kind) in self.FUNDERS.items()
        }
        self.year = {
            start: FinancialYear.objects.get_or_create(start_year=start)[0]
            for start in (2025, 2026)
        }
        rotherham = self.council["rotherham"]
        for funding, council, start, allocated, note in [
            ("council", rotherham, 2025, "18000", "Member development budget"),
            ("subsidy", None, 2026, "48000", "Improvement grant for peer mentoring"),
            ("council", rotherham, 2026, "26000", "Member development budget"),
            ("nil-cost", None, 2026, "6000", "Regionally funded mentoring hours"),
        ]:
            Budget.objects.get_or_create(
                funder=self.funder[funding],
                council=council,
                financial_year=self.year[start],
                defaults={"allocated": Decimal(allocated), "note": note},
            )
        # A funder's rate of a whole day, changed on 1 April; one mentor has their own.
        for who, amount, starts, ends in [
            (dict(funder=self.funder["council"]), "280", "2025-04-01", "2026-03-31"),
            (dict(funder=self.funder["council"]), "300", "2026-04-01", None),
            (dict(funder=self.funder["subsidy"]), "300", "2026-04-01", None),
            (dict(funder=self.funder["nil-cost"]), "250", "2026-04-01", None),
            (dict(mentor=self.mentor_cfps), "350", "2026-04-01", None),
        ]:
            DayRate.objects.get_or_create(
                **who,
                starts_on=_d(starts),
                defaults={"amount": Decimal(amount), "ends_on": _d(ends) if ends else None},
            )

    def funder_of(self, council, funding):
        """The council's own budget pays only for Rotherham's placements in the demo."""
        if funding == "council" and council != "rotherham":
            return None
        return self.funder[funding]

    def receipt(self) -> bytes:
        return demo_receipt()

    def expenses(self):
        """Travel and subsistence on a few claims, approved and waiting: a receipt for
        each over the limit (settings.EXPENSE_RECEIPT_OVER)."""
        leader_visit = (
            self.p_leader.day_claims.filter(length=DayClaim.Length.WHOLE)
            .order_by("worked_on")
            .first()
        )
        travel = self.p_opposition.day_claims.filter(purpose=DayClaim.Purpose.TRAVEL).first()
        waiting = (
            DayClaim.objects.filter(status=DayClaim.Status.SUBMITTED, length=DayClaim.Length.WHOLE)
            .order_by("-worked_on", "pk")
            .first()
        )
        Kind = ClaimExpense.Kind
        for claim, kind, description, amount, receipt_name in [
            (leader_visit, Kind.TRAVEL, "Train, Leeds to Rotherham Central and back", "14.60",
             "leeds-rotherham-ticket.pdf"),
            (leader_visit, Kind.SUBSISTENCE, "Lunch on the day of the visit", "8.50", ""),
            (travel, Kind.TRAVEL, "Train, Runcorn to Rotherham Central and back", "48.20",
             "runcorn-rotherham-ticket.pdf"),
            (waiting, Kind.TRAVEL, "Car park near Riverside House", "6.00", ""),
            (waiting, Kind.SUBSISTENCE, "Evening meal on the journey home", "17.40",
             "evening-meal-receipt.pdf"),
        ]:  # fmt: skip
            if claim is None or claim.expenses.filter(kind=kind, description=description).exists():
                continue
            expense = ClaimExpense(
                claim=claim, kind=kind, description=description, amount=Decimal(amount)
            )
            if receipt_name:
                expense.receipt.save(receipt_name, ContentFile(self.receipt()), save=False)
                expense.receipt_name = receipt_name
                expense.receipt_type = "application/pdf"
            expense.full_clean()
            expense.save()

    def fees(self):
        """Approved claims are paid at the day's rate, fixed on approval (an induction
        buddy's day at no fee)."""
        for claim in DayClaim.objects.filter(
            status=DayClaim.Status.APPROVED, fee__isnull=True
        ).select_related("placement__mentoring_type"):
            claim.fee = claim_fee(claim)
            claim.save(update_fields=["fee"])

    def close_years(self):
        """2025/26 is closed once nothing in it waits for a decision: last, so that the
        days of the ended placement in it were approved first."""
        year = self.year[2025]
        if year.is_closed or financial_year_of(self.today) <= year.start_year:
            return
        waiting = DayClaim.objects.filter(
            worked_on__range=(year.starts_on, year.ends_on),
            status__in=(DayClaim.Status.DRAFT, *DayClaim.PENDING),
        )
        if not waiting.exists():
            financial_year_close(year, by=self.user["manager"])

    # Placements -------------------------------------------------------------
    def placement(
        self,
        key,
        council,
        kind,
        mentors,
        mentees,
        *,
        status,
        started,
        planned_end=None,
        ended=None,
        days="6",
        funding="council",
        cost=None,
        reason="",
    ):
        funder = self.funder_of(council, funding) if status != PlacementStatus.WITHDRAWN else None
        placement = Placement.objects.filter(
            council=self.council[council],
            mentoring_type=self.types[kind],
            started_on=_d(started),
            mentors=mentors[0],
        ).first()
        if placement is None:
            placement = placement_save(
                placement=Placement(
                    council=self.council[council],
                    mentoring_type=self.types[kind],
                    status=status,
                    started_on=_d(started),
                    planned_end_on=_d(planned_end) if planned_end else None,
                    ended_on=_d(ended) if ended else None,
                    mentor_days_agreed=Decimal(days),
                    funding=funding,
                    funder=funder,
                    cost=Decimal(cost) if cost else None,
                    withdrawn_reason=reason,
                ),
                mentors=mentors,
                mentees=mentees,
            )
        elif funder and placement.funder_id is None:  # a demo loaded before funders existed
            Placement.objects.filter(pk=placement.pk).update(funder=funder)
            placement.funder = funder
        return placement

    def placements(self):
        p = self.placement
        self.p_leader = p(
            "leader",
            "rotherham",
            "one-to-one",
            [self.mentor_a],
            [self.leader],
            status=PlacementStatus.ACTIVE,
            started="2026-06-01",
            planned_end="2027-05-31",
            days="8",
            funding="subsidy",
            cost="3400",
        )
        self.p_opposition = p(
            "opposition",
            "rotherham",
            "one-to-one",
            [self.mentor_b],
            [self.opposition],
            status=PlacementStatus.ACTIVE,
            started="2026-07-01",
            planned_end="2027-06-30",
            days="6",
            cost="3000",
        )
        self.p_cabinet = p(
            "cabinet",
            "rotherham",
            "councillor-role",
            [self.mentor_walsall],
            self.cabinet,
            status=PlacementStatus.ACTIVE,
            started="2026-06-15",
            planned_end="2027-03-31",
            days="10",
            cost="5600",
        )
        self.p_planning = p(
            "planning",
            "rotherham",
            "one-to-one",
            [self.mentor_somerset],
            [self.planning_chair],
            status=PlacementStatus.ACTIVE,
            started="2026-05-20",
            planned_end="2027-01-31",
            days="5",
            funding="nil-cost",
        )
        self.p_licensing = p(
            "licensing",
            "rotherham",
            "one-to-one",
            [self.mentor_ned],
            [self.licensing_chair],
            status=PlacementStatus.PAUSED,
            started="2026-06-10",
            planned_end="2027-02-28",
            days="4",
            cost="2600",
        )
        self.p_scrutiny = p(
            "scrutiny",
            "rotherham",
            "councillor-role",
            [self.mentor_cfps],
            self.scrutiny_chairs,
            status=PlacementStatus.ACTIVE,
            started="2026-06-01",
            days="8",
            cost="4400",
        )
        self.p_officer = p(
            "officer",
            "rotherham",
            "one-to-one",
            [self.mentor_officer],
            [self.officer],
            status=PlacementStatus.ACTIVE,
            started="2026-04-01",
            planned_end="2026-12-20",
            days="4",
            cost="2600",
        )
        # Mentor A's, like the Leader's: one mentor never serves both sides of a council.
        self.p_ended = p(
            "ended",
            "rotherham",
            "one-to-one",
            [self.mentor_a],
            [self.cabinet[0]],
            status=PlacementStatus.ENDED,
            started="2025-09-01",
            planned_end="2026-08-31",
            ended="2026-08-31",
            days="6",
            cost="3200",
        )
        self.p_withdrawn = p(
            "withdrawn",
            "rotherham",
            "one-to-one",
            [self.mentor_walsall],
            [self.left_office],
            status=PlacementStatus.WITHDRAWN,
            started="2020-09-01",
            planned_end="2021-03-31",
            days="4",
            reason="The councillor stood down at the May 2021 election.",
        )
        self.p_proposed = p(
            "proposed",
            "rotherham",
            "one-to-one",
            [self.mentor_ned],
            [self.council_member("Grace Holloway")],
            status=PlacementStatus.PROPOSED,
            started="2027-01-05",
            planned_end="2027-12-20",
            days="5",
            cost="2900",
        )
        self.p_buddies = p(
            "buddies",
            "eastmoor",
            "induction-buddy",
            self.buddies,
            self.eastmoor_new,
            status=PlacementStatus.ACTIVE,
            started="2026-05-18",
            planned_end="2027-01-31",
            days="6",
            cost="3100",
        )

    def council_member(self, name):
        return Councillor.objects.get(council=self.council["rotherham"], full_name=name)

    # Agreements ---------------------------------------------------------------
    def agreement(self, placement, *, status, needs, goals, reviews, agreed_on=None, version=1):
        agreement, created = LearningAgreement.objects.get_or_create(
            placement=placement,
            version=version,
            defaults=dict(
                development_needs=needs,
                ways_of_working="We meet face to face once a month in Rotherham, with a telephone or video "
                "call in between, and keep in touch by email.",
                confidentiality_protocol=CONFIDENTIALITY,
            ),
        )
        if not created:
            return agreement
        for order, (goal, reality, options, way, target) in enumerate(goals):
            Goal.objects.create(
                agreement=agreement,
                order=order,
                goal=goal,
                reality=reality,
                options=options,
                way_forward=way,
                target_on=_d(target),
            )
        for due in reviews:
            AgreementReview.objects.create(agreement=agreement, due_on=due)
        mentee_user = placement.mentees.first().person.user
        mentor_user = placement.mentors.first().user
        when = timezone.make_aware(
            datetime.datetime.combine(agreed_on or placement.started_on, datetime.time(10))
        )
        if status in (AgreementStatus.ACTIVE, AgreementStatus.SUPERSEDED):
            agreement.mentee_agreed_at = agreement.mentor_agreed_at = when
            agreement.mentee_agreed_by, agreement.mentor_agreed_by = mentee_user, mentor_user
        elif status == AgreementStatus.PROPOSED:
            agreement.mentor_agreed_at, agreement.mentor_agreed_by = when, mentor_user
        agreement.status = status
        agreement.save()
        if status in (AgreementStatus.ACTIVE, AgreementStatus.SUPERSEDED):
            # Each member of a group agrees for themself.
            MemberAgreement.objects.bulk_create(
                MemberAgreement(
                    agreement=agreement, mentee=member, agreed_at=when, agreed_by=member.person.user
                )
                for member in placement.mentees.select_related("councillor", "officer")
            )
        return agreement

    def agreements(self):
        soon = self.today + datetime.timedelta(days=6)
        later = self.today + relativedelta(months=3)
        self.agreement(
            self.p_leader,
            status=AgreementStatus.SUPERSEDED,
            agreed_on=_d("2026-06-10"),
            needs="Keeping up the council's improvement since its intervention ended; building the "
            "Cabinet as a team.",
            goals=[
                (
                    "Lead an effective Cabinet team",
                    "New portfolio holders since May 2024.",
                    "Away day; observation of Cabinet; visits to peer councils.",
                    "Away day before the budget round.",
                    "2026-10-31",
                )
            ],
            reviews=[_d("2026-09-01")],
        )
        self.agreement(
            self.p_leader,
            version=2,
            status=AgreementStatus.ACTIVE,
            agreed_on=_d("2026-09-05"),
            needs="Keeping up the council's improvement; setting the 2027/28 budget with the senior "
            "management team; working with the wider membership on the new Corporate Plan.",
            goals=[
                (
                    "Lead an effective Cabinet team",
                    "New portfolio holders since May 2024.",
                    "Away day; observation of Cabinet; visits to peer councils.",
                    "Cabinet away day held; agree a shared forward plan.",
                    "2026-12-31",
                ),
                (
                    "Set the 2027/28 budget with the senior management team",
                    "Financial pressures continue.",
                    "Learn from Leeds' medium-term financial strategy process.",
                    "Monthly budget check-ins with the mentor.",
                    "2027-02-28",
                ),
            ],
            reviews=[soon, later],
        )
        self.agreement(
            self.p_opposition,
            status=AgreementStatus.PROPOSED,
            agreed_on=_d("2026-07-15"),
            needs="Holding the administration to account; gaining access to information; leading the group.",
            goals=[
                (
                    "Constructive, effective opposition",
                    "Access to officer support is now healthy.",
                    "Shadow portfolio briefings; questions at Council.",
                    "Quarterly group away day.",
                    "2027-03-31",
                )
            ],
            reviews=[later],
        )
        self.agreement(
            self.p_cabinet,
            status=AgreementStatus.DRAFT,
            needs="Working as an Advisory Cabinet; taking decisions in public; portfolio leadership.",
            goals=[("Portfolio holders confident in Cabinet", "", "", "", "2027-03-31")],
            reviews=[],
        )
        self.agreement(
            self.p_planning,
            status=AgreementStatus.ACTIVE,
            agreed_on=_d("2026-06-01"),
            needs="Chairing Planning Board: handling public speakers and keeping decisions sound.",
            goals=[
                (
                    "Chair Planning Board confidently",
                    "Chaired three meetings so far.",
                    "Observation at Planning Board; feedback afterwards.",
                    "Observe two meetings.",
                    "2026-12-31",
                )
            ],
            reviews=[self.today + datetime.timedelta(days=7)],
        )
        self.agreement(
            self.p_scrutiny,
            status=AgreementStatus.ACTIVE,
            agreed_on=_d("2026-06-20"),
            needs="Effective scrutiny: work programming, questioning, recommendations that land.",
            goals=[
                (
                    "A scrutiny work programme owned by members",
                    "",
                    "Workshop with the Centre for Governance and Scrutiny.",
                    "Away day in September.",
                    "2026-12-31",
                )
            ],
            reviews=[_d("2026-12-15")],
        )
        self.agreement(
            self.p_ended,
            status=AgreementStatus.ACTIVE,
            agreed_on=_d("2025-09-20"),
            needs="Taking on a demanding portfolio.",
            goals=[("Confident in the portfolio", "", "", "", "2026-06-30")],
            reviews=[_d("2026-03-01")],
        )

    # Sessions -------------------------------------------------------------------
    F2F, PHONE, VIDEO, E_MENTORING, OBSERVATION, AWAY_DAY = (
        SessionMode.FACE_TO_FACE,
        SessionMode.TELEPHONE,
        SessionMode.VIDEO,
        SessionMode.E_MENTORING,
        SessionMode.OBSERVATION,
        SessionMode.AWAY_DAY,
    )
    # The minutes each kind of session takes, taken in turn: a call is under an hour,
    # a meeting an hour or an hour and a half, an observed committee its length, an
    # away day most of a day.
    MINUTES = {
        F2F: (60, 90),
        PHONE: (30, 60),
        VIDEO: (45, 60),
        E_MENTORING: (20, 30),
        OBSERVATION: (150, 180),
        AWAY_DAY: (360,),
    }
    # A one-to-one meets in person with calls between and an observed meeting now and
    # then; a group meets in person or by video; after the end, calls and e-mail only.
    RHYTHM = {
        "one-to-one": (F2F, PHONE, VIDEO, F2F, E_MENTORING, PHONE, OBSERVATION),
        "councillor-role": (F2F, VIDEO, F2F, OBSERVATION),
        "induction-buddy": (F2F, PHONE, F2F, E_MENTORING),
    }
    FOLLOW_UP = (PHONE, E_MENTORING)

    def sessions(self):
        themes = itertools.cycle(self.themes)
        # placement, days between sessions, the last day, the number of the session
        # that is an away day (the Leader's Cabinet away day and the scrutiny group's,
        # both in September 2026, as their agreements plan).
        plans = [
            (self.p_leader, 14, self.today, 8),
            (self.p_opposition, 21, self.today - datetime.timedelta(days=3), None),
            (self.p_cabinet, 28, self.today, None),
            (self.p_planning, 21, _d("2026-09-20"), None),  # no session in six weeks
            (self.p_licensing, 30, _d("2026-08-15"), None),
            (self.p_scrutiny, 21, self.today, 6),
            (self.p_officer, 28, self.today, None),
            (self.p_ended, 30, _d("2026-10-20"), None),  # the last ones are follow-up
            (self.p_buddies, 21, self.today, None),
        ]
        for placement, every, until, away_day in plans:
            mentor = placement.mentors.first()
            mentees = list(placement.mentees.all())
            rhythm = self.RHYTHM[placement.mentoring_type.slug]
            day = placement.started_on + datetime.timedelta(days=3)
            number = 0
            # Only sessions that have happened are logged, whatever the date today.
            while day <= min(until, self.today):
                number += 1
                if number == away_day:
                    mode = self.AWAY_DAY
                elif placement.end_date and day > placement.end_date:
                    mode = self.FOLLOW_UP[number % 2]
                else:
                    mode = rhythm[(number - 1) % len(rhythm)]
                minutes = self.MINUTES[mode]
                session, created = Session.objects.get_or_create(
                    placement=placement,
                    held_on=day,
                    defaults=dict(
                        mode=mode,
                        duration_minutes=minutes[number % len(minutes)],
                        logged_by=mentor,
                        # Logged that evening, as mentors do: only the last fortnight's
                        # sessions can still be changed (Session.EDITABLE_DAYS).
                        created_at=min(
                            timezone.make_aware(datetime.datetime.combine(day, datetime.time(18))),
                            timezone.now(),
                        ),
                    ),
                )
                if created:
                    session.full_clean()
                    session.save()
                    session.topics.set([next(themes), next(themes)])
                    if placement.mentoring_type.is_group:
                        session.attendees.set(mentees[: max(1, len(mentees) - number % 2)])
                    SessionNote.objects.create(
                        session=session,
                        notes=f"Session {number}: talked through what went well since we last met and "
                        "what the mentee wants to work on next.",
                        actions_agreed="Mentee to read the papers for the next meeting early and note "
                        "three questions; mentor to share an example from their own council.",
                    )
                day += datetime.timedelta(days=every)

    # Day claims -----------------------------------------------------------------
    # A call or an e-mentoring exchange is half a day of the mentor's time; a visit, an
    # observed meeting or an away day a whole one.
    CLAIM_OF_MODE = {
        SessionMode.TELEPHONE: (DayClaim.Length.HALF, DayClaim.Purpose.SESSION),
        SessionMode.VIDEO: (DayClaim.Length.HALF, DayClaim.Purpose.SESSION),
        SessionMode.E_MENTORING: (DayClaim.Length.HALF, DayClaim.Purpose.SESSION),
        SessionMode.FACE_TO_FACE: (DayClaim.Length.WHOLE, DayClaim.Purpose.SESSION),
        SessionMode.OBSERVATION: (DayClaim.Length.WHOLE, DayClaim.Purpose.OBSERVATION),
        SessionMode.AWAY_DAY: (DayClaim.Length.WHOLE, DayClaim.Purpose.AWAY_DAY),
    }

    def claims(self):
        """Claims for the sessions, oldest first, up to about three quarters of each
        placement's agreed days (the officer's placement, ending soon, nearly all of
        them): approved, then the last six weeks' waiting for approval; a few days of
        preparation and travel; one claim queried by the programme manager; and the
        leader's mentor's latest session as a draft to confirm. Induction buddies are
        volunteers: their sessions are not claimed."""
        manager = self.user["manager"]
        now = timezone.now()
        recent = self.today - datetime.timedelta(weeks=6)  # not yet decided
        taken = defaultdict(Decimal)  # (mentor, date): days claimed, at most one
        for mentor_id, day, length in DayClaim.objects.counted().values_list(
            "mentor_id", "worked_on", "length"
        ):
            taken[mentor_id, day] += Decimal("0.5") if length == "half" else 1

        def claim(placement, mentor, day, length, purpose, description, session=None):
            days = Decimal("0.5") if length == DayClaim.Length.HALF else Decimal(1)
            key = {"placement": placement, "mentor": mentor, "worked_on": day}
            if session:
                key["session"] = session
            else:
                key["purpose"] = purpose
            existing = DayClaim.objects.filter(**key).first()
            if existing:
                return existing
            if taken[mentor.pk, day] + days > 1:
                return None
            taken[mentor.pk, day] += days
            approved = day < recent
            sent_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19)))
            new = DayClaim(
                **{"purpose": purpose, **key},
                length=length,
                description=description,
                status=DayClaim.Status.APPROVED if approved else DayClaim.Status.SUBMITTED,
                submitted_at=min(sent_at, now),
                decided_at=min(sent_at + datetime.timedelta(days=6), now) if approved else None,
                decided_by=manager if approved else None,
                created_at=min(sent_at, now),
            )
            new.full_clean()
            if approved:
                new.fee = claim_fee(new)
            new.save()
            return new

        share = {self.p_officer: Decimal("1")}
        for placement in (self.p_leader, self.p_opposition, self.p_cabinet, self.p_planning,
                          self.p_licensing, self.p_scrutiny, self.p_officer, self.p_ended):  # fmt: skip
            limit = placement.mentor_days_agreed * share.get(placement, Decimal("0.75"))
            used = Decimal(0)
            for session in placement.sessions.order_by("held_on", "pk").select_related("logged_by"):
                length, purpose = self.CLAIM_OF_MODE[session.mode]
                days = Decimal("0.5") if length == DayClaim.Length.HALF else Decimal(1)
                if used + days > limit:
                    break
                what = session.get_mode_display().lower()
                made = claim(
                    placement,
                    session.logged_by,
                    session.held_on,
                    length,
                    purpose,
                    f"{what.capitalize()} with the mentee",
                    session=session,
                )
                used += days if made else 0

        # Preparation and travel the day before a visit.
        leader_mentor = self.p_leader.mentors.first()
        first_visit = self.p_leader.sessions.filter(mode=SessionMode.FACE_TO_FACE).first()
        if first_visit:
            claim(self.p_leader, leader_mentor, first_visit.held_on - datetime.timedelta(days=1),
                  DayClaim.Length.HALF, DayClaim.Purpose.PREPARATION,
                  "Reading the council's budget papers before the visit")  # fmt: skip
        first = self.p_opposition.sessions.order_by("held_on").first()
        if first:
            claim(self.p_opposition, self.p_opposition.mentors.first(),
                  first.held_on - datetime.timedelta(days=1), DayClaim.Length.HALF,
                  DayClaim.Purpose.TRAVEL, "Travel to Rotherham for the first meeting")  # fmt: skip

        # The programme manager asks which meeting an observation was.
        scrutiny_mentor = self.p_scrutiny.mentors.first()
        observed = None
        for back in range(9, 20):  # a day the mentor has not claimed in full
            observed = claim(self.p_scrutiny, scrutiny_mentor,
                             self.today - datetime.timedelta(days=back), DayClaim.Length.HALF,
                             DayClaim.Purpose.OBSERVATION, "Observed a committee meeting")  # fmt: skip
            if observed:
                break
        if observed and observed.status == DayClaim.Status.SUBMITTED:
            observed.status = DayClaim.Status.QUERIED
            observed.message = "Which meeting was this? Please add the committee's name."
            observed.decided_by = manager
            observed.decided_at = now
            observed.save()

        # The leader's mentor has yet to confirm their latest call, as after the
        # move from session hours to claims (mentoring migration 0013 drafts half a day):
        # a call, so that half a day is right.
        calls = [mode for mode, (length, _) in self.CLAIM_OF_MODE.items() if length == "half"]
        latest = (
            self.p_leader.sessions.filter(day_claims__isnull=True, mode__in=calls)
            .order_by("-held_on")
            .first()
        )
        drafted = self.p_leader.day_claims.filter(status=DayClaim.Status.DRAFT).exists()
        if (
            latest
            and not drafted
            and taken[latest.logged_by_id, latest.held_on] + Decimal("0.5") <= 1
        ):
            DayClaim.objects.create(
                placement=self.p_leader,
                mentor=latest.logged_by,
                worked_on=latest.held_on,
                length=DayClaim.Length.HALF,
                purpose=DayClaim.Purpose.SESSION,
                session=latest,
                description=f"Session on {latest.held_on.day} {latest.held_on:%B %Y} (to confirm)",
            )

    def confidence(self):
        scores_by_stage = {"baseline": 2, "review": 3, "end": 4}
        for placement in [
            self.p_leader,
            self.p_opposition,
            self.p_cabinet,
            self.p_planning,
            self.p_scrutiny,
            self.p_ended,
        ]:
            for mentee in placement.mentees.all():
                stages = ["baseline", "review"] + (["end"] if placement.status == "ended" else [])
                for offset, stage in enumerate(stages):
                    check, created = ConfidenceCheck.objects.get_or_create(
                        mentee=mentee,
                        stage=stage,
                        defaults={
                            "taken_on": placement.started_on + relativedelta(months=3 * offset)
                        },
                    )
                    if created:
                        ConfidenceScore.objects.bulk_create(
                            ConfidenceScore(
                                check_in=check,
                                area=area,
                                score=min(5, scores_by_stage[stage] + (i % 2)),
                            )
                            for i, area in enumerate(
                                ["role", "chairing", "scrutiny", "officers", "community", "media"]
                            )
                        )
        mentee = self.p_leader.mentees.first()
        Reflection.objects.get_or_create(
            mentee=mentee,
            written_on=_d("2026-10-01"),
            defaults={"text": "I felt more in control at Cabinet this month; the away day helped."},
        )

    # Review visits ------------------------------------------------------------------
    UPDATE_OF_RAG = {
        "done": "Complete; reported to OSMB.",
        RAG.GREEN: "On track; update reported to OSMB.",
        RAG.AMBER: "Behind the plan in places; a revised timetable goes to OSMB next month.",
        RAG.RED: "Off track: the work has stalled and Cabinet is asked to decide how to recover it.",
    }

    def reviews(self):
        rotherham = self.council["rotherham"]
        progress, _ = ReviewVisit.objects.get_or_create(
            council=rotherham,
            kind=VisitKind.PROGRESS_REVIEW,
            first_day=_d("2016-10-04"),
            defaults=dict(
                title="Rotherham Council progress review",
                last_day=_d("2016-10-04"),
                question="Is the intervention helping and requiring the Council to rectify its past "
                "deficiencies sufficient to justify the recommendation of the restoration of further "
                "decision-making powers?",
                scope="The wide range of functions provided by Rotherham Council.",
                out_of_scope="Children's Services and Licensing.",
                evidence="The commissioners' 18 month progress report, further reports prepared within the "
                "Council, and focused discussions with members and officers.",
                findings="The senior leadership, political and officer, has been almost entirely replaced; "
                "the new Cabinet, Overview and Scrutiny and Audit Chairs are able, confident and well-focused.",
                judgement="The proposal for the further return of decision-making powers is justified.",
                status=VisitStatus.PUBLISHED,
                published_on=_d("2016-10-11"),
            ),
        )
        for name, role, org in [
            ("Chris Lane", "Lead peer", "Former chair, LGA Rotherham Improvement Board"),
            ("Cllr Pat Lowther", "Member peer", "Leeds City Council"),
            ("Jordan Firth", "Officer peer", "Halton Borough Council"),
            ("Jo Hartley", "Programme manager", "Local Government Association"),
        ]:
            PeerTeamMember.objects.get_or_create(
                visit=progress, name=name, defaults={"role": role, "organisation": org}
            )

        cpc, _ = ReviewVisit.objects.get_or_create(
            council=rotherham,
            kind=VisitKind.CORPORATE_PEER_CHALLENGE,
            first_day=_d("2025-10-14"),
            defaults=dict(
                title="LGA Corporate Peer Challenge",
                last_day=_d("2025-10-17"),
                question="Where is the Council now, and what are its challenges for the years to come?",
                scope="Local priorities and outcomes; organisational and place leadership; governance and "
                "culture; financial planning and management; capacity for improvement.",
                out_of_scope="",
                findings="Strong progress since the close of intervention; financial sustainability assured.",
                judgement="A positive report: the Council should tell its story and sustain the progress.",
                status=VisitStatus.PUBLISHED,
                published_on=_d("2025-12-01"),
            ),
        )
        for name, role, org in [
            ("Cllr Alison Grey", "Lead member peer", "A metropolitan borough council"),
            ("Sunita Rao", "Chief executive peer", "A unitary council"),
            ("Jo Hartley", "Programme manager", "Local Government Association"),
        ]:
            PeerTeamMember.objects.get_or_create(
                visit=cpc, name=name, defaults={"role": role, "organisation": org}
            )
        if cpc.peer_team.filter(name="Jo Hartley").exists():
            cpc.peer_team.filter(name="Jo Hartley").update(user=self.user["manager"])

        recommendations = [
            ("Celebrate the progress made and tell Rotherham's story externally.", "Reputation"),
            ("Make sure the borough gains the full benefit of the investment secured.", "Economy"),
            ("Attract further private sector investment and jobs.", "Economy"),
            (
                "Build benefits and pathways for young people so investment does not pass them by.",
                "Young people",
            ),
            (
                "Review performance management so capacity is used where it adds most value.",
                "Performance",
            ),
            (
                "Strengthen neighbourhood working on a multi-agency footprint, with easy online access.",
                "Neighbourhoods",
            ),
            (
                "Do not be complacent about the financial pressures the Council continues to face.",
                "Finance",
            ),
        ]
        owners = [
            "Assistant Chief Executive",
            "Strategic Director, Regeneration and Environment",
            "Head of Economic Strategy",
            "Strategic Director, Children and Young People's Services",
            "Head of Performance",
            "Head of Neighbourhoods",
            "Strategic Director, Finance",
        ]
        rags = [RAG.GREEN, RAG.AMBER, RAG.AMBER, RAG.RED, RAG.GREEN, RAG.AMBER, RAG.RED]
        for number, ((text, theme), owner, rag) in enumerate(
            zip(recommendations, owners, rags, strict=True), 1
        ):
            rec, _ = Recommendation.objects.get_or_create(
                visit=cpc, number=number, defaults={"text": text, "theme": theme}
            )
            due = _d("2026-03-31") + relativedelta(months=2 * (number - 1))
            done = rag == RAG.GREEN and due < self.today
            action, created = Action.objects.get_or_create(
                recommendation=rec,
                description=f"High-level action for recommendation {number}: {theme.lower()} plan",
                defaults=dict(
                    owner=owner,
                    due_on=due,
                    rag=rag,
                    completed_on=due if done else None,
                ),
            )
            if created:
                # An update a month before it is due, or the latest before today's.
                written = due if done else due - relativedelta(months=1)
                ProgressUpdate.objects.create(
                    action=action,
                    written_on=min(written, self.today - datetime.timedelta(days=14)),
                    text=self.UPDATE_OF_RAG["done" if done else rag],
                    rag=rag,
                    written_by=self.user["manager"],
                )
        ReviewVisit.objects.get_or_create(
            council=rotherham,
            kind=VisitKind.CHECK_IN,
            first_day=_d("2026-04-21"),
            defaults=dict(
                title="Corporate Peer Challenge six-month check-in",
                checks_visit=cpc,
                last_day=_d("2026-04-21"),
                question="How is the Council progressing against the action plan?",
                findings="Good progress on recommendations 1 and 5; young people's pathways need pace.",
                status=VisitStatus.REPORT_DRAFTED,
            ),
        )
        ReviewVisit.objects.get_or_create(
            council=rotherham,
            kind=VisitKind.MENTORING_REVIEW,
            title="Review of mentoring support to Rotherham councillors",
            defaults=dict(
                first_day=self.today + datetime.timedelta(days=14),
                last_day=self.today + datetime.timedelta(days=15),
                question="Are members continuing to engage well with their mentors, and growing in confidence?",
                status=VisitStatus.PLANNED,
            ),
        )
        # The fictional council's commissioner follows a review of its new members' support.
        ReviewVisit.objects.get_or_create(
            council=self.council["eastmoor"],
            kind=VisitKind.MENTORING_REVIEW,
            title="Review of the induction buddy scheme (fictional council)",
            defaults=dict(
                first_day=self.today + datetime.timedelta(days=21),
                last_day=self.today + datetime.timedelta(days=21),
                question="Are the members elected in May 2026 settling into their roles, and is "
                "the buddy scheme helping them?",
                status=VisitStatus.PLANNED,
            ),
        )

    # Reports ----------------------------------------------------------------------
    def narratives(self):
        """The programme manager's narrative for the month just ended, as the monthly
        reports go out on the 1st; it never repeats what was said in a session."""
        month = previous_month(self.today)
        for council, text in [
            (
                "rotherham",
                "Seven placements are running, one of them (licensing) paused, and one more is "
                "proposed for January. The Cabinet's role group meets each month and the "
                "scrutiny chairs' group held its away day in September. Two actions of the peer "
                "challenge plan are red, young people's pathways and the financial pressures; "
                "both go to OSMB this month.",
            ),
            (
                "eastmoor",
                "Fictional council. The induction buddies continue to meet the four members "
                "elected in May; the scheme ends in January.",
            ),
        ]:
            ReportNarrative.objects.get_or_create(
                council=self.council[council],
                month=month,
                defaults={"text": text, "updated_by": self.user["manager"]},
            )

    @transaction.atomic
    def political_groups(self):
        """Rotherham's party groups, each with its own leader: the Leader of the Council
        leads the Labour Group, the Leader of the Opposition the Conservative Group."""
        rotherham = self.council["rotherham"]
        for party_name, group_name, leader in (
            ("Labour", "Labour Group", self.leader),
            ("Conservative", "Conservative Group", self.opposition),
            ("Liberal Democrats", "Liberal Democrat Group", None),
        ):
            party = Party.objects.get(name=party_name)
            group, _ = PoliticalGroup.objects.get_or_create(
                council=rotherham, party=party, defaults={"name": group_name}
            )
            for person in rotherham.councillors.in_office(self.today).filter(party=party):
                PoliticalGroupMember.objects.get_or_create(
                    group=group,
                    councillor=person,
                    defaults={"joined_on": person.first_elected_on or _d("2024-05-02")},
                )
            if leader is not None and group.leader_id is None:
                group.leader = leader
                group.save(update_fields=["leader"])

    def build(self):
        self.users()
        self.councils()
        self.councillors()
        self.political_groups()
        self.mentors()
        self.funding()
        self.placements()
        self.agreements()
        self.sessions()
        self.claims()
        self.fees()
        self.expenses()
        self.confidence()
        self.reviews()
        self.narratives()
        self.close_years()


@functools.cache
def demo_receipt() -> bytes:
    """A one-line receipt as a real PDF, made once a process: the tests build the demo
    many times, and WeasyPrint takes a second."""
    return render_pdf(
        '<html lang="en"><head><title>Receipt</title></head>'
        "<body><p>Receipt for a demo expense.</p></body></html>"
    )


def demo_load(*, today: datetime.date | None = None) -> None:
    DemoBuilder(today or timezone.localdate()).build()
