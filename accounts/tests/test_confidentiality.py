"""The confidentiality sweep: a marker written into a session's notes, its
actions and a private reflection appears only for that placement's mentor and
mentee, on every page, in every email and in no log line."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ConfidentialAccess
from accounts.tests.personas import PERSONAS
from accounts.tests.test_access_matrix import EXPECTED, EXTRA, objects, url_names  # noqa: F401
from mentoring.models import Reflection, SessionNote

pytestmark = pytest.mark.django_db

NOTE = "MARKER-NOTE-7f3a9c"
ACTION = "MARKER-ACTION-2b8e41"
REFLECTION = "MARKER-REFLECTION-c0d5e6"
MARKERS = [NOTE, ACTION, REFLECTION]
THE_PAIR = {"mentor_a", "councillor_a"}


@pytest.fixture
def marked(objects):  # noqa: F811
    session = objects["session_a"]
    SessionNote.objects.update_or_create(
        session=session, defaults={"notes": NOTE, "actions_agreed": ACTION}
    )
    Reflection.objects.create(mentee=objects["placement_a"].mentees.get(), text=REFLECTION)
    return objects


def text_of(response) -> str:
    """The body of a page, a CSV download or a PDF, as text to search."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"%PDF"):
        import io

        from pypdf import PdfReader

        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="replace")


def every_page(objs):
    for name in url_names():
        if name.startswith("admin:"):
            continue
        build, _ = EXPECTED[name]
        yield reverse(name, kwargs=build(objs) if build else None)
    for name, build, _ in EXTRA:
        yield reverse(name, kwargs=build(objs))


def test_markers_appear_only_for_the_pair_and_never_in_emails_or_logs(client_as, marked, caplog):
    caplog.set_level(logging.DEBUG)
    seen = {}
    for persona in PERSONAS:
        client = client_as(persona)
        found = set()
        for url in every_page(marked):
            body = text_of(client.get(url, follow=True))
            found |= {m for m in MARKERS if m in body}
        seen[persona] = found
    for persona in PERSONAS:
        if persona in THE_PAIR:
            assert seen[persona] == set(MARKERS), persona
        else:
            assert seen[persona] == set(), f"{persona} saw {seen[persona]}"
    for message in mail.outbox:
        text = message.body + "".join(str(a[0]) for a in getattr(message, "alternatives", []))
        assert not any(m in text for m in MARKERS)
    assert not any(m in caplog.text for m in MARKERS)


def test_the_site_administrator_never_sees_the_markers_in_the_admin(client, marked, persona_users):
    from accounts.models import User

    client.force_login(User.objects.get(email="admin@demo.example.org"))
    session = marked["session_a"]
    for url in [
        reverse("admin:mentoring_session_changelist"),
        reverse("admin:mentoring_session_change", args=[session.pk]),
        reverse("admin:mentoring_session_history", args=[session.pk]),
        reverse("admin:mentoring_placement_change", args=[session.placement_id]),
    ]:
        body = client.get(url).content.decode()
        assert not any(m in body for m in MARKERS), url


def test_each_reading_of_a_note_is_logged_and_the_pair_can_see_the_log(client_as, marked):
    session = marked["session_a"]
    mentor = client_as("mentor_a")
    mentor.get(reverse("session_detail", args=[session.pk]))
    entry = ConfidentialAccess.objects.get(kind="session-note", object_id=session.note.pk)
    assert entry.user.email == "mentor.a@demo.example.org"
    log = client_as("councillor_a").get(reverse("confidential_access_log")).content.decode()
    assert "mentor.a@demo.example.org" in log
    other = client_as("councillor_b").get(reverse("confidential_access_log")).content.decode()
    assert "mentor.a@demo.example.org" not in other


def test_the_manager_sees_that_a_session_happened_but_not_what_was_said(client_as, marked):
    session = marked["session_a"]
    body = client_as("manager").get(reverse("session_detail", args=[session.pk])).content.decode()
    assert session.get_mode_display() in body
    assert f"{session.duration_minutes} minutes" in body
    assert NOTE not in body and ACTION not in body
    assert "confidential to the mentor and the mentee" in body
    assert not ConfidentialAccess.objects.exists()


def test_the_access_log_is_append_only(marked, persona_users):
    entry = ConfidentialAccess.objects.create(
        user=persona_users["mentor_a"], kind="session-note", object_id=1
    )
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    with pytest.raises(ValueError):
        ConfidentialAccess.objects.all().delete()
    with pytest.raises(ValueError):
        ConfidentialAccess.objects.update(object_id=2)
