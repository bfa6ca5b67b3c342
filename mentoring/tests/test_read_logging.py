"""Every read of a session note or a reflection is in the confidential access log.

Behaviourally: a marker is written in a note's "what was discussed", another in its
actions agreed and another in a reflection, for a one-to-one pair and for a group
session only one of two mentees took part in. Each member of those pairs then opens
every URL of the project (the access matrix's, with its arguments built from the
pair's own rows) and downloads their own data in each format. Wherever a marker turns
up in what came back (a page, a file, the text of a PDF), that request must have
logged that reader reading that note or reflection.

Statically: each template that names one of those fields is in RENDERED_BY, with the
page that renders it; the sweep must have found a marker on that page. A new template
showing them fails here until its page is swept (and logs).
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import ConfidentialAccess
from accounts.tests.factories import UserFactory
from accounts.tests.test_access_matrix import (  # noqa: F401 (objects is a fixture)
    EXPECTED,
    EXTRA,
    objects,
    table_key,
    url_names,
)
from calendars.services import calendar_feed_renew
from councils.tests.factories import CouncillorFactory
from mentoring.models import PairAccess, PairSide, Reflection, SessionNote
from mentoring.tests.factories import (
    LearningAgreementFactory,
    MentorFactory,
    PlacementFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

NOTE = ConfidentialAccess.Kind.SESSION_NOTE
REFLECTION = ConfidentialAccess.Kind.REFLECTION

# Templates that name a confidential field, and the URL (name) whose page renders
# each: the sweep below must find a marker there.
RENDERED_BY = {
    "home.html": "home",
    "mentoring/session_detail.html": "session_detail",
    "mentoring/session_form.html": "session_edit",
    "mentoring/reflection_list.html": "reflection_list",
}
# SessionNote.notes and .actions_agreed, and Reflection.text (a reflection's text,
# not a recommendation's or a progress update's).
CONFIDENTIAL_FIELD = re.compile(r"\.notes\b|\bactions_agreed\b|\breflections?\w*\.text\b")

# Files as well as pages: the person's own data in each format (the sweep's table
# names the export once, as JSON).
DOWNLOADS = [
    ("privacy_my_data_export", {"fmt": "json"}),
    ("privacy_my_data_export", {"fmt": "csv"}),
    ("privacy_my_data_export", {"fmt": "pdf"}),
]


def _marked_note(session, tag: str) -> tuple[SessionNote, dict]:
    note = SessionNote.objects.create(
        session=session,
        notes=f"We talked about Sentinelnotes{tag} at length.",
        actions_agreed=f"Sentinelactions{tag} before the next meeting.",
    )
    return note, {f"Sentinelnotes{tag}": (NOTE, note.pk), f"Sentinelactions{tag}": (NOTE, note.pk)}


def _marked_reflection(member, tag: str) -> tuple[Reflection, dict]:
    reflection = Reflection.objects.create(
        mentee=member, text=f"I thought about Sentinelreflection{tag} afterwards."
    )
    return reflection, {f"Sentinelreflection{tag}": (REFLECTION, reflection.pk)}


@pytest.fixture
def pairs():
    """A one-to-one pair and a councillor role group, every member signed in, each with
    a marked note and reflection. The accounts exist before anything is written, as for
    people who have been in their placement from its start."""
    one_mentor = MentorFactory(user=UserFactory())
    one_mentee = CouncillorFactory(user=UserFactory())
    one = PlacementFactory(council=one_mentee.council, mentors=[one_mentor], mentees=[one_mentee])
    group_mentor = MentorFactory(user=UserFactory())
    attendee = CouncillorFactory(user=UserFactory())
    absentee = CouncillorFactory(council=attendee.council, user=UserFactory())
    group = PlacementFactory(
        kind="councillor-role",
        council=attendee.council,
        mentors=[group_mentor],
        mentees=[attendee, absentee],
    )
    one_member = one.mentees.get()
    attendee_member = group.mentees.get(councillor=attendee)

    one_session = SessionFactory(placement=one)
    _, one_markers = _marked_note(one_session, "one")
    _, reflection = _marked_reflection(one_member, "one")
    one_markers |= reflection
    group_session = SessionFactory(placement=group)
    group_session.attendees.set([attendee_member])
    _, group_markers = _marked_note(group_session, "group")
    _, reflection = _marked_reflection(attendee_member, "group")
    group_markers |= reflection
    for placement in (one, group):
        LearningAgreementFactory(placement=placement, agreed=True)

    def rows(placement, session, member, other):
        return {
            "placement_a": placement,
            "placement_b": other,
            "session_a": session,
            "agreement_a": placement.agreements.get(),
            "mentor_a": placement.mentors.get(),
            "confidence_mentee_a": member,
        }

    absentee_member = group.mentees.get(councillor=absentee)
    # reader: (their account, the rows their URLs are built from, the markers they may read)
    return {
        "mentor": (one_mentor.user, rows(one, one_session, one_member, group), one_markers),
        "mentee": (one_mentee.user, rows(one, one_session, one_member, group), one_markers),
        "group mentor": (
            group_mentor.user,
            rows(group, group_session, attendee_member, one),
            group_markers,
        ),
        "group mentee who took part": (
            attendee.user,
            rows(group, group_session, attendee_member, one),
            group_markers,
        ),
        # Not in the session: nothing of it reaches them, so nothing to log.
        "group mentee who did not take part": (
            absentee.user,
            rows(group, group_session, absentee_member, one),
            {},
        ),
    }


def _urls(rows) -> list[tuple[str, str]]:
    """(URL name, URL) of every URL of the project, the matrix's extra rows and the
    downloads, built from ``rows``."""
    names = [n for n in url_names() if not n.startswith("admin:")]
    names += ["admin:index", "admin:login", "admin:mentoring_placement_changelist"]
    found = []
    for name in names:
        build, _ = EXPECTED[table_key(name)]
        found.append((name, reverse(name, kwargs=build(rows) if build else None)))
    for name, build, _ in EXTRA:
        found.append((name, reverse(name, kwargs=build(rows))))
    for name, kwargs in DOWNLOADS:
        found.append((name, reverse(name, kwargs=kwargs)))
    return found


def _text(response) -> str:
    """What the reader was given, as text: a page, a file, or the words of a PDF."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", errors="replace")


