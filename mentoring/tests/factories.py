"""Factories for the mentor pool, placements, agreements and sessions.

``PlacementFactory()`` gives an active one-to-one placement: one councillor
of the placement's council mentored by one accredited peer mentor from
another council. Pass ``kind="induction-buddy"`` (any seeded mentoring type
slug) for another type: the default mentors and mentees then follow that
type's rules. Pass ``mentors=[...]`` and ``mentees=[...]`` (councillors or
officers) to choose them; ``mentees=[]`` leaves the placement without any.
A political group placement's default mentees are the members of its group.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from councils.models import PoliticalGroup, PoliticalGroupMember
from councils.tests.factories import CouncilFactory, CouncillorFactory, PartyFactory
from mentoring.models import (
    AgreementReview,
    AgreementStatus,
    ConfidenceArea,
    ConfidenceCheck,
    ConfidenceScore,
    ConfidenceStage,
    DayClaim,
    Funding,
    Goal,
    LearningAgreement,
    MemberAgreement,
    Mentor,
    MentorCouncilRule,
    MentoringType,
    MentorKind,
    Placement,
    PlacementMentee,
    PlacementStatus,
    Reflection,
    Session,
    SessionMode,
    SessionNote,
)


def mentoring_type(slug: str) -> MentoringType:
    """One of the types the data migration seeds, e.g. ``mentoring_type("one-to-one")``."""
    return MentoringType.objects.get(slug=slug)


def political_group(council, party=None, members=(), joined_on=datetime.date(2022, 5, 5)):
    """A council's political group (an independent one without a party), its members
    joined on ``joined_on``."""
    group = PoliticalGroup.objects.create(
        council=council,
        party=party,
        name=f"{party.name} Group" if party else "Independent Group",
    )
    for person in members:
        PoliticalGroupMember.objects.create(group=group, councillor=person, joined_on=joined_on)
    return group


def add_mentee(placement: Placement, person) -> PlacementMentee:
    """Make a councillor or an officer a mentee of the placement."""
    if person._meta.model_name == "councillor":
        return PlacementMentee.objects.create(placement=placement, councillor=person)
    return PlacementMentee.objects.create(placement=placement, officer=person)


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"mentor{n}@example.org")
    kind = MentorKind.COUNCILLOR
    council = factory.SubFactory(CouncilFactory)
    organisation = "Local Government Association"
    accredited = True
    accreditation_expires_on = datetime.date(2030, 3, 31)
    regional_pool = factory.LazyAttribute(lambda o: o.council.region)
    party = factory.SubFactory(PartyFactory)
    capacity = 3
    active = True


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    class Params:
        kind = "one-to-one"

    council = factory.SubFactory(CouncilFactory)
    mentoring_type = factory.LazyAttribute(lambda o: mentoring_type(o.kind))
    status = PlacementStatus.ACTIVE
    started_on = datetime.date(2025, 1, 6)
    planned_end_on = datetime.date(2025, 12, 19)
    ended_on = None
    mentor_days_agreed = Decimal("6.0")
    funding = Funding.COUNCIL
    cost = factory.LazyAttribute(lambda o: o.mentoring_type.cost_from)

    @factory.post_generation
    def mentors(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            if self.mentoring_type.mentor_council_rule == MentorCouncilRule.SAME:
                extracted = [MentorFactory(council=self.council)]
            else:
                extracted = [MentorFactory()]  # from a council of its own
        self.mentors.set(extracted)

    @factory.post_generation
    def mentees(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            kind = self.mentoring_type
            party = self.mentors.first().party if kind.same_party else PartyFactory()
            extracted = CouncillorFactory.create_batch(
                kind.min_mentees, council=self.council, party=party
            )
            if kind.same_party and self.political_group_id is None:
                # Political group mentoring is with a group: its members are the mentees.
                self.political_group = political_group(self.council, party, extracted)
                self.save(update_fields=["political_group"])
        for person in extracted:
            add_mentee(self, person)


class PlacementMenteeFactory(factory.django.DjangoModelFactory):
    """A councillor mentee; the placement is made for them, with no other mentee."""

    class Meta:
        model = PlacementMentee

    placement = factory.SubFactory(PlacementFactory, mentees=[])
    councillor = factory.SubFactory(
        CouncillorFactory, council=factory.SelfAttribute("..placement.council")
    )
    officer = None


class LearningAgreementFactory(factory.django.DjangoModelFactory):
    """A draft; ``LearningAgreementFactory(agreed=True)`` for an agreed, active version."""

    class Meta:
        model = LearningAgreement
        skip_postgeneration_save = True

    class Params:
        agreed = factory.Trait(
            status=AgreementStatus.ACTIVE,
            mentee_agreed_at=factory.LazyFunction(timezone.now),
            mentor_agreed_at=factory.LazyFunction(timezone.now),
        )

    placement = factory.SubFactory(PlacementFactory)
    version = 1
    status = AgreementStatus.DRAFT
    development_needs = "Chairing a large committee with confidence."
    ways_of_working = "Monthly face-to-face meetings, telephone in between."
    confidentiality_protocol = "What we discuss stays between us."

    @factory.post_generation
    def members_agreed(self, create, extracted, **kwargs):
        """Each mentee agreed for themself, when a version made agreed says."""
        if create and self.mentee_agreed_at:
            MemberAgreement.objects.bulk_create(
                MemberAgreement(agreement=self, mentee=mentee, agreed_at=self.mentee_agreed_at)
                for mentee in self.placement.mentees.all()
            )


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    agreement = factory.SubFactory(LearningAgreementFactory)
    order = factory.Sequence(lambda n: n)
    goal = "Chair Planning Board meetings that finish on time."
    reality = "Meetings overrun and members talk over each other."
    options = "Observe another chair; agree a timed agenda with officers."
    way_forward = "Timed agenda from the next meeting."
    target_on = datetime.date(2025, 6, 30)


class AgreementReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementReview
        django_get_or_create = ("agreement", "due_on")

    agreement = factory.SubFactory(LearningAgreementFactory)
    due_on = datetime.date(2025, 6, 30)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    placement = factory.SubFactory(PlacementFactory)
    # Two weeks in, but never in the future: a session is logged once it has happened.
    held_on = factory.LazyAttribute(
        lambda o: min(o.placement.started_on + datetime.timedelta(days=14), timezone.localdate())
    )
    duration_minutes = 60
    mode = SessionMode.FACE_TO_FACE
    is_follow_up = False
    logged_by = factory.LazyAttribute(lambda o: o.placement.mentors.first())


class DayClaimFactory(factory.django.DjangoModelFactory):
    """A draft half-day claim by the placement's first mentor, two weeks in."""

    class Meta:
        model = DayClaim

    placement = factory.SubFactory(PlacementFactory)
    mentor = factory.LazyAttribute(lambda o: o.placement.mentors.first())
    worked_on = factory.LazyAttribute(
        lambda o: min(o.placement.started_on + datetime.timedelta(days=14), timezone.localdate())
    )
    length = DayClaim.Length.HALF
    purpose = DayClaim.Purpose.PREPARATION
    description = "Reading the committee papers"
    status = DayClaim.Status.DRAFT


class SessionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionNote
        django_get_or_create = ("session",)

    session = factory.SubFactory(SessionFactory)
    notes = "Talked through the last Planning Board meeting."
    actions_agreed = "Draft a timed agenda with the clerk."


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    mentee = factory.SubFactory(PlacementMenteeFactory)
    written_on = datetime.date(2025, 2, 1)
    text = "I felt more in control of the meeting this time."


class ConfidenceCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfidenceCheck

    mentee = factory.SubFactory(PlacementMenteeFactory)
    stage = ConfidenceStage.BASELINE
    taken_on = datetime.date(2025, 1, 6)


class ConfidenceScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfidenceScore
        django_get_or_create = ("check_in", "area")

    check_in = factory.SubFactory(ConfidenceCheckFactory)
    area = ConfidenceArea.CHAIRING
    score = 3
