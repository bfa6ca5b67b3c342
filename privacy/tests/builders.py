"""People with a row in every table that can hold their personal data.

``former_people()`` makes a former councillor (a mentee), the inactive mentor who
mentored them and a former officer, all long gone, with their names, email
addresses and markers written into every place the registry knows of. Tests
then export or erase them and look for what is left.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session as DjangoSession
from django.utils import timezone

from accounts.models import ConfidentialAccess, Invitation, InvitationRole
from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from calendars.models import CalendarFeed
from cohorts.models import CohortRun, DraftMatch, Intake
from councils.models import Councillor, Officer
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    OfficerFactory,
    PartyFactory,
    RoleAppointmentFactory,
)
from funding.models import FinancialYear
from mentoring.models import (
    AgreementStatus,
    ClaimExpense,
    DayClaim,
    DayExtension,
    DayRate,
    Funding,
    Goal,
    LearningAgreement,
    Mentor,
    MentoringType,
    PairAccess,
    PlacementStatus,
    ProtocolTemplate,
    Reflection,
    Session,
    SessionMode,
    SessionNote,
    WardIssue,
    WardVisitReport,
)
from mentoring.tests.factories import (
    ConfidenceCheckFactory,
    ConfidenceScoreFactory,
    MentorFactory,
    PlacementFactory,
)
from notifications.models import Notification, Reminder
from privacy.people import Person, person_of
from reports.models import MonthlyReport, ReportNarrative, StatementEmail
from reviews.models import Action, ProgressUpdate, VisitDocument, VisitStatusChange
from reviews.tests.factories import PeerTeamMemberFactory, RecommendationFactory, ReviewVisitFactory

COUNCILLOR_NAME = "Zebedee Quartermaine"
COUNCILLOR_EMAIL = "zebedee.quartermaine@example.org"
MENTOR_NAME = "Ottoline Fairweather"
MENTOR_EMAIL = "ottoline.fairweather@example.org"
OFFICER_NAME = "Philippa Ironmonger"
OFFICER_EMAIL = "philippa.ironmonger@example.org"
PARTY = "Marker Independents Alliance"
WARD = "Quartermaine Ward"
NOTE = "MARKER-NOTE-5d1e"
ACTION = "MARKER-ACTION-93ab"
REFLECTION = "MARKER-REFLECTION-0c7f"
CONFIDENTIAL = [NOTE, ACTION, REFLECTION]
# Free text about the councillor that erasure removes.
ABOUT = "MARKER-ABOUT-7a21"
# Everything that must be gone from every table once the three are erased.
TRACES = [
    COUNCILLOR_NAME,
    COUNCILLOR_EMAIL,
    MENTOR_NAME,
    MENTOR_EMAIL,
    OFFICER_NAME,
    OFFICER_EMAIL,
    WARD,
    ABOUT,
    *CONFIDENTIAL,
]

LEFT_OFFICE = datetime.date(2018, 5, 3)
PLACEMENT_START = datetime.date(2016, 1, 4)
PLACEMENT_END = datetime.date(2016, 12, 16)


@dataclass
class FormerPeople:
    councillor: Person
    mentor: Person
    officer: Person
    manager: object
    placement: object
    ward_placement: object
    session: object

    @property
    def everyone(self) -> list[Person]:
        return [self.councillor, self.mentor, self.officer]


def _saved_by(instance, user):
    """Save so that its history row says ``user`` made the change."""
    instance._history_user = user
    instance.save()
    return instance


def _sign_in_machinery(user, email):
    now = timezone.now()
    address = EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    EmailConfirmation.objects.create(email_address=address, key=f"key-{user.pk:060d}", sent=now)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    key = f"session{user.pk:025d}"
    DjangoSession.objects.create(
        session_key=key, session_data="x", expire_date=now + datetime.timedelta(days=1)
    )
    UserSession.objects.create(user=user, ip="192.0.2.7", session_key=key, user_agent="Marker/1.0")
    user.groups.add(Group.objects.get_or_create(name="Marker group")[0])
    user.user_permissions.add(Permission.objects.first())
    CalendarFeed.objects.create(user=user, token_hash=f"{user.pk:064d}", created_at=now)
    Notification.objects.create(recipient=user, kind="general", title="Welcome", body=ABOUT)
    Reminder.objects.create(
        kind="placement-ending",
        object_type="mentoring.placement",
        object_id=1,
        recipient=user,
        due_on=PLACEMENT_END,
        title="Placement ending",
    )


def former_people() -> FormerPeople:
    manager = ProgrammeManagerFactory(full_name="Programme Manager")
    council = CouncilFactory(name="Marker Borough Council")
    party = PartyFactory(name=PARTY)
    councillor_user = UserFactory(email=COUNCILLOR_EMAIL, full_name=COUNCILLOR_NAME)
    councillor = CouncillorFactory(
        council=council,
        full_name=COUNCILLOR_NAME,
        email=COUNCILLOR_EMAIL,
        party=party,
        ward=WARD,
        first_elected_on=datetime.date(2014, 5, 22),
        left_office_on=LEFT_OFFICE,
        development_plan=f"{ABOUT}: chairing",
        user=councillor_user,
    )
    RoleAppointmentFactory(
        councillor=councillor, started_on=datetime.date(2014, 6, 1), ended_on=LEFT_OFFICE
    )
    mentor_user = UserFactory(email=MENTOR_EMAIL, full_name=MENTOR_NAME)
    mentor = MentorFactory(
        full_name=MENTOR_NAME,
        email=MENTOR_EMAIL,
        party=party,
        organisation="Fairweather Consulting",
        active=False,
        user=mentor_user,
    )
    officer_user = UserFactory(email=OFFICER_EMAIL, full_name=OFFICER_NAME)
    officer = OfficerFactory(
        council=council,
        full_name=OFFICER_NAME,
        email=OFFICER_EMAIL,
        left_office_on=datetime.date(2015, 3, 31),
        user=officer_user,
    )

    placement = PlacementFactory(
        council=council,
        mentors=[mentor],
        mentees=[councillor],
        status=PlacementStatus.ENDED,
        started_on=PLACEMENT_START,
        planned_end_on=PLACEMENT_END,
        ended_on=PLACEMENT_END,
    )
    placement.match_note = f"{ABOUT}: {COUNCILLOR_NAME} asked for {MENTOR_NAME}"
    placement.needs_attention = f"{COUNCILLOR_NAME} left office"
    _saved_by(placement, manager)
    mentee = placement.mentees.get()
    session = Session(
        placement=placement,
        held_on=datetime.date(2016, 2, 1),
        duration_minutes=90,
        mode=SessionMode.FACE_TO_FACE,
        logged_by=mentor,
    )
    _saved_by(session, mentor_user)
    session.attendees.set([mentee])
    SessionNote.objects.create(session=session, notes=NOTE, actions_agreed=ACTION)
    claim = DayClaim(
        placement=placement,
        mentor=mentor,
        worked_on=session.held_on,
        length=DayClaim.Length.HALF,
        purpose=DayClaim.Purpose.SESSION,
        session=session,
        description="Session with the mentee",
    )
    _saved_by(claim, mentor_user)
    claim.status, claim.decided_by = DayClaim.Status.APPROVED, manager
    _saved_by(claim, manager)
    ClaimExpense.objects.create(
        claim=claim, kind=ClaimExpense.Kind.TRAVEL, description="Train there and back", amount=12
    )
    # The mentor's own day rate, its history saying their account set it; placement days
    # added and the year closed by the officer's account (kept, without naming them).
    _saved_by(DayRate(mentor=mentor, amount=250, starts_on=PLACEMENT_START), mentor_user)
    DayExtension.objects.create(
        placement=placement, days=1, reason="One more session", agreed_by=officer_user
    )
    FinancialYear.objects.create(start_year=2015, closed_at=timezone.now(), closed_by=officer_user)
    Reflection.objects.create(mentee=mentee, written_on=datetime.date(2016, 2, 2), text=REFLECTION)
    check = ConfidenceCheckFactory(mentee=mentee, taken_on=PLACEMENT_START)
    ConfidenceScoreFactory(check_in=check, score=2)

    agreement = LearningAgreement(
        placement=placement,
        development_needs=f"{ABOUT}: {COUNCILLOR_NAME} wants to chair better",
        ways_of_working=f"{ABOUT}: monthly",
        confidentiality_protocol="What we discuss stays between us.",
    )
    _saved_by(agreement, councillor_user)
    Goal.objects.create(agreement=agreement, goal=f"{ABOUT} goal", reality=ABOUT, options=ABOUT)
    agreement.status = AgreementStatus.ACTIVE
    agreement.mentee_agreed_at = agreement.mentor_agreed_at = timezone.now()
    agreement.mentee_agreed_by, agreement.mentor_agreed_by = councillor_user, mentor_user
    _saved_by(agreement, mentor_user)

    ward_placement = PlacementFactory(
        kind="ward-visit",
        council=council,
        mentors=[mentor],
        mentees=[councillor],
        status=PlacementStatus.ENDED,
        started_on=datetime.date(2016, 6, 1),
        planned_end_on=datetime.date(2016, 6, 1),
        ended_on=datetime.date(2016, 6, 1),
    )
    ward_placement.match_note = ABOUT
    _saved_by(ward_placement, mentor_user)
    WardIssue.objects.create(placement=ward_placement, description=ABOUT, place=WARD)
    WardVisitReport.objects.create(placement=ward_placement, observations=ABOUT, priorities=ABOUT)

    visit = _saved_by(ReviewVisitFactory(council=council), councillor_user)
    PeerTeamMemberFactory(visit=visit, name=COUNCILLOR_NAME, user=councillor_user)
    action = Action(
        recommendation=RecommendationFactory(visit=visit),
        description="Appoint an independent member.",
        owner=COUNCILLOR_NAME,
        owner_user=councillor_user,
        due_on=datetime.date(2016, 9, 30),
    )
    _saved_by(action, councillor_user)
    ProgressUpdate.objects.create(
        action=action, text="Advertised.", rag="amber", written_by=councillor_user,
        author_name=COUNCILLOR_NAME,
    )  # fmt: skip
    VisitStatusChange.objects.create(
        visit=visit, from_status="planned", to_status="on-site", changed_by=councillor_user
    )
    VisitDocument.objects.create(
        visit=visit,
        kind="letter",
        title="Letter",
        file="review-documents/marker.pdf",
        original_name="letter.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=councillor_user,
    )
    month = datetime.date(2016, 11, 1)
    MonthlyReport.objects.create(council=council, month=month, requested_by=councillor_user)
    ReportNarrative.objects.create(
        council=council, month=month, text="Steady progress.", updated_by=councillor_user
    )
    ProtocolTemplate.objects.create(text="Our protocol.", updated_by=councillor_user)
    StatementEmail.objects.create(mentor=mentor, month=month, kind=StatementEmail.Kind.STATEMENT)

    Invitation.objects.create(
        user=councillor_user,
        role=InvitationRole.COUNCILLOR,
        token_hash=f"{councillor_user.pk:064d}",
        invited_by=manager,
        sent_at=timezone.now(),
        expires_at=timezone.now(),
    )
    ConfidentialAccess.objects.create(
        user=councillor_user,
        reader_email=councillor_user.email,
        kind=ConfidentialAccess.Kind.SESSION_NOTE,
        object_id=1,
    )
    # The councillor's account joined their placement and the mentor confirmed it
    # (deleted with the account); another account joined it, linked by the officer's
    # account and confirmed by the mentor's (kept, without naming them).
    for user, name, linked_by, confirmed_by in (
        (councillor_user, COUNCILLOR_NAME, manager, manager),
        (manager, "Another Mentee", officer_user, mentor_user),
    ):
        PairAccess.objects.create(
            placement=placement,
            user=user,
            side="mentee",
            record_name=name,
            account_email=user.email,
            linked_by=linked_by,
            linked_by_email=linked_by.email,
            how="by an invitation to sign in",
            confirmed_by=confirmed_by,
            confirmed_at=timezone.now(),
        )
    for record in (councillor, officer, mentor):
        LogEntry.objects.create(
            user=manager,
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=str(record.pk),
            object_repr=str(record),
            action_flag=CHANGE,
            change_message=f"Changed {record.full_name}",
        )
    # Told to a manager, naming the people: deleted with them.
    Notification.objects.create(
        recipient=manager, kind="general", title=f"{COUNCILLOR_NAME} left office"
    )
    Reminder.objects.create(
        kind="accreditation-ending",
        object_type="mentoring.mentor",
        object_id=mentor.pk,
        recipient=manager,
        due_on=datetime.date(2016, 12, 1),
        title="Accreditation ending",
    )
    # A cohort run's draft matching the councillor to the mentor: deleted with them.
    run = CohortRun.objects.create(
        council=council,
        mentoring_type=MentoringType.objects.get(slug="one-to-one"),
        intake=Intake.NEW_MEMBERS,
        started_on=datetime.date(2014, 7, 1),
        mentor_days_agreed="6.0",
        funding=Funding.COUNCIL,
        made_by=manager,
    )
    DraftMatch.objects.create(run=run, councillor=councillor, mentor=mentor, reasons=ABOUT)
    for user, email in (
        (councillor_user, COUNCILLOR_EMAIL),
        (mentor_user, MENTOR_EMAIL),
        (officer_user, OFFICER_EMAIL),
    ):
        _sign_in_machinery(user, email)

    return FormerPeople(
        councillor=person_of(Councillor.objects.get(pk=councillor.pk)),
        mentor=person_of(Mentor.objects.get(pk=mentor.pk)),
        officer=person_of(Officer.objects.get(pk=officer.pk)),
        manager=manager,
        placement=placement,
        ward_placement=ward_placement,
        session=session,
    )