def test_every_page_and_file_that_shows_a_note_or_reflection_logs_the_reader(objects, pairs):  # noqa: F811
    failures = []
    shown_on, shown_at = set(), set()
    every_marker = {marker for _, _, markers in pairs.values() for marker in markers}
    for reader, (user, own_rows, markers) in pairs.items():
        rows = {**objects, **own_rows, "calendar_token_a": calendar_feed_renew(user=user)}
        client = Client()
        client.force_login(user)
        for name, url in _urls(rows):
            last = ConfidentialAccess.objects.order_by("-pk").values_list("pk", flat=True).first()
            text = _text(client.get(url))
            logged = set(
                ConfidentialAccess.objects.filter(pk__gt=last or 0, user=user).values_list(
                    "kind", "object_id"
                )
            )
            for marker in sorted(m for m in every_marker if m in text):
                if marker not in markers:
                    failures.append(f"{reader}: GET {url} ({name}) shows {marker}, not theirs")
                    continue
                shown_on.add(name)
                shown_at.add(url)
                if markers[marker] not in logged:
                    kind, pk = markers[marker]
                    failures.append(
                        f"{reader}: GET {url} ({name}) shows {marker} ({kind} #{pk}) "
                        "without logging the read"
                    )
    assert not failures, "\n".join(failures)
    # The sweep saw the content where it is meant to be shown: it is not vacuous.
    expected = {*RENDERED_BY.values(), "privacy_my_data_export"}
    assert expected <= shown_on, f"no marker found on {sorted(expected - shown_on)}"
    assert reverse("privacy_my_data_export", args=["pdf"]) in shown_at, "none in the PDF"


def test_every_template_naming_a_confidential_field_is_rendered_by_a_swept_page():
    root = Path(settings.BASE_DIR) / "templates"
    naming = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and CONFIDENTIAL_FIELD.search(path.read_text(errors="replace"))
    }
    unknown = sorted(naming - set(RENDERED_BY))
    assert not unknown, (
        f"{unknown} name a session note's or reflection's field: make their view log the "
        "read (accounts.services.confidential_access_record) and add them to RENDERED_BY "
        "with the URL the read-logging sweep finds them on"
    )
    assert set(RENDERED_BY) <= naming, "RENDERED_BY lists a template that no longer names them"


@pytest.fixture
def logged_session():
    """A session the mentor logged today, with a note; both of the pair sign in."""
    mentor = MentorFactory(user=UserFactory())
    mentee = CouncillorFactory(user=UserFactory())
    placement = PlacementFactory(council=mentee.council, mentors=[mentor], mentees=[mentee])
    session = SessionFactory(placement=placement)
    note, _ = _marked_note(session, "edit")
    return placement, session, note, mentor.user


def test_opening_a_session_to_change_it_logs_that_the_mentor_read_its_note(client, logged_session):
    _, session, note, mentor = logged_session
    client.force_login(mentor)
    page = client.get(reverse("session_edit", args=[session.pk])).content.decode()
    assert "Sentinelnotesedit" in page and "Sentinelactionsedit" in page
    assert list(
        ConfidentialAccess.objects.filter(user=mentor).values_list("kind", "object_id")
    ) == [(NOTE, note.pk)]


def test_an_account_that_joined_after_the_note_was_written_cannot_open_it_to_change_it(
    client, logged_session
):
    """The mentor's record was linked to this account after the session was logged and
    the mentee has not confirmed it: the edit page would show the note, and saving it
    would write over it, so it is refused."""
    placement, session, note, mentor = logged_session
    PairAccess.objects.create(
        placement=placement,
        user=mentor,
        side=PairSide.MENTOR,
        record_name=placement.mentors.get().full_name,
        account_email=mentor.email,
        how="invitation",
        joined_at=timezone.now(),
    )
    client.force_login(mentor)
    url = reverse("session_edit", args=[session.pk])
    page = client.get(url, follow=True)
    assert page.redirect_chain == [(reverse("session_detail", args=[session.pk]), 302)]
    text = page.content.decode()
    assert "its confidential notes are not open to your account" in text
    assert "Sentinelnotesedit" not in text
    client.post(url, {"held_on": session.held_on.isoformat(), "duration_minutes": "60",
                      "mode": session.mode, "notes": "", "actions_agreed": ""})  # fmt: skip
    note.refresh_from_db()
    assert "Sentinelnotesedit" in note.notes
    assert not ConfidentialAccess.objects.filter(user=mentor).exists()
