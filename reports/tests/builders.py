"""A council with a month of programme activity to report on (October 2025)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import (
    CommissionerAppointmentFactory,
    CouncilFactory,
    CouncillorFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.models import (
    AgreementStatus,
    ConfidenceArea,
    ConfidenceStage,
    DayClaim,
    LearningAgreement,
    PlacementStatus,
    Reflection,
    SessionNote,
)
from mentoring.tests.factories import (
    ConfidenceCheckFactory,
    ConfidenceScoreFactory,
    DayClaimFactory,
    LearningAgreementFactory,
    PlacementFactory,
    SessionFactory,
)
from reports.models import ReportNarrative
from reviews.models import RAG
from reviews.tests.factories import ActionFactory, RecommendationFactory, ReviewVisitFactory

MONTH = datetime.date(2025, 10, 1)
NOTE_MARKER = "MARKER-NOTE-d41f0e"
ACTION_MARKER = "MARKER-ACTION-93b2aa"
REFLECTION_MARKER = "MARKER-REFLECTION-55c7e1"
NARRATIVE = "Members are engaging well; the Leader's away day is booked for November."


def d(day: int, month: int = 10, year: int = 2025) -> datetime.date:
    return datetime.date(year, month, day)


def council_with_a_month_of_activity(name="Wyre Forest District Council") -> SimpleNamespace:
    council = CouncilFactory(name=name)
    commissioner = UserFactory(email=f"commissioner@{council.slug}.example.org")
    CommissionerAppointmentFactory(council=council, commissioner=commissioner)
    leader = CouncillorFactory(council=council)
    RoleAppointmentFactory(councillor=leader, role=role("leader"), committee="")
    chair = CouncillorFactory(council=council)
    RoleAppointmentFactory(councillor=chair, role=role("chair"), committee="Planning Board")

    one = PlacementFactory(
        council=council, mentees=[leader], started_on=d(1, 3), planned_end_on=d(31, 3, 2026)
    )
    two = PlacementFactory(
        council=council, mentees=[chair], started_on=d(1, 6), planned_end_on=d(31, 5, 2026)
    )
    paused = PlacementFactory(
        council=council,
        status=PlacementStatus.PAUSED,
        started_on=d(1, 9),
        planned_end_on=d(1, 9, 2026),
    )
    PlacementFactory(
        council=council,
        status=PlacementStatus.ENDED,
        started_on=d(1, 1),
        planned_end_on=d(10, 10),
        ended_on=d(10, 10),
    )
    PlacementFactory(
        council=council,
        status=PlacementStatus.WITHDRAWN,
        withdrawn_reason="The councillor stood down.",
        started_on=d(1, 1, 2023),
        planned_end_on=d(1, 6, 2023),
        ended_on=d(1, 3, 2023),
    )  # long gone: not in October's report
    PlacementFactory(council=CouncilFactory())  # another council's

    # Sessions: three in October (270 minutes), two before (840 minutes), one after.
    for day, minutes in [(2, 90), (14, 120), (28, 60)]:
        SessionFactory(placement=one, held_on=d(day), duration_minutes=minutes)
    marked = SessionFactory(placement=two, held_on=d(20, 8), duration_minutes=420)
    SessionFactory(placement=one, held_on=d(20, 7), duration_minutes=420)
    SessionFactory(placement=two, held_on=d(3, 11), duration_minutes=60)
    SessionNote.objects.create(session=marked, notes=NOTE_MARKER, actions_agreed=ACTION_MARKER)

    # Day claims: 1.5 days approved in October (a submitted and a rejected one do not
    # count), 1.5 approved before, half a day after: 3.0 to the month's end.
    approved, whole = DayClaim.Status.APPROVED, DayClaim.Length.WHOLE
    for placement, worked_on, length, status in [
        (one, d(2), whole, approved),
        (two, d(9), DayClaim.Length.HALF, approved),
        (one, d(14), DayClaim.Length.HALF, DayClaim.Status.SUBMITTED),
        (two, d(15), whole, DayClaim.Status.REJECTED),
        (one, d(20, 7), whole, approved),
        (two, d(20, 8), DayClaim.Length.HALF, approved),
        (one, d(3, 11), DayClaim.Length.HALF, approved),
    ]:
        DayClaimFactory(placement=placement, worked_on=worked_on, length=length, status=status)
    Reflection.objects.create(mentee=one.mentees.get(), text=REFLECTION_MARKER)

    now = timezone.now()
    for placement, status in [(one, AgreementStatus.ACTIVE), (two, AgreementStatus.PROPOSED)]:
        agreement = LearningAgreementFactory(placement=placement)
        LearningAgreement.objects.filter(pk=agreement.pk).update(
            status=status, mentee_agreed_at=now, mentor_agreed_at=now
        )
    LearningAgreementFactory(placement=paused)  # a draft

    visit = ReviewVisitFactory(
        council=council, title="Corporate peer challenge 2025", first_day=d(1, 4)
    )
    rec = RecommendationFactory(visit=visit)
    overdue = ActionFactory(
        recommendation=rec,
        due_on=d(30, 9),
        rag=RAG.RED,
        description="Publish the member development plan.",
    )
    ActionFactory(recommendation=rec, due_on=d(15, 9), completed_on=d(10, 9), rag=RAG.GREEN)
    ActionFactory(recommendation=rec, due_on=d(15, 12), rag=RAG.AMBER)

    ReportNarrative.objects.create(council=council, month=MONTH, text=NARRATIVE)
    return SimpleNamespace(
        council=council, commissioner=commissioner, placements=[one, two, paused], overdue=overdue
    )


def mentees_answering_confidence(council, n: int, *, before=2, after=4):
    """``n`` mentees with a baseline and a review check-in on every area."""
    for _ in range(n):
        placement = PlacementFactory(
            council=council, started_on=d(1, 1), planned_end_on=d(1, 1, 2026)
        )
        mentee = placement.mentees.get()
        for stage, score, day in [
            (ConfidenceStage.BASELINE, before, d(5, 1)),
            (ConfidenceStage.REVIEW, after, d(5, 6)),
        ]:
            check = ConfidenceCheckFactory(mentee=mentee, stage=stage, taken_on=day)
            for area in ConfidenceArea:
                ConfidenceScoreFactory(check_in=check, area=area, score=score)
