"""Every form of the project, driven through its real page with hostile values.

Each page in FORM_PAGES is sent a valid submission with one or two of its fields
replaced by hostile values (empty, very long, control characters and other
Unicode, several values or a file where one value is expected, dates far past and
future, negative and huge numbers). Whatever is sent: no server error (the test
client raises it); a refusal names the field that was wrong (the message is on
that field, not only at the top of the form); and the form that comes back keeps
what was typed. The valid submission is also sent twice.

A refusal may stand above the form, not beside one field, only where that is right:
the sign-in page (it never says which of email and password was wrong), a rule
about several fields together that the page declares (e.g. a role held twice at
once), and a tampered hidden field (e.g. a formset's count of forms).

The demo programme is loaded once for this module, in a transaction rolled back at
its end; each example runs in a savepoint of its own, so examples do not see one
another's changes. A view that uses a form but is not listed here fails
``test_every_form_page_is_listed``.
"""

import datetime
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation, InvitationRole, User
from accounts.tests.personas import EMAILS
from cohorts import services as cohort_services
from config.tests import fuzz
from councils.models import (
    Council,
    CouncilKind,
    Councillor,
    ElectionKind,
    GovernanceStatus,
    PoliticalGroup,
    Role,
    RoleAppointment,
)
from councils.regions import Region
from demo.programme import DEMO_PASSWORD, demo_load
from funding.models import Budget, FinancialYear, Funder
from induction.models import BuddyPairing, TrainingEvent
from mentoring import services as mentoring_services
from mentoring.matching import suggest_mentors
from mentoring.models import (
    AgreementStatus,
    ClaimExpense,
    ConfidenceArea,
    ConfidenceStage,
    DayClaim,
    DayRate,
    Funding,
    LearningAgreement,
    MentoringType,
    MentorKind,
    Placement,
    PlacementMentee,
    Session,
    SessionMode,
    WardPriority,
)
from mentoring.tests import access as mentoring_access
from reports.selectors import previous_month
from reviews.models import RAG, DocumentKind, Recommendation, ReviewVisit, VisitKind, VisitStatus

# A by-election in Leeds, which has no councillors on record: nobody is marked as leaving.
ELECTION_CSV = (
    "name,council,party,ward,elected_on,email\r\nSam Fuzz,leeds,Labour,Headingley,06/05/2026,\r\n"
)
PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db

# Bounded so the module runs in well under a minute and gives the same examples each
# run (no flaky CI); FORM_FUZZ_PROFILE=forms-deep tries many more, at random, to look
# for new failures.
settings.register_profile(
    "forms",
    max_examples=20,
    deadline=None,
    database=None,  # nothing written to a .hypothesis folder in the checkout
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "forms-deep",
    settings.get_profile("forms"),
    max_examples=int(os.environ.get("FORM_FUZZ_EXAMPLES", "300")),
    derandomize=False,
)
FUZZ = settings.get_profile(os.environ.get("FORM_FUZZ_PROFILE", "forms"))


# The demo programme, once for the module ------------------------------------------------------


