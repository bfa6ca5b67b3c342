"""Who may open the confidence check-in and ward visit pages: merged into the access
matrix (accounts/tests). Same format as mentoring/tests/access.py.

The demo data has no ward visit, so ``objects`` adds one for councillor A with
mentor A (run after mentoring/tests/access.py's ``objects``, which looks up
councillor A's one placement with mentor A).
"""

import datetime
from decimal import Decimal

from accounts.tests.personas import only, signed_in
from mentoring.models import (
    WARD_VISIT,
    Funding,
    MentoringType,
    Placement,
    PlacementMentee,
    PlacementMentor,
    PlacementStatus,
    WardIssue,
    WardPriority,
    WardVisitReport,
)

THE_PAIR_A = only("manager", "mentor_a", "councillor_a")

EXPECTED = {
    "confidence_overview": (None, signed_in()),
    # Only a mentee records a check-in; anyone else has no placement to record it for.
    "confidence_create": (None, only("councillor_a", "councillor_b")),
    "confidence_detail": (lambda o: {"pk": o["confidence_mentee_a"].pk}, THE_PAIR_A),
    "ward_visit_detail": (lambda o: {"pk": o["ward_visit"].pk}, THE_PAIR_A),
    "ward_visit_pdf": (lambda o: {"pk": o["ward_visit"].pk}, THE_PAIR_A),
    "ward_report_edit": (lambda o: {"pk": o["ward_visit"].pk}, only("mentor_a")),
    "ward_issue_create": (lambda o: {"pk": o["ward_visit"].pk}, only("mentor_a")),
    "ward_issue_edit": (lambda o: {"pk": o["ward_issue"].pk}, only("mentor_a")),
    "ward_issue_delete": (lambda o: {"pk": o["ward_issue"].pk}, only("mentor_a")),
}

EXTRA = [
    (
        "confidence_detail",
        lambda o: {"pk": o["confidence_mentee_b"].pk},
        only("manager", "mentor_b", "councillor_b"),
    ),
    # A placement that is not a ward visit has no ward visit pages, whoever asks.
    ("ward_visit_detail", lambda o: {"pk": o["confidence_mentee_a"].placement_id}, only()),
    ("ward_issue_create", lambda o: {"pk": o["confidence_mentee_a"].placement_id}, only()),
]


def _ward_visit(councillor, mentor) -> Placement:
    placement, created = Placement.objects.get_or_create(
        council_id=councillor.council_id,
        mentoring_type=MentoringType.objects.get(slug=WARD_VISIT),
        started_on=datetime.date(2026, 11, 2),
        defaults=dict(
            status=PlacementStatus.ACTIVE,
            planned_end_on=datetime.date(2026, 11, 2),
            mentor_days_agreed=Decimal("1.0"),
            funding=Funding.COUNCIL,
            cost=Decimal("800"),
        ),
    )
    if created:
        PlacementMentor.objects.create(placement=placement, mentor=mentor)
        PlacementMentee.objects.create(placement=placement, councillor=councillor)
        WardVisitReport.objects.create(
            placement=placement,
            observations="Residents raised fly-tipping behind the shops.",
            priorities="Clean streets; safer crossings near the school.",
            matters_for_action="Ask for a street-scene blitz with the neighbourhood team.",
        )
    return placement


def objects(users) -> dict:
    councillor_a = users["councillor_a"].councillor
    ward_visit = _ward_visit(councillor_a, users["mentor_a"].mentor)
    issue, _ = WardIssue.objects.get_or_create(
        placement=ward_visit,
        description="Fly-tipping in the back lane",
        defaults={"place": "Behind the Broad Street shops", "priority": WardPriority.HIGH},
    )
    return {
        "confidence_mentee_a": PlacementMentee.objects.exclude(pk__in=ward_visit.mentees.all())
        .filter(councillor=councillor_a, placement__mentors__user=users["mentor_a"])
        .get(),
        "confidence_mentee_b": PlacementMentee.objects.filter(
            councillor=users["councillor_b"].councillor,
            placement__mentors__user=users["mentor_b"],
            placement__status=PlacementStatus.ACTIVE,
        ).get(),
        "ward_visit": ward_visit,
        "ward_issue": issue,
    }
