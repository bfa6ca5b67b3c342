"""Every model and field that holds personal data, declared once.

For each model: how to find a person's rows (``links``: lookups that end at
one of the person's records: a User, Councillor, Officer or Mentor), which
fields a subject access export shows (``export``), whether the content is
confidential (in an export only when the person asks for themself), and what
erasure does to it (``erase``: steps that anonymise or delete; none means
the rows are kept as they are, and ``why`` says why).

``privacy/tests/test_registry.py`` walks every installed model and fails when
one that points at a person, or has fields named like personal data, is
neither here nor in ``NO_PERSONAL_DATA``. A model added later is caught there.

Erasure runs the steps in the order of this list: ``sessions.Session`` is
found through ``usersessions.UserSession``, so it comes first.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db.models import Q

from privacy.people import PERSON_MODELS, Person

ANONYMISE = "anonymise"
DELETE = "delete"


def former(label: str) -> Callable:
    """A replacement name that keeps the row's number, e.g. "Former councillor #12"."""
    return lambda row: f"{label} #{row.pk}"


def _unusable_password(row) -> str:
    return make_password(None)


@dataclass(frozen=True)
class Step:
    """One thing erasure does: anonymise (set ``replace``) or delete the rows found
    by ``links`` (the entry's links when empty) or by ``find`` (a Q for the model)."""

    action: str
    links: tuple[str, ...] = ()
    replace: Mapping[str, Any] = field(default_factory=dict)
    find: Callable[[Person], Q] | None = None


@dataclass(frozen=True)
class PersonalData:
    model: str
    links: tuple[str, ...]
    export: tuple[str, ...] = ()
    erase: tuple[Step, ...] = ()
    confidential: bool = False
    title: str = ""
    why: str = ""
    # The model's queryset method (given the reader) that picks the rows the person's
    # own pages show them: their own export lists those and no more, so it never tells
    # them of a row their pages answer 404 for (e.g. another group member's session).
    shown_by: str = ""

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def heading(self) -> str:
        return self.title or str(self.model_class._meta.verbose_name_plural).capitalize()


def link_target(model, link: str):
    """The model a lookup such as ``placement__mentees__councillor`` ends at."""
    if link == "pk":
        return model
    for part in link.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def person_q(model, links, person: Person) -> Q:
    """Rows of ``model`` that the links tie to any of the person's records."""
    q = Q(pk__in=[])
    for link in links:
        pk = person.pk_of(link_target(model, link)._meta.label)
        if pk is not None:
            q |= Q(**{link: pk})
    return q


def _history_of(live_model: str, links: tuple[str, ...]) -> Callable[[Person], Q]:
    """History rows of the live rows that ``links`` tie to the person."""

    def find(person: Person) -> Q:
        model = apps.get_model(live_model)
        ids = model._default_manager.filter(person_q(model, links, person)).values("pk")
        return Q(id__in=ids)

    return find


def _user_sessions(person: Person) -> Q:
    if person.user is None:
        return Q(pk__in=[])
    UserSession = apps.get_model("usersessions", "UserSession")
    return Q(session_key__in=UserSession.objects.filter(user=person.user).values("session_key"))


