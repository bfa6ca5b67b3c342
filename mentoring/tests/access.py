"""Who may open each mentoring page: merged into the access matrix (accounts/tests).

EXPECTED maps a URL name to (how to build its arguments from the objects,
the answer per persona); EXTRA tries more objects on the same pages.

The demo data has no ward visit, so ``objects`` adds one for councillor A with
mentor A, after looking up councillor A's one placement with mentor A.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfWriter

from accounts.tests.personas import ANY, only, signed_in
from mentoring.models import (
    WARD_VISIT,
    AgreementStatus,
    ClaimExpense,
    DayClaim,
    Funding,
    LearningAgreement,
    MentoringType,
    Placement,
    PlacementMentee,
    PlacementMentor,
    PlacementStatus,
    Session,
    WardIssue,
    WardPriority,
    WardVisitReport,
)

PAIR_A = ("mentor_a", "councillor_a")
THE_PAIR_A = only("manager", "mentor_a", "councillor_a")

EXPECTED = {
    "placement_list": (None, signed_in()),
    "placement_detail": (
        lambda o: {"pk": o["placement_a"].pk},
        only("manager", "mentor_a", "councillor_a"),
    ),
    "session_detail": (
        lambda o: {"pk": o["session_a"].pk},
        only("manager", "mentor_a", "councillor_a"),
    ),
    "placement_export": (None, only("manager")),
    "placement_create": (None, only("manager")),
    "placement_edit": (lambda o: {"pk": o["placement_a"].pk}, only("manager")),
    "placement_status": (
        lambda o: {"pk": o["placement_a"].pk, "action": "pause"},
        only("manager"),
    ),
    "session_list": (None, only("manager")),
    "mentor_list": (None, only("manager")),
    "mentor_export": (None, only("manager")),
    "mentor_create": (None, only("manager")),
    "mentor_detail": (lambda o: {"pk": o["mentor_a"].pk}, only("manager")),
    "mentor_edit": (lambda o: {"pk": o["mentor_a"].pk}, only("manager")),
    "session_create": (lambda o: {"placement_pk": o["placement_a"].pk}, only("mentor_a")),
    # The mentee is sent back to the session: only its mentor changes it.
    "session_edit": (
        lambda o: {"pk": o["session_a"].pk},
        {**only("mentor_a"), "councillor_a": ANY},
    ),
    "session_delete": (
        lambda o: {"pk": o["session_a"].pk},
        {**only("mentor_a"), "councillor_a": ANY},
    ),
    "agreement_start": (lambda o: {"placement_pk": o["placement_a"].pk}, signed_in(405)),
    "agreement_detail": (lambda o: {"pk": o["agreement_a"].pk}, only("manager", *PAIR_A)),
    # An agreed version cannot be edited: the pair are sent back to it.
    "agreement_edit": (lambda o: {"pk": o["agreement_a"].pk}, only(*PAIR_A, code=ANY)),
    "agreement_pdf": (lambda o: {"pk": o["agreement_a"].pk}, only("manager", *PAIR_A)),
    # A change of the agreed version, written before a new version is made.
    "agreement_change": (lambda o: {"pk": o["agreement_a"].pk}, only(*PAIR_A)),
    "agreement_action": (
        lambda o: {"pk": o["agreement_a"].pk, "action": "agree"},
        signed_in(405),
    ),
    "reflection_create": (None, only("councillor_a", "councillor_b")),
    "protocol_edit": (None, only("manager")),
    "reflection_list": (None, signed_in()),
    "confidential_access_log": (None, signed_in()),
    "pair_access_list": (None, signed_in()),
    "pair_access_confirm": (lambda o: {"pk": 1}, signed_in(405)),
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
    # Day claims are the mentor's pay: the mentor's own and the programme managers'.
    "claim_list": (None, only("manager", "mentor_a", "mentor_b")),
    "claim_export": (None, only("manager")),
    "claim_create": (lambda o: {"pk": o["placement_a"].pk}, only("mentor_a")),
    "claim_detail": (lambda o: {"pk": o["claim_a"].pk}, only("manager", "mentor_a")),
    "claim_edit": (lambda o: {"pk": o["claim_a"].pk}, only("mentor_a")),
    "claim_delete": (lambda o: {"pk": o["claim_a"].pk}, only("mentor_a")),
    "claim_submit": (lambda o: {"pk": o["claim_a"].pk}, signed_in(405)),
    "claim_submit_drafts": (None, signed_in(405)),
    "claim_decide": (lambda o: {"pk": o["claim_a"].pk}, signed_in(405)),
    # Expenses are part of the claim: the mentor changes them on a draft; the receipt is
    # downloaded by who may see the claim.
    "claim_expense_create": (lambda o: {"pk": o["claim_a"].pk}, only("mentor_a")),
    "claim_expense_delete": (lambda o: {"pk": o["expense_a"].pk}, only("mentor_a")),
    "claim_expense_receipt": (lambda o: {"pk": o["expense_a"].pk}, only("manager", "mentor_a")),
}

EXTRA = [
    (
        "placement_detail",
        lambda o: {"pk": o["placement_b"].pk},
        only("manager", "mentor_b", "councillor_b"),
    ),
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


def _pages_objects(users) -> dict:
    placement_a = Placement.objects.of_member(users["councillor_a"]).get(
        mentors__user=users["mentor_a"]
    )
    return {
        "placement_a": placement_a,
        "placement_b": Placement.objects.of_member(users["councillor_b"]).get(
            mentors__user=users["mentor_b"]
        ),
        "session_a": Session.objects.filter(placement=placement_a).first(),
        "mentor_a": users["mentor_a"].mentor,
        "agreement_a": LearningAgreement.objects.get(
            placement=placement_a, status=AgreementStatus.ACTIVE
        ),
    }


def ward_objects(users) -> dict:
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


def claim_objects(users, placement_a) -> dict:
    """A draft day claim of mentor A's, on the first day of their placement."""
    claim, _ = DayClaim.objects.get_or_create(
        placement=placement_a,
        mentor=users["mentor_a"].mentor,
        description="Reading the council's committee papers",
        defaults={
            "worked_on": placement_a.started_on,
            "length": DayClaim.Length.HALF,
            "purpose": DayClaim.Purpose.PREPARATION,
        },
    )
    return {"claim_a": claim, "expense_a": _expense(claim)}


# One stored receipt with a fixed name serves every run (no new file is left each time).
RECEIPT_NAME = "receipts/access-matrix/receipt.pdf"


def _receipt() -> bytes:
    """A small but real one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _expense(claim: DayClaim) -> ClaimExpense:
    if not default_storage.exists(RECEIPT_NAME):
        default_storage.save(RECEIPT_NAME, ContentFile(_receipt()))
    expense, _ = ClaimExpense.objects.get_or_create(
        claim=claim,
        description="Train to the council offices and back",
        defaults={
            "kind": ClaimExpense.Kind.TRAVEL,
            "amount": Decimal("23.40"),
            "receipt": RECEIPT_NAME,
            "receipt_name": "train ticket.pdf",
            "receipt_type": "application/pdf",
        },
    )
    return expense


def objects(users) -> dict:
    # The pair's placement is looked up before the ward visit (also theirs) is added.
    pages = _pages_objects(users)
    return {**pages, **ward_objects(users), **claim_objects(users, pages["placement_a"])}