def _objects(users) -> dict:
    today = timezone.localdate()
    councillor_a = Councillor.objects.get(user=users["councillor_a"])
    placement_a = Placement.objects.of_member(users["councillor_a"]).get(
        mentors__user=users["mentor_a"], mentoring_type__slug="one-to-one"
    )
    agreement_a = LearningAgreement.objects.get(
        placement=placement_a, status=AgreementStatus.ACTIVE
    )
    session = Session(
        placement=placement_a,
        logged_by=users["mentor_a"].mentor,
        held_on=today,
        duration_minutes=60,
        mode=Session._meta.get_field("mode").choices[0][0],
    )
    mentoring_services.session_save(session=session, notes="Notes", actions_agreed="", topics=[])
    check_in = ReviewVisit.objects.get(kind=VisitKind.CHECK_IN)
    peer_challenge = ReviewVisit.objects.get(kind=VisitKind.CORPORATE_PEER_CHALLENGE)
    recommendation = Recommendation.objects.filter(visit=peer_challenge).order_by("number").first()
    draft_recommendation = Recommendation.objects.create(
        visit=check_in, number=1, theme="Governance", text="Publish the forward plan."
    )
    invitee = User.objects.create(email="invitee@demo.example.org", is_active=False)
    token = "fuzz-invitation-token"
    Invitation.objects.create(
        user=invitee,
        role=InvitationRole.MENTOR,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        sent_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    one_to_one = MentoringType.objects.get(slug="one-to-one")
    council_x = Council.objects.get(slug="rotherham")
    # The demo's Labour Group: a member who is not its leader, and a new Labour
    # councillor in no group yet.
    group = PoliticalGroup.objects.get(council=council_x, party__name="Labour")
    group_member = (
        group.memberships.current().exclude(councillor_id=group.leader_id).order_by("pk").first()
    )
    group_joiner = Councillor.objects.create(
        council=council_x, full_name="Sam Newcomer", party=group.party, ward="Keppel"
    )
    new_mentee = (
        Councillor.objects.in_office()
        .filter(council=council_x, placement_memberships__isnull=True)
        .order_by("pk")
        .first()
    )
    free_mentor = next(
        s.mentor
        for s in suggest_mentors(council=council_x, mentoring_type=one_to_one, mentees=[new_mentee])
        if not s.conflicts and not s.warnings
    )
    # Eastmoor's induction buddy scheme: its first new member paired (a pairing to end),
    # the others free to pair, and a training and pairing event to change.
    buddy_scheme = Placement.objects.get(
        mentoring_type__slug="induction-buddy", council__slug="eastmoor"
    )
    scheme_buddies = list(buddy_scheme.mentors.order_by("full_name"))
    scheme_members = [m.councillor for m in buddy_scheme.mentees.order_by("pk")]
    buddy_pairing = BuddyPairing.objects.create(
        placement=buddy_scheme,
        buddy=scheme_buddies[0],
        new_member=scheme_members[0],
        started_on=buddy_scheme.started_on,
    )
    training_event = TrainingEvent.objects.create(
        council=buddy_scheme.council, held_on=buddy_scheme.started_on
    )
    training_event.placements.add(buddy_scheme)
    ward = mentoring_access.ward_objects(users)
    return {
        "today": today,
        "one_to_one": one_to_one,
        "new_mentee": new_mentee,
        "free_mentor": free_mentor,
        "group_member": group_member,
        "group_joiner": group_joiner,
        "role": Role.objects.order_by("order", "pk").first(),
        "council_x": council_x,
        "councillor_a": councillor_a,
        "appointment_a": RoleAppointment.objects.filter(
            councillor=councillor_a, ended_on__isnull=True
        ).first(),
        "placement_a": placement_a,
        "membership_a": PlacementMentee.objects.get(placement=placement_a, councillor=councillor_a),
        "session_a": session,
        "draft_agreement": mentoring_services.agreement_new_version(agreement=agreement_a),
        "mentor_a": users["mentor_a"].mentor,
        "check_in": check_in,
        "published_visit": ReviewVisit.objects.get(kind=VisitKind.PROGRESS_REVIEW),
        "recommendation": recommendation,
        "draft_recommendation": draft_recommendation,
        "action": recommendation.actions.order_by("pk").first(),
        "invitation_token": token,
        "report_month": previous_month(today),
        # The demo's money: the regional fund (a programme-wide budget in 2026 only),
        # Rotherham's own budget for 2026/27, and a mentor's own day rate.
        "regional_funder": Funder.objects.get(kind=Funder.Kind.REGIONAL),
        "year_2026": FinancialYear.objects.get(start_year=2026),
        "budget": Budget.objects.get(council=council_x, financial_year__start_year=2026),
        "mentor_rate": DayRate.objects.filter(mentor__isnull=False).order_by("pk").first(),
        "rate_funder": Funder.objects.get_or_create(
            name="A funder with no rate yet", defaults={"kind": Funder.Kind.OTHER}
        )[0],
        "buddy_scheme": buddy_scheme,
        "scheme_buddies": scheme_buddies,
        "scheme_members": scheme_members,
        "buddy_pairing": buddy_pairing,
        "training_event": training_event,
        **ward,
        # Rotherham's cabinet matched to one-to-one mentors: drafts to change and publish.
        "cohort_run": cohort_services.cohort_run_make(
            council=council_x,
            mentoring_type=one_to_one,
            intake="cabinet",
            started_on=today,
            mentor_days_agreed=4,
            funding="council",
        ),
        # Agreed, with no new version drafted yet: the change form opens on it.
        "agreed_agreement": _agreed_agreement(ward["ward_visit"]),
    }


def _agreed_agreement(placement) -> LearningAgreement:
    agreement = LearningAgreement.objects.create(
        placement=placement, development_needs="Knowing the ward's issues."
    )
    agreement.goals.create(goal="Walk every street of the ward by the summer.")
    now = timezone.now()
    LearningAgreement.objects.filter(pk=agreement.pk).update(
        status=AgreementStatus.ACTIVE, mentee_agreed_at=now, mentor_agreed_at=now
    )
    agreement.refresh_from_db()
    return agreement


@pytest.fixture(scope="module")
def programme(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo programme and the objects the pages are tried on (rolled back at the end)."""
    from django.conf import settings as django_settings

    media = tmp_path_factory.mktemp("media")
    old_media = django_settings.MEDIA_ROOT
    django_settings.MEDIA_ROOT = media
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        users = {n: User.objects.get(email=e) for n, e in EMAILS.items() if n != "commissioner_y"}
        yield {"users": users, **_objects(users)}
        transaction.set_rollback(True)
    django_settings.MEDIA_ROOT = old_media


# The form pages -------------------------------------------------------------------------------


@dataclass
class FormPage:
    """A page with a form: where it is, who uses it and what a valid submission is."""

    url_name: str
    persona: str
    args: Callable[[dict], dict] = lambda o: {}
    # Fields of a valid submission beyond what the page's forms start with.
    valid: Callable[[dict], dict] = lambda o: {}
    forms: tuple = ("form",)  # the template context names of the page's forms
    method: str = "post"
    # Where the form is shown, when it is not the URL it is sent to.
    shown_on: tuple[str, Callable[[dict], dict]] | None = None
    get_query: Callable[[dict], dict] = lambda o: {}
    # A field whose error may land on another one: a rule about the two together.
    related: dict[str, set[str]] = field(default_factory=dict)
    # Fields whose refusal is rightly general (e.g. the sign-in page never says which
    # of email and password was wrong).
    general_refusal: set[str] = field(default_factory=set)
    before: Callable[[Client, dict], None] | None = None
    label: str = ""
    # The link is used up by the first valid submission: the second is a 404.
    once_only: bool = False
    two_steps: bool = False

    @property
    def id(self) -> str:
        return self.label or self.url_name

    def url(self, o) -> str:
        return reverse(self.url_name, kwargs=self.args(o))

    def form_url(self, o) -> str:
        if self.shown_on:
            return reverse(self.shown_on[0], kwargs=self.shown_on[1](o))
        return self.url(o)


def _upload_sample(client, o):
    """The confirm page needs a file waiting to be confirmed."""
    client.post(
        reverse("election_import"),
        {
            "kind": ElectionKind.BY_ELECTION,
            "file": fuzz._file("election.csv", ELECTION_CSV.encode()),
        },
    )


def _placement_step_one(o) -> dict:
    return {
        "council": str(o["council_x"].pk),
        "mentoring_type": str(o["one_to_one"].pk),
        "councillors": [str(o["new_mentee"].pk)],
        "started_on": o["today"].isoformat(),
    }


def _claim_day(o, n: int) -> datetime.date:
    """One of three days of placement A on which mentor A had claimed nothing, chosen
    once for the run: the claim pages each claim their own."""
    if "claim_days" not in o:
        placement = o["placement_a"]
        day = min(o["today"], placement.follow_up_until or o["today"])
        taken = set(
            DayClaim.objects.counted()
            .filter(mentor=o["mentor_a"])
            .values_list("worked_on", flat=True)
        )
        free = []
        while len(free) < 3:
            if day not in taken:
                free.append(day)
            day -= datetime.timedelta(days=1)
        o["claim_days"] = free
    return o["claim_days"][n]


def _claim_fields(o, n: int) -> dict:
    return {
        "worked_on": _claim_day(o, n).isoformat(),
        "length": DayClaim.Length.HALF,
        "purpose": DayClaim.Purpose.PREPARATION,
        "description": "Reading the committee papers",
    }


def _claim(o, n: int, status) -> DayClaim:
    """Mentor A's claim on its own free day, put back as it was before each try (a
    test's rows are rolled back after it: the claim is made again when gone)."""
    fields = {**_claim_fields(o, n), "worked_on": _claim_day(o, n), "status": status}
    key = f"claim_{n}"
    if key in o and DayClaim.objects.filter(pk=o[key]).update(**fields):
        return DayClaim.objects.get(pk=o[key])
    claim = DayClaim.objects.create(placement=o["placement_a"], mentor=o["mentor_a"], **fields)
    o[key] = claim.pk
    return claim


def _clear_claim_day(client, o):
    """Each try claims the day afresh: the claims of earlier tries are removed."""
    DayClaim.objects.filter(mentor=o["mentor_a"], worked_on=_claim_day(o, 0)).delete()


def _scores(value="3") -> dict:
    return {f"score_{area.value}": value for area in ConfidenceArea}


COUNCIL_X = {"pk": lambda o: o["council_x"].pk}

FORM_PAGES = [
    # accounts
    FormPage(
        "account_login",
        "anonymous",
        valid=lambda o: {"login": EMAILS["manager"], "password": DEMO_PASSWORD},
        general_refusal={"login", "password"},
    ),
    FormPage(
        "invitation_create",
        "manager",
        valid=lambda o: {
            "role": InvitationRole.PROGRAMME_MANAGER,
            "full_name": "Sam Newcomer",
            "email": "sam.newcomer@demo.example.org",
        },
        related={"role": {"mentor", "councillor", "council"}},
    ),
    FormPage(
        "invitation_accept",
        "anonymous",
        args=lambda o: {"token": o["invitation_token"]},
        once_only=True,
        valid=lambda o: {
            "password1": "a long enough passphrase 2026",
            "password2": "a long enough passphrase 2026",
        },
        related={"password1": {"password2"}},
    ),
    # councils
    FormPage(
        "council_create",
        "manager",
        valid=lambda o: {
            "name": "Fuzzshire County Council",
            "kind": CouncilKind.COUNTY,
            "region": Region.LONDON,
        },
        related={"name": {"slug"}},
    ),
    FormPage("council_update", "manager", args=lambda o: {"pk": o["council_x"].pk}),
    FormPage(
        "governance_change_create",
        "manager",
        args=lambda o: {"pk": o["council_x"].pk},
        shown_on=("council_detail", lambda o: {"pk": o["council_x"].pk}),
        forms=("governance_form",),
        valid=lambda o: {"status": GovernanceStatus.NORMAL, "since": "2026-01-05", "note": ""},
        related={"status": {"since"}},
    ),
    FormPage(
        "councillor_create",
        "manager",
        valid=lambda o: {"council": str(o["council_x"].pk), "full_name": "Alex Fuzz"},
    ),
    FormPage("councillor_update", "manager", args=lambda o: {"pk": o["councillor_a"].pk}),
    FormPage(
        "role_appointment_create",
        "manager",
        args=lambda o: {"pk": o["councillor_a"].pk},
        shown_on=("councillor_detail", lambda o: {"pk": o["councillor_a"].pk}),
        forms=("role_form",),
        valid=lambda o: {"role-role": str(o["role"].pk), "role-committee": "Audit committee"},
        # Holding a role twice at once is a rule about role, committee and dates together:
        # its message names all three, above the form.
        general_refusal={"role-role", "role-committee", "role-started_on", "role-ended_on"},
    ),
    FormPage(
        "role_appointment_end",
        "manager",
        args=lambda o: {"pk": o["councillor_a"].pk, "appointment_pk": o["appointment_a"].pk},
    ),
    FormPage("councillor_leave_office", "manager", args=lambda o: {"pk": o["councillor_a"].pk}),
    FormPage(
        "political_group_create",
        "manager",
        args=lambda o: {"pk": o["council_x"].pk},
        valid=lambda o: {"name": "Fuzz Independents"},
        # One group per party on a council: a party that has one is refused on the party.
        related={"name": {"party"}, "party": {"name"}},
    ),
    FormPage(
        "political_group_edit",
        "manager",
        args=lambda o: {"pk": o["group_member"].group_id},
        related={"name": {"party"}, "party": {"name"}},
    ),
    FormPage(
        "political_group_member_create",
        "manager",
        args=lambda o: {"pk": o["group_member"].group_id},
        valid=lambda o: {"councillor": str(o["group_joiner"].pk)},
        # A councillor already in a group that day is refused on the date they join.
        related={"councillor": {"joined_on"}, "joined_on": {"councillor"}},
    ),
    FormPage(
        "political_group_member_end",
        "manager",
        args=lambda o: {"pk": o["group_member"].group_id, "member_pk": o["group_member"].pk},
        once_only=True,
    ),
    FormPage(
        "election_import",
        "manager",
        valid=lambda o: {
            "kind": ElectionKind.ALL_OUT,
            "file": fuzz._file("election.csv", ELECTION_CSV.encode()),
        },
    ),
    FormPage(
        "election_import_confirm",
        "manager",
        shown_on=("election_import_preview", lambda o: {}),
        forms=("confirm_form",),
        before=_upload_sample,
        valid=lambda o: {"digest": hashlib.sha256(ELECTION_CSV.encode()).hexdigest()},
    ),
    # mentoring
    FormPage(
        "mentor_create",
        "manager",
        valid=lambda o: {
            "full_name": "Pat Fuzz",
            "kind": MentorKind.COUNCILLOR,
            "regional_pool": Region.NORTH_WEST,
            "capacity": "2",
        },
        related={"accredited": {"accreditation_expires_on"}},
    ),
    FormPage(
        "mentor_edit",
        "manager",
        args=lambda o: {"pk": o["mentor_a"].pk},
        related={"accredited": {"accreditation_expires_on"}},
    ),
    FormPage(
        "placement_create",
        "manager",
        forms=("start", "finish"),
        get_query=_placement_step_one,
        valid=lambda o: {
            **_placement_step_one(o),
            "mentors": [str(o["free_mentor"].pk)],
            "mentor_days_agreed": "5",
            "funding": Funding.COUNCIL,
            # Within the one-to-one band (£2,600–£3,800); no funder, so no budget to fit.
            "cost": "3000",
        },
        # Who the placement is for, and when, decides which mentors fit and which
        # warnings must be accepted.
        related={
            **{
                name: {"councillors", "officers", "mentors", "accept_warnings", "warning_note"}
                for name in (
                    "council",
                    "councillors",
                    "officers",
                    "started_on",
                    "planned_end_on",
                    "mentors",
                )
            },
            # The cost is checked against the type's band, the funding (nil-cost has
            # none) and the funder's budget.
            "mentoring_type": {"councillors", "officers", "mentors", "cost"}
            | {"accept_warnings", "warning_note"},
            "funding": {"cost"},
            "funder": {"cost"},
        },
        # Step one's fields come back as hidden inputs on step two; refused, the page
        # goes back to step one, where step two's fields are not shown yet.
        two_steps=True,
    ),
    FormPage("placement_edit", "manager", args=lambda o: {"pk": o["placement_a"].pk}),
    FormPage(
        "placement_status",
        "manager",
        label="placement_status:end",
        args=lambda o: {"pk": o["placement_a"].pk, "action": "end"},
    ),
    FormPage(
        "placement_status",
        "manager",
        label="placement_status:withdraw",
        args=lambda o: {"pk": o["placement_a"].pk, "action": "withdraw"},
        valid=lambda o: {"reason": "The councillor stood down."},
    ),
    FormPage(
        "session_create",
        "mentor_a",
        args=lambda o: {"placement_pk": o["placement_a"].pk},
        valid=lambda o: {
            "held_on": o["today"].isoformat(),
            "duration_minutes": "60",
            "mode": SessionMode.VIDEO,
            "notes": "We talked about chairing.",
        },
    ),
    FormPage(
        "session_edit",
        "mentor_a",
        args=lambda o: {"pk": o["session_a"].pk},
    ),
    FormPage(
        "agreement_edit",
        "mentor_a",
        args=lambda o: {"pk": o["draft_agreement"].pk},
        forms=("form", "goals", "reviews"),
    ),
    FormPage(
        "agreement_change",
        "mentor_a",
        args=lambda o: {"pk": o["agreed_agreement"].pk},
        forms=("form", "goals", "reviews"),
        valid=lambda o: {"ways_of_working": "Fortnightly video calls."},
    ),
    FormPage(
        "reflection_create",
        "councillor_a",
        valid=lambda o: {"mentee": str(o["membership_a"].pk), "text": "I chaired well."},
    ),
    FormPage("protocol_edit", "manager"),
    FormPage(
        "confidence_create",
        "councillor_a",
        valid=lambda o: {
            "mentee": str(o["membership_a"].pk),
            "stage": ConfidenceStage.REVIEW,
            "taken_on": o["today"].isoformat(),
            **_scores(),
        },
        related={"mentee": {"stage", "taken_on"}},
    ),
    FormPage(
        "claim_create",
        "mentor_a",
        args=lambda o: {"pk": o["placement_a"].pk},
        valid=lambda o: _claim_fields(o, 0),
        before=_clear_claim_day,
        related={"worked_on": {"length"}, "length": {"worked_on"}},
    ),
    FormPage(
        "claim_edit",
        "mentor_a",
        args=lambda o: {"pk": _claim(o, 1, DayClaim.Status.DRAFT).pk},
        before=lambda client, o: _claim(o, 1, DayClaim.Status.DRAFT),
        related={"worked_on": {"length"}, "length": {"worked_on"}},
    ),
    FormPage(
        "claim_decide",
        "manager",
        args=lambda o: {"pk": _claim(o, 2, DayClaim.Status.SUBMITTED).pk},
        forms=("decision_form",),
        shown_on=("claim_detail", lambda o: {"pk": _claim(o, 2, DayClaim.Status.SUBMITTED).pk}),
        valid=lambda o: {"decision": "approve"},
        before=lambda client, o: _claim(o, 2, DayClaim.Status.SUBMITTED),
        related={"decision": {"message"}},
    ),
    FormPage(
        "claim_expense_create",
        "mentor_a",
        # Mentor A's draft claim (the one claim_edit changes, put back before each try).
        args=lambda o: {"pk": _claim(o, 1, DayClaim.Status.DRAFT).pk},
        before=lambda client, o: _claim(o, 1, DayClaim.Status.DRAFT),
        valid=lambda o: {
            "kind": ClaimExpense.Kind.TRAVEL,
            "description": "Train, Leeds to Rotherham Central and back",
            # Over the £10 limit: the receipt is needed.
            "amount": "14.60",
            "receipt": fuzz._file("ticket.pdf", PDF_BYTES),
        },
        # Over the limit, an expense needs its receipt: said on the receipt.
        related={"amount": {"receipt"}},
    ),
    FormPage(
        "mentor_rate_create",
        "manager",
        args=lambda o: {"pk": o["free_mentor"].pk},
        valid=lambda o: {"amount": "320", "starts_on": "2026-04-01"},
        # A rate's dates must not overlap another of the same mentor (said on its start).
        related={"starts_on": {"ends_on"}, "ends_on": {"starts_on"}},
    ),
    FormPage(
        "rate_create",
        "manager",
        valid=lambda o: {
            "funder": str(o["rate_funder"].pk),
            "amount": "320",
            "starts_on": "2026-04-01",
        },
        # Another funder's rate may overlap one of its own: refused on its start.
        related={
            "funder": {"starts_on"},
            "starts_on": {"ends_on"},
            "ends_on": {"starts_on"},
        },
    ),
    FormPage(
        "rate_edit",
        "manager",
        args=lambda o: {"pk": o["mentor_rate"].pk},
        related={"starts_on": {"ends_on"}, "ends_on": {"starts_on"}},
    ),
    FormPage("ward_report_edit", "mentor_a", args=lambda o: {"pk": o["ward_visit"].pk}),
    FormPage(
        "ward_issue_create",
        "mentor_a",
        args=lambda o: {"pk": o["ward_visit"].pk},
        valid=lambda o: {
            "description": "Potholes on Mill Lane",
            "place": "Mill Lane",
            "priority": WardPriority.MEDIUM,
        },
    ),
    FormPage("ward_issue_edit", "mentor_a", args=lambda o: {"pk": o["ward_issue"].pk}),
    # reviews
    FormPage(
        "visit_create",
        "manager",
        forms=("form", "peer_team"),
        valid=lambda o: {
            "council": str(o["council_x"].pk),
            "kind": VisitKind.PROGRESS_REVIEW,
            "title": "Fuzz review",
            "first_day": "2026-03-02",
            "last_day": "2026-03-04",
        },
        related={
            "kind": {"checks_visit"},
            "first_day": {"last_day"},
            "council": {"checks_visit"},
        },
    ),
    FormPage(
        "visit_edit",
        "manager",
        args=lambda o: {"pk": o["check_in"].pk},
        forms=("form", "peer_team"),
        related={
            "kind": {"checks_visit"},
            "first_day": {"last_day"},
            "council": {"checks_visit"},
        },
    ),
    FormPage(
        "visit_status",
        "manager",
        args=lambda o: {"pk": o["check_in"].pk},
        valid=lambda o: {"to_status": VisitStatus.PUBLISHED},
        related={"to_status": {"published_on"}},
    ),
    FormPage(
        "visit_reopen",
        "manager",
        args=lambda o: {"pk": o["published_visit"].pk},
        valid=lambda o: {"reason": "A figure in the report was wrong."},
    ),
    FormPage(
        "recommendation_create",
        "manager",
        args=lambda o: {"pk": o["check_in"].pk},
        valid=lambda o: {"theme": "Finance", "text": "Set a balanced budget."},
    ),
    FormPage("recommendation_edit", "manager", args=lambda o: {"pk": o["draft_recommendation"].pk}),
    FormPage(
        "action_create",
        "manager",
        args=lambda o: {"pk": o["recommendation"].pk},
        valid=lambda o: {
            "description": "Train the scrutiny chairs.",
            "owner": "Head of Democratic Services",
            "due_on": "2027-01-29",
            "rag": RAG.AMBER,
        },
        related={"due_on": {"completed_on"}},
    ),
    FormPage(
        "action_edit",
        "manager",
        args=lambda o: {"pk": o["action"].pk},
        related={"due_on": {"completed_on"}},
    ),
    FormPage(
        "progress_update_create",
        "manager",
        args=lambda o: {"pk": o["action"].pk},
        valid=lambda o: {"text": "The first session was held."},
    ),
    FormPage(
        "document_upload",
        "manager",
        args=lambda o: {"pk": o["check_in"].pk},
        valid=lambda o: {
            "kind": DocumentKind.LETTER,
            "title": "Feedback letter",
            "file": fuzz._file("letter.pdf", PDF_BYTES),
        },
    ),
    # induction
    FormPage(
        "buddy_pairing_create",
        "manager",
        args=lambda o: {"pk": o["buddy_scheme"].pk},
        valid=lambda o: {
            "new_member": str(o["scheme_members"][1].pk),
            "buddy": str(o["scheme_buddies"][1].pk),
        },
        # One buddy at a time: a clash of dates is said on the new member.
        related={"started_on": {"new_member"}},
    ),
    FormPage(
        "buddy_pairing_end",
        "manager",
        args=lambda o: {"pk": o["buddy_pairing"].pk},
        valid=lambda o: {"ended_on": o["today"].isoformat()},
    ),
    FormPage(
        "training_event_create",
        "manager",
        args=lambda o: {"pk": o["buddy_scheme"].pk},
        valid=lambda o: {
            "held_on": o["buddy_scheme"].started_on.isoformat(),
            "buddies": [str(b.pk) for b in o["scheme_buddies"]],
            "new_members": [str(m.pk) for m in o["scheme_members"]],
        },
        # Attendance is recorded once the event is held: said on the date.
        related={"buddies": {"held_on"}, "new_members": {"held_on"}},
    ),
    FormPage(
        "training_event_edit",
        "manager",
        args=lambda o: {"pk": o["training_event"].pk},
        related={"buddies": {"held_on"}, "new_members": {"held_on"}},
    ),
    # funding
    FormPage(
        "funder_create",
        "manager",
        valid=lambda o: {"name": "Fuzzshire Community Foundation", "kind": Funder.Kind.REGIONAL},
    ),
    FormPage("funder_edit", "manager", args=lambda o: {"pk": o["regional_funder"].pk}),
    FormPage("financial_year_create", "manager", valid=lambda o: {"start_year": "2027"}),
    FormPage(
        "budget_create",
        "manager",
        # The regional fund has a programme-wide budget in 2026, none for Rotherham.
        valid=lambda o: {
            "funder": str(o["regional_funder"].pk),
            "council": str(o["council_x"].pk),
            "financial_year": str(o["year_2026"].pk),
            "allocated": "5000",
            "note": "Rotherham's share of the regional fund",
        },
        # One budget of a funder for a council (or the programme) and year: said on the council.
        related={"funder": {"council"}, "financial_year": {"council"}},
    ),
    FormPage(
        "budget_edit",
        "manager",
        args=lambda o: {"pk": o["budget"].pk},
        related={"funder": {"council"}, "financial_year": {"council"}},
    ),
    # cohorts
    FormPage(
        "cohort_run_create",
        "manager",
        valid=lambda o: {
            "council": str(o["council_x"].pk),
            "intake": "cabinet",
            "mentoring_type": str(o["one_to_one"].pk),
            "started_on": o["today"].isoformat(),
            "mentor_days_agreed": "4",
            "funding": Funding.COUNCIL,
        },
        # Who is left to match depends on the council, the intake and the type together.
        related={
            "council": {"intake"},
            "mentoring_type": {"intake"},
            "started_on": {"planned_end_on"},
        },
    ),
    FormPage(
        "cohort_draft_edit",
        "manager",
        args=lambda o: {
            "pk": o["cohort_run"].pk,
            "draft_pk": o["cohort_run"].drafts.filter(mentor__isnull=False).first().pk,
        },
    ),
    FormPage(
        "cohort_drafts_publish",
        "manager",
        args=lambda o: {"pk": o["cohort_run"].pk},
        get_query=lambda o: {"drafts": list(o["cohort_run"].drafts.values_list("pk", flat=True))},
        valid=lambda o: {"note": "Agreed with the council's leader."},
        # Drafts with warnings are published only with a note.
        related={"drafts": {"note"}},
    ),
    # reports
    FormPage(
        "report_request",
        "manager",
        args=lambda o: {"slug": "rotherham"},
        valid=lambda o: {"month": f"{o['report_month']:%Y-%m}"},
    ),
    FormPage(
        "narrative_edit",
        "manager",
        args=lambda o: {
            "slug": "rotherham",
            "year": o["report_month"].year,
            "month": o["report_month"].month,
        },
        valid=lambda o: {"text": "A steady month."},
    ),
]


def _filter(url_name, persona="manager", args=lambda o: {}, shown_on=None) -> FormPage:
    shown = (shown_on, args) if shown_on else None
    return FormPage(url_name, persona, args=args, forms=("filter",), method="get", shown_on=shown)


FILTER_PAGES = [
    _filter("council_list"),
    _filter("councillor_list"),
    _filter("councillor_export", shown_on="councillor_list"),
    _filter("mentor_list"),
    _filter("mentor_export", shown_on="mentor_list"),
    _filter("placement_list"),
    _filter("placement_export", shown_on="placement_list"),
    _filter("session_list"),
    _filter("claim_list"),
    _filter("claim_export", shown_on="claim_list"),
    _filter("confidence_overview"),
    _filter("visit_list"),
    _filter("notification_list"),
    _filter("report_list", args=lambda o: {"slug": "rotherham"}),
    # The statements' and recharge schedules' filters are the page's "form".
    FormPage("statement_list", "manager", method="get"),
    FormPage("statement_list", "mentor_a", method="get", label="statement_list:mentor"),
    FormPage("recharge_list", "manager", method="get"),
    FormPage("budget_list", "manager", method="get"),
]

PAGES = FORM_PAGES + FILTER_PAGES

# allauth's pages are its own; of them, only the sign-in page is tried here.
ALLAUTH_PAGES = {"account_login"}

# Views that show a form sent to another page (listed above as that page).
SHOWN_ONLY = {
    "council_detail": "governance_change_create",
    "councillor_detail": "role_appointment_create",
    "election_import_preview": "election_import_confirm",
    "report_list": "report_request",
    "claim_detail": "claim_decide",
}


# Helpers --------------------------------------------------------------------------------------


def client_for(programme, persona) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(programme["users"][persona])
    return client


_discovered: dict[str, tuple] = {}


def discover(page, programme, client):
    """The page's fields and a valid submission: its forms as they start, plus page.valid."""
    key = (page.id, id(programme))
    if key not in _discovered:
        _discovered[key] = _discover(page, programme, client)
    return _discovered[key]


def _discover(page, programme, client):
    if page.before:
        page.before(client, programme)
    response = client.get(page.form_url(programme), page.get_query(programme))
    assert response.status_code == 200, f"{page.id}: the form page answered {response.status_code}"
    fields = fuzz.fields_of(response, page.forms)
    assert fields, f"{page.id}: no form found in the context under {page.forms}"
    data = fuzz.initial_data(response, page.forms)
    data.update(page.valid(programme))
    return fields, data


def send(page, programme, client, data):
    if page.before:
        page.before(client, programme)
    if page.method == "get":
        return client.get(page.url(programme), data)
    # As a browser sends it: never empty, the form's CSRF token is always there (the
    # test client does not check it). Django's ``request.POST or None`` relies on it.
    return client.post(page.url(programme), {"csrfmiddlewaretoken": "x" * 64, **data})


def check_refusal(page, response, changed: dict, fields):
    """A refusal names a field it was about, and keeps what was typed."""
    errors = fuzz.errors_on_page(response, page.forms)
    visible = {name for name in changed if not fields[name].hidden}
    if page.method == "post":
        assert errors, f"{page.id}: the form came back without saying what was wrong"
    allowed = set(changed)
    for name in changed:
        allowed |= page.related.get(name, set())
        # A row of a formset is one thing: one field filled in asks for the others.
        if (row := fuzz.formset_row(name)) is not None:
            allowed |= {other for other in fields if fuzz.formset_row(other) == row}
        # A formset's tampered count of forms changes which rows it reads.
        if fields[name].hidden and "-" in name:
            prefix = name.split("-")[0] + "-"
            allowed |= {other for other in errors.fields if other.startswith(prefix)}
    strays = set(errors.fields) - allowed
    assert not strays, (
        f"{page.id}: changing {sorted(changed)} gave errors on other fields: "
        f"{ {k: errors.fields[k] for k in strays} }"
    )
    tampered = len(visible) < len(changed)  # a hidden field (e.g. a formset's count)
    if errors and visible and not tampered and not (visible & page.general_refusal):
        assert errors.fields, (
            f"{page.id}: changing {sorted(changed)} was refused without naming a field: "
            f"{errors.general}"
        )
    html = response.content.decode()
    for name, value in changed.items():
        if page.two_steps and f'name="{name}"' not in html:
            continue
        # (Whitespace alone is shown as one space: crispy forms joins spaces between tags.)
        if isinstance(value, str) and value.strip() and fields[name].keeps_typed_text:
            assert escape(value) in html, f"{page.id}: {name} did not keep what was typed"


def check_status(page, response):
    status = response.status_code
    assert status != 500
    if page.method == "get":
        assert status == 200, f"{page.id}: answered {status}"
    else:
        assert status in (200, 302, 400), f"{page.id}: answered {status}"


def check_answer(page, response, changed, fields):
    check_status(page, response)
    if response.status_code in (200, 400) and response.context is not None:
        check_refusal(page, response, changed, fields)


# The tests -------------------------------------------------------------------------------------


def test_every_form_page_is_listed():
    """A view that uses a form, formset or filter is listed here (or shows one for another page)."""
    with_forms = {
        name for name, view in fuzz.project_url_patterns() if fuzz.form_classes_used(view)
    }
    listed = {page.url_name for page in PAGES if page.url_name not in ALLAUTH_PAGES}
    listed |= set(SHOWN_ONLY)
    assert with_forms - listed == set(), "form pages not tried with hostile values"
    assert listed - with_forms == set(), "listed pages whose views use no form"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_a_valid_submission_is_accepted_and_a_second_one_is_no_server_error(programme, page):
    client = client_for(programme, page.persona)
    fields, data = discover(page, programme, client)
    with transaction.atomic():
        first = send(page, programme, client, page_data(page, programme, data))
        assert first.status_code in (302, 200), page.id
        if page.method == "post":
            assert first.status_code == 302, (
                f"{page.id}: the valid submission was refused: "
                f"{fuzz.errors_on_page(first, page.forms)}"
            )
        second = send(page, programme, client, page_data(page, programme, data))
        transaction.set_rollback(True)
    if page.once_only and second.status_code == 404:
        return  # the link was used up, as it should be
    check_status(page, second)
    errors = fuzz.errors_on_page(second, page.forms)
    if second.status_code != 302 and page.method == "post":
        # Refused the second time: on a field (a duplicate), never only in general.
        assert errors.fields or page.general_refusal, (
            f"{page.id}: the second submission was refused as {errors}"
        )


def page_data(page, programme, data):
    """A fresh copy (uploaded files are read once)."""
    fresh = dict(data)
    fresh.update(page.valid(programme))
    return fresh


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_every_field_takes_its_edge_values_without_a_server_error(programme, page):
    """Each field in turn, with the values that break fields of its kind most often (the
    largest id, dates at the ends of the calendar, a number past any float)."""
    client = client_for(programme, page.persona)
    fields, data = discover(page, programme, client)
    for name, ref in fields.items():
        if ref.hidden:
            continue  # (a formset's counts: the hostile values test tampers with them)
        for value in fuzz.edge_values(ref.field):
            with transaction.atomic():
                response = send(
                    page, programme, client, {**page_data(page, programme, data), name: value}
                )
                check_answer(page, response, {name: value}, fields)
                transaction.set_rollback(True)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
@FUZZ
@given(draw=st.data())
def test_hostile_values_are_refused_on_their_field_without_a_server_error(programme, page, draw):
    client = client_for(programme, page.persona)
    fields, data = discover(page, programme, client)
    names = draw.draw(
        st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=2, unique=True),
        label="fields",
    )
    changed = {
        name: draw.draw(fuzz.hostile_value(fields[name].field, fields[name].widget), label=name)
        for name in names
    }
    cache.clear()  # the sign-in page's limit on failed attempts
    with transaction.atomic():
        response = send(page, programme, client, {**page_data(page, programme, data), **changed})
        check_answer(page, response, changed, fields)
        transaction.set_rollback(True)


# What the fuzzing found, each kept as a plain example ------------------------------------------


def submit(programme, page_id, **changes):
    """The page's valid submission with some fields changed; the answer and its errors."""
    page = next(p for p in PAGES if p.id == page_id)
    client = client_for(programme, page.persona)
    _fields, data = discover(page, programme, client)
    with transaction.atomic():
        response = send(page, programme, client, {**page_data(page, programme, data), **changes})
        transaction.set_rollback(True)
    assert response.status_code in (200, 400), f"{page_id} answered {response.status_code}"
    return response, fuzz.errors_on_page(response, page.forms)


@pytest.mark.parametrize("page_id", ["report_list", "placement_list"])
@pytest.mark.parametrize("year", ["-1", "0", "10000", str(2**63)])
def test_a_year_the_calendar_cannot_hold_is_refused_on_the_year_filter(programme, page_id, year):
    _response, errors = submit(programme, page_id, year=year)
    assert list(errors.fields) == ["year"]


@pytest.mark.parametrize(
    ("page_id", "name", "value"),
    [
        ("placement_create", "councillors", [str(2**63)]),
        ("placement_create", "mentors", [str(2**63)]),
        ("placement_create", "council", str(2**63)),
        ("visit_create", "council", str(2**63)),
        ("session_create", "topics", [str(2**63)]),
        ("mentor_create", "expertise", [str(2**63)]),
    ],
)
def test_an_id_too_large_for_the_database_is_an_unknown_choice(programme, page_id, name, value):
    _response, errors = submit(programme, page_id, **{name: value})
    assert name in errors.fields


def test_a_new_placement_without_mentees_says_so_beside_the_councillors(programme):
    _response, errors = submit(programme, "placement_create", councillors=[], officers=[])
    assert errors.fields == {"councillors": ["Choose at least one mentee."]}


def test_a_new_placement_sent_without_its_council_is_refused_not_shown_blank(programme):
    _response, errors = submit(programme, "placement_create", council=[])
    assert "council" in errors.fields


@pytest.mark.parametrize("status", ["ended", "withdrawn"])
def test_a_new_placement_cannot_start_ended_or_withdrawn(programme, status):
    """The model asks for the end date or the reason, fields step two does not have:
    refused on the status, not a server error."""
    _response, errors = submit(programme, "placement_create", status=status)
    assert list(errors.fields) == ["status"]


def test_ending_a_placement_before_it_started_says_so_beside_the_date(programme):
    _response, errors = submit(programme, "placement_status:end", ended_on="2000-01-01")
    assert errors.fields == {"ended_on": ["A placement cannot end before it starts."]}
    assert not errors.general


def test_publishing_before_the_last_day_on_site_says_so_beside_the_date(programme):
    _response, errors = submit(programme, "visit_status", published_on="2000-01-01")
    assert errors.fields == {
        "published_on": ["The report cannot be published before the last day on site."]
    }


def test_review_dates_sent_again_as_new_are_refused_on_the_date_not_by_the_database(programme):
    """The count of forms tampered with: the agreement's reviews come back as new ones."""
    _response, errors = submit(programme, "agreement_edit", **{"reviews-INITIAL_FORMS": "0"})
    messages = {m for name, ms in errors.fields.items() if name.endswith("due_on") for m in ms}
    assert messages == {"This agreement already has a review on that date."}


def test_an_election_import_refused_on_saving_says_why(programme):
    """A leaver's role starting after the election is only found on saving: it is named."""
    page = next(p for p in PAGES if p.id == "election_import_confirm")
    client = client_for(programme, page.persona)
    csv = (
        "name,council,party,ward,elected_on,email\r\nNew Person,rotherham,,Sitwell,02/05/2024,\r\n"
    )
    client.post(
        reverse("election_import"),
        {"kind": ElectionKind.ALL_OUT, "file": fuzz._file("election.csv", csv.encode())},
    )
    digest = hashlib.sha256(csv.encode()).hexdigest()
    with transaction.atomic():
        response = client.post(reverse("election_import_confirm"), {"digest": digest})
        transaction.set_rollback(True)
    assert response.status_code == 400
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Nothing was saved: ")
    assert "correct or end that role first." in message


@pytest.mark.django_db
def test_an_id_too_long_to_be_a_number_in_a_query_string_is_no_server_error(
    client_as, demo_programme
):
    manager = client_as("manager")
    huge = "9" * 5000
    for name, params in [
        ("visit_create", {"council": huge}),
        ("placement_create", {"council": huge}),
        ("invitation_create", {"role": "mentor", "mentor": huge, "councillor": huge}),
    ]:
        assert manager.get(reverse(name), params).status_code == 200, name