def _log_entries_about(person: Person) -> Q:
    """Admin log entries about the person's records (their name is in object_repr)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    q = Q(pk__in=[])
    for record in person.records:
        q |= Q(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=str(record.pk),
        )
    return q


def _naming(person: Person, *fields: str) -> Q:
    """Free text that names the person, e.g. a reminder to a manager about their placement."""
    q = Q(pk__in=[])
    for name in person.names:
        if len(name) >= 5:
            for f in fields:
                q |= Q(**{f"{f}__icontains": name})
    return q


def _reminders_about(person: Person) -> Q:
    q = _naming(person, "title", "body")
    if person.mentor is not None:
        q |= Q(object_type="mentoring.mentor", object_id=person.mentor.pk)
    return q


# Lookups from a placement to its people.
PLACEMENT_MENTEES = ("mentees__councillor", "mentees__officer")
PLACEMENT_PEOPLE = ("mentors", *PLACEMENT_MENTEES)


def via(prefix: str, links: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}__{link}" for link in links)


KEPT_FOR_STATISTICS = (
    "Kept for programme statistics: it points at the person's record, which erasure anonymises."
)
HISTORY_USER = Step(ANONYMISE, links=("history_user",), replace={"history_user": None})
HISTORY_EXPORT = ("history_date", "history_type", "id")

REGISTRY: list[PersonalData] = [
    # --- Sign-in and its machinery -------------------------------------------------
    PersonalData(
        "accounts.User",
        links=("pk",),
        export=(
            "full_name",
            "email",
            "date_joined",
            "last_login",
            "is_active",
            "is_programme_manager",
        ),
        erase=(
            Step(
                ANONYMISE,
                replace={
                    "full_name": former("Former user"),
                    "email": lambda row: f"erased-{row.pk}@erased.invalid",
                    "password": _unusable_password,
                    "is_active": False,
                    "is_staff": False,
                    "is_superuser": False,
                    "is_programme_manager": False,
                    "last_login": None,
                },
            ),
        ),
        title="Sign-in account",
        why="The account is made inactive and can no longer sign in.",
    ),
    PersonalData(
        "sessions.Session",
        links=(),
        erase=(Step(DELETE, find=_user_sessions),),
        title="Signed-in sessions",
        why="Only a signed user id; erasure signs the person out everywhere.",
    ),
    PersonalData(
        "usersessions.UserSession",
        links=("user",),
        export=("created_at", "ip", "user_agent", "last_seen_at"),
        erase=(Step(DELETE),),
        title="Signed-in devices",
    ),
    PersonalData(
        "account.EmailConfirmation",
        links=("email_address__user",),
        erase=(Step(DELETE),),
        why="A pending confirmation of an email address.",
    ),
    PersonalData(
        "account.EmailAddress",
        links=("user",),
        export=("email", "verified", "primary"),
        erase=(Step(DELETE),),
        title="Email addresses for signing in",
    ),
    PersonalData(
        "mfa.Authenticator",
        links=("user",),
        export=("type", "created_at", "last_used_at"),
        erase=(Step(DELETE),),
        title="Authenticator apps and recovery codes",
        why="Deleted. The secret itself is never exported.",
    ),
    PersonalData(
        "accounts.User_groups",
        links=("user",),
        erase=(Step(DELETE),),
        why="Django permission groups of the account.",
    ),
    PersonalData(
        "accounts.User_user_permissions",
        links=("user",),
        erase=(Step(DELETE),),
        why="Django permissions of the account.",
    ),
    PersonalData(
        "accounts.Invitation",
        links=("user", "invited_by"),
        export=("role", "sent_at", "expires_at", "accepted_at", "revoked_at"),
        erase=(Step(DELETE, links=("user",)),),
        title="Invitations",
        why="Invitations the person sent stay, pointing at their anonymised account.",
    ),
    PersonalData(
        "accounts.ConfidentialAccess",
        links=("user",),
        export=("kind", "object_id", "accessed_at", "reader_email"),
        erase=(Step(ANONYMISE, links=("user",), replace={"reader_email": ""}),),
        title="Confidential notes read",
        why="Append-only log of who read confidential content; kept, pointing at the "
        "anonymised account, without its address.",
    ),
    PersonalData(
        "admin.LogEntry",
        links=("user",),
        export=("action_time", "object_repr", "action_flag"),
        erase=(
            Step(
                ANONYMISE,
                find=_log_entries_about,
                replace={"object_repr": "Erased record", "change_message": ""},
            ),
        ),
        title="Changes made in the site administration",
        why="Entries about the person's records name them; entries they made stay.",
    ),
    # --- Councils -----------------------------------------------------------------
    PersonalData(
        "councils.Councillor",
        links=("pk", "user"),
        export=(
            "council",
            "full_name",
            "party",
            "ward",
            "email",
            "first_elected_on",
            "left_office_on",
            "development_plan",
        ),
        erase=(
            Step(
                ANONYMISE,
                links=("pk",),
                replace={
                    "full_name": former("Former councillor"),
                    "email": "",
                    # Party membership is special category data (political opinions).
                    "party": None,
                    "ward": "",
                    "first_elected_on": None,
                    "development_plan": "",
                    "user": None,
                },
            ),
        ),
        title="Councillor record",
        why="The council and the date they left office stay, for programme statistics.",
    ),
    PersonalData(
        "councils.Officer",
        links=("pk", "user"),
        export=("council", "full_name", "job_title", "email", "left_office_on"),
        erase=(
            Step(
                ANONYMISE,
                links=("pk",),
                replace={
                    "full_name": former("Former officer"),
                    "job_title": "Not kept",
                    "email": "",
                    "user": None,
                },
            ),
        ),
        title="Officer record",
    ),
    PersonalData(
        "councils.RoleAppointment",
        links=("councillor",),
        export=("role", "committee", "started_on", "ended_on"),
        title="Roles held",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "councils.PoliticalGroup",
        links=("leader",),
        export=("council", "party", "name"),
        title="Political groups led",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "councils.PoliticalGroupMember",
        links=("councillor",),
        export=("group", "joined_on", "left_on"),
        title="Political group memberships",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "councils.CommissionerAppointment",
        links=("commissioner",),
        export=("council", "started_on", "ended_on"),
        title="Commissioner appointments",
        why=KEPT_FOR_STATISTICS,
    ),
    # --- Mentoring ----------------------------------------------------------------
    PersonalData(
        "mentoring.Mentor",
        links=("pk", "user", "councillor"),
        export=(
            "full_name",
            "email",
            "kind",
            "council",
            "organisation",
            "accredited",
            "accreditation_expires_on",
            "regional_pool",
            "party",
            "expertise",
            "capacity",
            "active",
        ),
        erase=(
            Step(
                ANONYMISE,
                links=("pk",),
                replace={
                    "full_name": former("Former mentor"),
                    "email": "",
                    "organisation": "",
                    # Party membership is special category data (political opinions).
                    "party": None,
                    "user": None,
                },
            ),
        ),
        title="Mentor record",
        why="Kind, council, accreditation and expertise stay, for programme statistics.",
    ),
    PersonalData(
        "mentoring.Mentor_expertise",
        links=("mentor",),
        why="Roles the mentor has held; exported with the mentor record.",
    ),
    PersonalData(
        "mentoring.PlacementMentor",
        links=("mentor",),
        export=("placement",),
        title="Placements as a mentor",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "mentoring.PlacementMentee",
        links=("councillor", "officer"),
        export=("placement",),
        title="Placements as a mentee",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "mentoring.Placement",
        links=PLACEMENT_PEOPLE,
        export=(
            "council",
            "mentoring_type",
            "status",
            "started_on",
            "planned_end_on",
            "ended_on",
            "mentor_days_agreed",
            "funding",
            "withdrawn_reason",
            "match_note",
            "needs_attention",
        ),
        erase=(
            Step(
                ANONYMISE,
                replace={
                    "withdrawn_reason": lambda row: "Not kept" if row.withdrawn_reason else "",
                    "match_note": "",
                    "needs_attention": "",
                },
            ),
        ),
        title="Placements",
        why="Dates, days and cost stay, for programme statistics; free-text notes go.",
    ),
    PersonalData(
        "mentoring.HistoricalPlacement",
        links=("history_user",),
        export=HISTORY_EXPORT,
        erase=(
            HISTORY_USER,
            Step(
                ANONYMISE,
                find=_history_of("mentoring.Placement", PLACEMENT_PEOPLE),
                replace={
                    "withdrawn_reason": lambda row: "Not kept" if row.withdrawn_reason else "",
                    "match_note": "",
                    "needs_attention": "",
                },
            ),
        ),
        title="Changes made to placements",
    ),
    PersonalData(
        "mentoring.LearningAgreement",
        links=(
            *via("placement", PLACEMENT_PEOPLE),
            "mentee_agreed_by",
            "mentor_agreed_by",
        ),
        export=(
            "placement",
            "version",
            "status",
            "development_needs",
            "ways_of_working",
            "mentee_agreed_at",
            "mentor_agreed_at",
        ),
        erase=(
            Step(
                ANONYMISE,
                links=via("placement", PLACEMENT_MENTEES),
                replace={"development_needs": "", "ways_of_working": ""},
            ),
        ),
        title="Learning agreements",
        why="A mentee's development needs go; the agreement's dates and status stay.",
    ),
    PersonalData(
        "mentoring.MemberAgreement",
        links=("mentee__councillor", "mentee__officer", "agreed_by"),
        export=("agreement", "mentee", "agreed_at"),
        title="Agreeing to learning agreements",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "mentoring.HistoricalLearningAgreement",
        links=("history_user", "mentee_agreed_by", "mentor_agreed_by"),
        export=HISTORY_EXPORT,
        erase=(
            HISTORY_USER,
            Step(
                ANONYMISE,
                find=_history_of(
                    "mentoring.LearningAgreement", via("placement", PLACEMENT_MENTEES)
                ),
                replace={"development_needs": "", "ways_of_working": ""},
            ),
        ),
        title="Changes made to learning agreements",
    ),
    PersonalData(
        "mentoring.Goal",
        links=via("agreement__placement", PLACEMENT_PEOPLE),
        export=("agreement", "goal", "reality", "options", "way_forward", "target_on"),
        erase=(
            Step(
                ANONYMISE,
                links=via("agreement__placement", PLACEMENT_MENTEES),
                replace={"goal": "", "reality": "", "options": "", "way_forward": ""},
            ),
        ),
        title="Goals",
    ),
    PersonalData(
        "mentoring.Session",
        links=(
            *via("placement", PLACEMENT_PEOPLE),
            "attendees__councillor",
            "attendees__officer",
            "logged_by",
        ),
        export=("placement", "held_on", "duration_minutes", "mode", "topics", "is_follow_up"),
        shown_by="attended_by",
        title="Mentoring sessions",
        why="That a session happened (date, length, mode, themes): kept for programme "
        "statistics. What was said is in the confidential notes.",
    ),
    PersonalData(
        "mentoring.Session_attendees",
        links=("placementmentee__councillor", "placementmentee__officer"),
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "mentoring.HistoricalSession",
        links=("history_user", "logged_by"),
        export=HISTORY_EXPORT,
        erase=(HISTORY_USER,),
        title="Changes made to sessions",
    ),
    PersonalData(
        "mentoring.DayClaim",
        links=("mentor", "decided_by"),
        export=(
            "placement",
            "worked_on",
            "length",
            "purpose",
            "description",
            "status",
            "submitted_at",
            "decided_at",
            "message",
        ),
        shown_by="visible_to",
        title="Peer mentor day claims",
        why="What the programme paid a mentor for: kept as a financial record. It points at "
        "the mentor's record, which erasure anonymises; the description is never confidential.",
    ),
    PersonalData(
        "mentoring.HistoricalDayClaim",
        links=("history_user", "mentor", "decided_by"),
        export=HISTORY_EXPORT,
        erase=(HISTORY_USER,),
        title="Changes made to day claims",
    ),
    PersonalData(
        "mentoring.ClaimExpense",
        links=("claim__mentor",),
        export=("claim", "kind", "description", "amount", "receipt_name"),
        shown_by="visible_to",
        title="Expenses claimed with day claims",
        why="Travel and subsistence the programme paid a mentor: kept as a financial "
        "record with its receipt. It points at the mentor's record, which erasure anonymises.",
    ),
    PersonalData(
        "mentoring.DayRate",
        links=("mentor",),
        export=("amount", "starts_on", "ends_on"),
        shown_by="visible_to",
        title="Day rates",
        why="What the programme pays a mentor for a day: kept as a financial record.",
    ),
    PersonalData(
        "mentoring.HistoricalDayRate",
        links=("history_user", "mentor"),
        export=HISTORY_EXPORT,
        erase=(HISTORY_USER,),
        title="Changes made to day rates",
    ),
    PersonalData(
        "mentoring.DayExtension",
        links=("agreed_by",),
        export=("placement", "days", "reason", "agreed_at"),
        erase=(Step(ANONYMISE, links=("agreed_by",), replace={"agreed_by": None}),),
        title="Extensions of placements' days agreed",
        why="The extension stays with its placement, without naming who agreed it.",
    ),
    PersonalData(
        "funding.FinancialYear",
        links=("closed_by",),
        export=("start_year", "closed_at"),
        erase=(Step(ANONYMISE, links=("closed_by",), replace={"closed_by": None}),),
        title="Financial years closed",
        why="The year stays closed, without naming who closed it.",
    ),
    PersonalData(
        "induction.BuddyPairing",
        links=("buddy", "new_member"),
        export=("placement", "buddy", "new_member", "started_on", "ended_on"),
        title="Induction buddy pairings",
        why="Who buddied whom is the scheme's record: kept with its dates. It points at "
        "the buddy's and the new member's records, which erasure anonymises.",
    ),
    PersonalData(
        "induction.TrainingEvent",
        links=("buddies", "new_members"),
        export=("council", "held_on", "title"),
        title="Induction training and pairing events attended",
        why="Who attended a scheme's training and pairing event is its record: kept. It "
        "points at the buddies' and new members' records, which erasure anonymises.",
    ),
    PersonalData(
        "induction.TrainingEvent_buddies",
        links=("mentor",),
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "induction.TrainingEvent_new_members",
        links=("councillor",),
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "mentoring.PairAccess",
        links=("user", "linked_by", "confirmed_by"),
        export=("placement", "side", "record_name", "account_email", "joined_at", "how"),
        erase=(
            Step(DELETE, links=("user",)),
            Step(
                ANONYMISE, links=("linked_by",), replace={"linked_by": None, "linked_by_email": ""}
            ),
            Step(ANONYMISE, links=("confirmed_by",), replace={"confirmed_by": None}),
        ),
        title="Accounts joining mentoring placements",
        why="An erased account's own rows go; rows where the person linked or confirmed "
        "another account stay, without naming them.",
    ),
    PersonalData(
        "mentoring.SessionNote",
        links=via("session__placement", PLACEMENT_PEOPLE),
        export=("session", "notes", "actions_agreed", "updated_at"),
        erase=(Step(DELETE),),
        confidential=True,
        title="Confidential session notes",
        why="Deleted. What was said in a session is read only by the mentor and mentee.",
    ),
    PersonalData(
        "mentoring.Reflection",
        links=("mentee__councillor", "mentee__officer"),
        export=("mentee", "written_on", "text"),
        erase=(Step(DELETE),),
        confidential=True,
        title="Confidential reflections",
        why="Deleted. A mentee's reflections are read only by them and their mentor.",
    ),
    PersonalData(
        "mentoring.ConfidenceCheck",
        links=("mentee__councillor", "mentee__officer"),
        export=("mentee", "stage", "taken_on"),
        title="Confidence check-ins",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "mentoring.ConfidenceScore",
        links=("check_in__mentee__councillor", "check_in__mentee__officer"),
        export=("check_in", "area", "score"),
        title="Confidence scores",
        why=KEPT_FOR_STATISTICS,
    ),
    PersonalData(
        "mentoring.ProtocolTemplate",
        links=("updated_by",),
        export=("updated_at",),
        title="Confidentiality protocol changes",
        why="The programme's protocol text; points at the anonymised account.",
    ),
    PersonalData(
        "mentoring.WardIssue",
        links=via("placement", PLACEMENT_PEOPLE),
        export=("placement", "description", "place", "priority"),
        erase=(Step(DELETE, links=via("placement", PLACEMENT_MENTEES)),),
        title="Ward map issues",
        why="Issues in the councillor's ward: deleted with the councillor.",
    ),
    PersonalData(
        "mentoring.WardVisitReport",
        links=via("placement", PLACEMENT_PEOPLE),
        export=("placement", "observations", "priorities", "matters_for_action"),
        erase=(
            Step(
                ANONYMISE,
                links=via("placement", PLACEMENT_MENTEES),
                replace={"observations": "", "priorities": "", "matters_for_action": ""},
            ),
        ),
        title="Ward visit reports",
    ),
    # --- Review visits --------------------------------------------------------------
    PersonalData(
        "reviews.HistoricalReviewVisit",
        links=("history_user",),
        export=HISTORY_EXPORT,
        erase=(HISTORY_USER,),
        title="Changes made to review visits",
    ),
    PersonalData(
        "reviews.VisitStatusChange",
        links=("changed_by",),
        export=("visit", "from_status", "to_status", "reason", "changed_at"),
        title="Review visit status changes",
        why="Part of the council's record; points at the anonymised account.",
    ),
    PersonalData(
        "reviews.VisitDocument",
        links=("uploaded_by",),
        export=("visit", "title", "original_name", "uploaded_at"),
        title="Review visit documents uploaded",
        why="Part of the council's record; points at the anonymised account.",
    ),
    PersonalData(
        "reviews.PeerTeamMember",
        links=("user",),
        export=("visit", "name", "role", "organisation"),
        erase=(
            Step(
                ANONYMISE,
                replace={"name": former("Former peer"), "organisation": "", "user": None},
            ),
        ),
        title="Places on peer teams",
    ),
    PersonalData(
        "reviews.Action",
        links=("owner_user",),
        export=("recommendation", "description", "owner", "due_on", "rag", "completed_on"),
        erase=(Step(ANONYMISE, replace={"owner": "Former action owner", "owner_user": None}),),
        title="Actions owned",
    ),
    PersonalData(
        "reviews.HistoricalAction",
        links=("history_user", "owner_user"),
        export=HISTORY_EXPORT,
        erase=(
            HISTORY_USER,
            Step(
                ANONYMISE,
                links=("owner_user",),
                replace={"owner": "Former action owner", "owner_user": None},
            ),
        ),
        title="Changes made to actions",
    ),
    PersonalData(
        "reviews.ProgressUpdate",
        links=("written_by",),
        export=("action", "written_on", "text", "rag", "author_name"),
        erase=(Step(ANONYMISE, replace={"author_name": ""}),),
        title="Progress updates written",
        why="Part of the council's action plan; points at the anonymised account.",
    ),
    # --- Notifications, reports, calendars ----------------------------------------
    PersonalData(
        "notifications.Notification",
        links=("recipient",),
        export=("kind", "title", "body", "link", "created_at", "read_at"),
        erase=(
            Step(DELETE),
            Step(DELETE, find=lambda person: _naming(person, "title", "body")),
        ),
        title="Notifications",
        why="Deleted, with notifications to others that name the person.",
    ),
    PersonalData(
        "notifications.Reminder",
        links=("recipient",),
        export=("kind", "title", "due_on", "sent_at"),
        erase=(Step(DELETE), Step(DELETE, find=_reminders_about)),
        title="Reminders",
        why="Deleted, with reminders to others about the person.",
    ),
    # --- Cohort matching ------------------------------------------------------------
    PersonalData(
        "cohorts.CohortRun",
        links=("made_by",),
        export=("council", "mentoring_type", "intake", "made_at"),
        title="Cohort matching runs made",
        why="The programme's record of a matching run; points at the anonymised account.",
    ),
    PersonalData(
        "cohorts.DraftMatch",
        links=("councillor", "mentor"),
        export=("run", "status", "score", "reasons", "warnings", "placement"),
        # Drafts are working papers: a published one's placement is kept on its own.
        erase=(Step(DELETE),),
        title="Cohort matching drafts",
    ),
    PersonalData(
        "reports.MonthlyReport",
        links=("requested_by",),
        export=("council", "month", "status", "created_at"),
        title="Monthly reports asked for",
        why="Figures only; points at the anonymised account.",
    ),
    PersonalData(
        "reports.ReportNarrative",
        links=("updated_by",),
        export=("council", "month", "text", "updated_at"),
        title="Monthly report narratives written",
        why="Part of the council's monthly report; points at the anonymised account.",
    ),
    PersonalData(
        "reports.StatementEmail",
        links=("mentor",),
        export=("month", "kind", "sent_at"),
        erase=(Step(DELETE),),
        title="Monthly statement emails sent",
        why="Deleted: they only record that a link was emailed.",
    ),
    PersonalData(
        "calendars.CalendarFeed",
        links=("user",),
        export=("created_at", "revoked_at"),
        erase=(Step(DELETE),),
        title="Calendar feed",
        why="Deleted. The hash of its secret address is never exported.",
    ),
    PersonalData(
        "privacy.ErasureRecord",
        links=("requested_by",),
        export=("subject_type", "subject_id", "erased_at", "trigger"),
        title="Erasures carried out",
        why="Ids only; points at the anonymised account.",
    ),
]

# Models that hold no personal data, each with the reason. The registry test
# fails for a model that looks personal and is in neither list.
NO_PERSONAL_DATA = {
    "auth.Group": "names of permission groups",
    "auth.Permission": "names of permissions",
    "contenttypes.ContentType": "names of models",
    "councils.Party": "party names; who belongs to a party is on Councillor and Mentor",
    "councils.Council": "councils are public bodies",
    "councils.GovernanceChange": "a council's governance history; its note is about the council",
    "councils.Role": "kinds of role, e.g. Leader",
    "councils.Election": "dates of a council's elections",
    "mentoring.MentoringType": "kinds of mentoring and their rules",
    "funding.Funder": "bodies that pay for mentoring",
    "funding.Budget": "a funder's allocation for a council or the programme in a year",
    "mentoring.Theme": "session themes, e.g. Scrutiny",
    "mentoring.AgreementReview": "review dates of a learning agreement",
    "reviews.ReviewVisit": "a review visit's published findings about the council",
    "reviews.Recommendation": "a review visit's recommendations to the council",
}

BY_MODEL = {entry.model: entry for entry in REGISTRY}
assert len(BY_MODEL) == len(REGISTRY), "a model is declared twice in the registry"
assert set(PERSON_MODELS) <= set(BY_MODEL)
