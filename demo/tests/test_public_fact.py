"""The demo and seed_scale against DOMAIN.md's "Public fact" and the programme's rules:
no abolished or renamed body shown as current, Rotherham's intervention ended when it
really did, a present-day intervention only in a council marked as fictional, and data
a programme manager would recognise (group sizes, session lengths, dates, RAG)."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from accounts.access import roles_of
from accounts.models import User
from councils.models import (
    CommissionerAppointment,
    Council,
    Councillor,
    Election,
    ElectionKind,
    GovernanceStatus,
    RoleAppointment,
)
from demo.scale import scale_load
from mentoring.models import (
    ConfidenceCheck,
    DayClaim,
    Placement,
    PlacementStatus,
    Reflection,
    Session,
    SessionMode,
)
from reports.models import ReportNarrative
from reports.selectors import previous_month
from reviews.models import RAG, Action, PeerTeamMember, ProgressUpdate, ReviewVisit

pytestmark = pytest.mark.django_db

# Abolished on 1 April 2023, when Cumberland, Westmorland and Furness, North Yorkshire
# and Somerset councils took over.
ABOLISHED_2023 = [
    "Allerdale", "Barrow-in-Furness", "Carlisle", "Copeland", "Cumbria", "Eden",
    "South Lakeland", "Craven", "Hambleton", "Harrogate", "Richmondshire", "Ryedale",
    "Scarborough", "Selby", "Mendip", "Sedgemoor", "South Somerset",
    "Somerset West and Taunton", "Somerset County",
]  # fmt: skip
ABOLISHED = re.compile(
    rf"^({'|'.join(map(re.escape, ABOLISHED_2023))}) (Borough |District |City |County )?Council"
)
# Old names of bodies that exist under new ones.
OLD_NAMES = [
    "Sheffield City Region",  # South Yorkshire Mayoral Combined Authority
    "Centre for Public Scrutiny",  # Centre for Governance and Scrutiny
    "CfPS",
    "Department for Levelling Up",  # Ministry of Housing, Communities and Local Government
    "Department for Communities and Local Government",
]
# A session of each mode lasts, in minutes, at least and at most.
MINUTES = {
    SessionMode.FACE_TO_FACE: (45, 120),
    SessionMode.TELEPHONE: (15, 60),
    SessionMode.VIDEO: (30, 90),
    SessionMode.E_MENTORING: (5, 60),
    SessionMode.OBSERVATION: (60, 240),
    SessionMode.AWAY_DAY: (300, 480),
}
# Words an update uses that only one RAG status allows.
ON_TRACK, OFF_TRACK = re.compile(r"\bon track\b", re.I), re.compile(r"\boff track\b", re.I)


def first_thursday_in_may(year):
    day = datetime.date(year, 5, 1)
    return day + datetime.timedelta(days=(3 - day.weekday()) % 7)


# The apps whose rows pages show (not Django's sessions, nor allauth's secrets).
OUR_APPS = {"accounts", "councils", "funding", "mentoring", "reviews", "notifications", "reports"}


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())


def every_text(model):
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name != "password"
    ]
    for row in model.objects.values_list(*fields) if fields else ():
        yield from (value for value in row if isinstance(value, str))


def assert_rag_words_agree(update_text, rag):
    if ON_TRACK.search(update_text):
        assert rag == RAG.GREEN, (update_text, rag)
    if OFF_TRACK.search(update_text):
        assert rag == RAG.RED, (update_text, rag)


# The demo ------------------------------------------------------------------------


def test_no_abolished_council_is_current_and_no_old_name_is_shown(demo):
    current = list(Council.objects.current().values_list("name", flat=True))
    assert current
    assert not [name for name in current if ABOLISHED.match(name)]
    assert "Somerset Council" in current
    assert "South Yorkshire Mayoral Combined Authority" in current
    shown = [
        (model._meta.label, text)
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for text in every_text(model)
        if any(old in text for old in OLD_NAMES)
    ]
    assert not shown


def test_rotherham_intervention_ended_in_2018_and_its_commissioners_left(demo):
    rotherham = Council.objects.get(slug="rotherham")
    today = timezone.localdate()
    assert rotherham.governance_status_on(today).status == GovernanceStatus.NORMAL
    assert rotherham.governance_status_on(datetime.date(2018, 9, 1)).status != (
        GovernanceStatus.NORMAL
    )
    # The demo commissioner who served there oversees no Rotherham page today.
    commissioner = User.objects.get(email="commissioner@demo.example.org")
    assert rotherham.pk not in roles_of(commissioner).commissioner_council_ids
    assert roles_of(commissioner).commissioner_council_ids
    appointments = CommissionerAppointment.objects.filter(council=rotherham)
    assert appointments.exists()
    assert not appointments.filter(ended_on__isnull=True).exists()
    assert not appointments.filter(ended_on__gt=datetime.date(2019, 12, 31)).exists()


def test_a_present_day_intervention_is_in_a_council_marked_fictional(demo):
    today = timezone.localdate()
    in_intervention = [
        c
        for c in Council.objects.current()
        if (change := c.governance_status_on(today)) and change.status != GovernanceStatus.NORMAL
    ]
    assert in_intervention  # the demo shows one, for its commissioner
    for council in in_intervention:
        assert "fictional" in council.name.lower(), council
    with_commissioners = {
        a.council
        for a in CommissionerAppointment.objects.select_related("council")
        if a.started_on <= today and (a.ended_on is None or a.ended_on >= today)
        and a.commissioner.email.endswith("@demo.example.org")
    }  # fmt: skip
    assert with_commissioners and all("fictional" in c.name.lower() for c in with_commissioners)


def test_role_mentoring_groups_are_eight_to_ten_councillors(demo):
    groups = Placement.objects.filter(mentoring_type__slug="councillor-role").exclude(
        status=PlacementStatus.WITHDRAWN
    )
    assert groups.count() >= 2
    for group in groups:
        assert 8 <= group.mentees.count() <= 10, group


def test_sessions_have_modes_and_lengths_as_they_happen(demo):
    sessions = list(Session.objects.select_related("placement"))
    for session in sessions:
        shortest, longest = MINUTES[session.mode]
        assert shortest <= session.duration_minutes <= longest, (session, session.duration_minutes)
        if session.is_follow_up:
            assert session.mode in (SessionMode.TELEPHONE, SessionMode.E_MENTORING), session
    modes = Counter(s.mode for s in sessions)
    assert set(modes) == set(SessionMode.values)
    # An away day is an occasion, not a routine meeting.
    assert modes[SessionMode.AWAY_DAY] <= 3
    assert modes[SessionMode.FACE_TO_FACE] > modes[SessionMode.AWAY_DAY]


def test_nothing_is_dated_after_today(demo):
    today = timezone.localdate()
    assert not Session.objects.filter(held_on__gt=today).exists()
    assert not ProgressUpdate.objects.filter(written_on__gt=today).exists()
    assert not DayClaim.objects.filter(worked_on__gt=today).exists()
    assert not Reflection.objects.filter(written_on__gt=today).exists()
    assert not ConfidenceCheck.objects.filter(taken_on__gt=today).exists()
    assert not Action.objects.filter(completed_on__gt=today).exists()
    assert not Councillor.objects.filter(first_elected_on__gt=today).exists()


def test_action_updates_agree_with_their_rag(demo):
    actions = Action.objects.prefetch_related("updates")
    assert actions.exists()
    for action in actions:
        latest = action.updates.order_by("-written_on", "-pk").first()
        assert latest, action
        assert latest.rag == action.rag, action
        assert_rag_words_agree(latest.text, latest.rag)
        if action.completed_on:
            assert action.rag == RAG.GREEN
            assert latest.text.startswith("Complete")
        else:
            assert not latest.text.startswith("Complete"), action
    assert {a.rag for a in actions} == set(RAG.values)


def test_the_latest_month_has_a_narrative_for_each_council_with_placements(demo):
    month = previous_month(timezone.localdate())
    running = Council.objects.filter(
        placements__status__in=[PlacementStatus.ACTIVE, PlacementStatus.PAUSED]
    ).distinct()
    assert running.exists()
    for council in running:
        narrative = ReportNarrative.objects.filter(council=council, month=month).first()
        assert narrative and narrative.text.strip(), council


def test_elections_are_on_thursdays_and_the_opposition_is_not_the_ruling_party(demo):
    for election in Election.objects.all():
        if election.kind == ElectionKind.BY_ELECTION:
            assert election.held_on.weekday() == 3, election
        else:
            assert election.held_on == first_thursday_in_may(election.held_on.year), election
    for day in Councillor.objects.exclude(first_elected_on=None).values_list(
        "first_elected_on", flat=True
    ):
        assert day.weekday() == 3, day
    opposition = RoleAppointment.objects.filter(
        role__slug="leader-of-the-opposition", ended_on=None
    ).select_related("councillor__council")
    assert opposition.exists()
    for appointment in opposition:
        person = appointment.councillor
        assert person.party_id != person.council.political_control_id, person


# seed_scale ----------------------------------------------------------------------


@pytest.fixture
def scale():
    today = datetime.date(2026, 12, 7)
    scale_load(factor=1, today=today)
    return today


def holder(council, role):
    return (
        RoleAppointment.objects.filter(councillor__council=council, role__slug=role, ended_on=None)
        .select_related("councillor")
        .first()
        .councillor
    )


def test_seed_scale_parties_follow_control_and_roles(scale):
    for council in Council.objects.all():
        leader = holder(council, "leader")
        ruling = council.political_control_id or leader.party_id
        assert leader.party_id == ruling, council
        assert holder(council, "deputy-leader").party_id == ruling, council
        cabinet = RoleAppointment.objects.filter(
            councillor__council=council, role__slug="cabinet-member"
        ).values_list("councillor__party", flat=True)
        assert set(cabinet) == {ruling}, council
        assert holder(council, "leader-of-the-opposition").party_id != ruling, council
        serving = Counter(
            Councillor.objects.filter(council=council, left_office_on=None).values_list(
                "party", flat=True
            )
        )
        if council.political_control_id:
            assert serving[ruling] * 2 > sum(serving.values()), council


def test_seed_scale_elections_fall_on_polling_days(scale):
    elections = Election.objects.all()
    kinds = Counter(elections.values_list("kind", flat=True))
    assert kinds[ElectionKind.ALL_OUT] and kinds[ElectionKind.BY_ELECTION]
    for election in elections:
        if election.kind == ElectionKind.ALL_OUT:
            assert election.held_on == first_thursday_in_may(election.held_on.year), election
        else:
            assert election.held_on.weekday() == 3, election
    held = set(elections.values_list("council", "held_on"))
    for council, elected in Councillor.objects.values_list("council", "first_elected_on"):
        assert (council, elected) in held


def test_seed_scale_peers_costs_groups_and_sessions(scale):
    for member in PeerTeamMember.objects.select_related("visit__council"):
        assert member.organisation != member.visit.council.name, member
    assert PeerTeamMember.objects.exists()
    assert Placement.objects.filter(funding="nil-cost").exists()
    assert not Placement.objects.filter(funding="nil-cost", cost__isnull=False).exists()
    groups = Placement.objects.filter(mentoring_type__is_group=True)
    assert groups.exists()
    for group in groups:
        assert 8 <= group.mentees.count() <= 10, group
    for mode, (shortest, longest) in MINUTES.items():
        assert not (
            Session.objects.filter(mode=mode)
            .filter(
                models.Q(duration_minutes__lt=shortest) | models.Q(duration_minutes__gt=longest)
            )
            .exists()
        ), mode
    updates = ProgressUpdate.objects.all()
    assert not updates.filter(written_on__gt=scale).exists()
    for text, rag in updates.values_list("text", "rag").distinct():
        assert_rag_words_agree(text, rag)
    assert ReviewVisit.objects.exists()
