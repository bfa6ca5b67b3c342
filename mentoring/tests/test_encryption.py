"""Session notes, actions agreed and reflections are encrypted at rest.

What a mentor and a mentee write through the pages reaches no database column, no
backup and no log in clear text; the pair still read it on their pages, also after
the keys are rotated.
"""

import datetime
import io
import logging
import shutil
import subprocess
import tarfile
import uuid
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import crypto
from core.rotation import confidential_keys_rotate
from mentoring.models import Reflection, Session, SessionNote
from mentoring.tests.factories import SessionFactory
from mentoring.tests.pairs import signed_in_pair
from operations.backups import backup_create


def marker(what: str) -> str:
    return f"{what}-{uuid.uuid4().hex}"


@pytest.fixture
def pair(db):
    """A placement whose mentor and mentee both sign in; their clients."""
    placement, mentor, mentee = signed_in_pair()
    return SimpleNamespace(placement=placement, mentor=mentor, mentee=mentee)


def raw_values_holding(text: str) -> list[str]:
    """Every table.column of the database (introspected, raw SQL) with a value holding
    ``text``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Table names come from the database itself, never from input.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            names = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if isinstance(value, memoryview):
                        value = bytes(value)
                    hit = text.encode() in value if isinstance(value, bytes) else text in str(value)
                    if hit:
                        found.append(f"{table}.{name}")
    return found


def backup_bytes(to_dir) -> bytes:
    """Everything a backup archive holds, uncompressed; a PostgreSQL dump (compressed in
    its custom format) as the SQL pg_restore would run."""
    archive = backup_create(to_dir=to_dir)
    contents = []
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            data = tar.extractfile(member).read()
            if member.name.endswith(".pgdump"):
                if shutil.which("pg_restore") is None:
                    pytest.skip("pg_restore is not installed")
                dump = to_dir / member.name
                dump.write_bytes(data)
                data = subprocess.run(
                    ["pg_restore", "--file=-", str(dump)], capture_output=True, check=True
                ).stdout
            contents.append(data)
    return b"\n".join(contents)


def session_page(client, session) -> str:
    response = client.get(reverse("session_detail", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def reflections_page(client) -> str:
    response = client.get(reverse("reflection_list"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db(transaction=True)  # the backup reads committed rows
def test_a_marker_written_through_the_pages_is_in_no_column_backup_or_log_and_survives_rotation(
    pair, caplog, tmp_path
):
    note, action, thought = marker("note"), marker("action"), marker("reflection")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")  # Django's own loggers stop at INFO
    with CaptureQueriesContext(connection) as queries:  # SQL and its values logged too
        logged = pair.mentor.post(
            reverse("session_create", args=[pair.placement.pk]),
            {"held_on": timezone.localdate().isoformat(), "duration_minutes": "60",
             "mode": "video", "notes": note, "actions_agreed": action},
        )  # fmt: skip
        assert logged.status_code == 302
        mentee = pair.placement.mentees.get()
        reflected = pair.mentee.post(
            reverse("reflection_create"), {"mentee": mentee.pk, "text": thought}
        )
        assert reflected.status_code == 302
        session = Session.objects.get(placement=pair.placement)
        mentor_sees = session_page(pair.mentor, session)
        mentee_sees = session_page(pair.mentee, session)
        mentee_reflections = reflections_page(pair.mentee)
        mentor_reflections = reflections_page(pair.mentor)

    # The pair read what they wrote.
    assert note in mentor_sees and action in mentor_sees
    assert note in mentee_sees and action in mentee_sees
    assert thought in mentee_reflections and thought in mentor_reflections

    # The scan finds what is stored in clear (the mentee's name), so finding nothing
    # of the markers means something.
    assert raw_values_holding(mentee.councillor.full_name)
    for text in (note, action, thought):
        assert raw_values_holding(text) == [], text
        assert not [q["sql"] for q in queries.captured_queries if text in q["sql"]], text
        assert text not in caplog.text
    assert any(r.name == "django.db.backends" for r in caplog.records)  # SQL was logged

    archive = backup_bytes(tmp_path)
    assert mentee.councillor.full_name.encode() in archive
    for text in (note, action, thought):
        assert text.encode() not in archive, text

    # A new first key; rotated, the rows are read with the new key alone.
    new_key = Fernet.generate_key().decode()
    with override_settings(CONFIDENTIAL_KEYS=[new_key, *settings.CONFIDENTIAL_KEYS]):
        out = io.StringIO()
        call_command("rotate_confidential_keys", stdout=out)
    assert "mentoring.SessionNote: 1 rows, 1 re-encrypted" in out.getvalue()
    assert "mentoring.Reflection: 1 rows, 1 re-encrypted" in out.getvalue()
    with override_settings(CONFIDENTIAL_KEYS=[new_key]):
        page = session_page(pair.mentee, session)
        assert note in page and action in page
        assert thought in reflections_page(pair.mentor)
        for text in (note, action, thought):
            assert raw_values_holding(text) == [], text


def test_a_row_under_the_old_key_is_read_after_a_new_key_is_put_first_and_not_by_the_old_key_after_rotation(
    pair,
):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    session = SessionFactory(placement=pair.placement)
    with override_settings(CONFIDENTIAL_KEYS=[old_key]):
        SessionNote.objects.create(session=session, notes="Written under the old key")
    with override_settings(CONFIDENTIAL_KEYS=[new_key, old_key]):
        assert SessionNote.objects.get().notes == "Written under the old key"
        confidential_keys_rotate()
        assert SessionNote.objects.get().notes == "Written under the old key"
    with override_settings(CONFIDENTIAL_KEYS=[new_key]):
        assert SessionNote.objects.get().notes == "Written under the old key"
    with override_settings(CONFIDENTIAL_KEYS=[old_key]), pytest.raises(crypto.UnreadableCiphertext):
        SessionNote.objects.get()


def test_a_rotation_stopped_part_way_leaves_every_row_readable_and_a_second_run_finishes_it(
    pair,
):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(CONFIDENTIAL_KEYS=[old_key]):
        for number in range(5):
            session = SessionFactory(
                placement=pair.placement,
                held_on=pair.placement.started_on + datetime.timedelta(days=number),
            )
            SessionNote.objects.create(session=session, notes=f"Note {number}")

    def stop_after_two_batches(result):
        if result.rows >= 2:
            raise KeyboardInterrupt

    with override_settings(CONFIDENTIAL_KEYS=[new_key, old_key]):
        with pytest.raises(KeyboardInterrupt):
            confidential_keys_rotate(batch_size=1, progress=stop_after_two_batches)
        assert sorted(n.notes for n in SessionNote.objects.all()) == [f"Note {n}" for n in range(5)]
        out = io.StringIO()
        call_command("rotate_confidential_keys", "--batch-size", "2", stdout=out)
    assert "mentoring.SessionNote: 5 rows, 3 re-encrypted, 2 already under the first key" in (
        out.getvalue()
    )
    with override_settings(CONFIDENTIAL_KEYS=[new_key]):
        assert sorted(n.notes for n in SessionNote.objects.all()) == [f"Note {n}" for n in range(5)]


def test_bulk_create_and_update_encrypt_and_a_ciphertext_is_never_encrypted_twice(pair):
    sessions = [
        SessionFactory(
            placement=pair.placement,
            held_on=pair.placement.started_on + datetime.timedelta(days=n),
        )
        for n in range(2)
    ]
    SessionNote.objects.bulk_create(
        [SessionNote(session=s, notes="Bulk", actions_agreed="") for s in sessions]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes, actions_agreed FROM mentoring_sessionnote")
        stored = cursor.fetchall()
    assert all(crypto.looks_encrypted(notes) and actions == "" for notes, actions in stored)
    assert [n.notes for n in SessionNote.objects.all()] == ["Bulk", "Bulk"]

    SessionNote.objects.filter(session=sessions[0]).update(notes="Updated")
    assert raw_values_holding("Updated") == []
    assert SessionNote.objects.get(session=sessions[0]).notes == "Updated"

    # A ciphertext copied into the field is stored as it is: it reads as its text.
    copied = SessionNote.objects.get(session=sessions[1])
    copied.notes = stored[0][0]
    copied.save()
    copied.refresh_from_db()
    assert copied.notes == "Bulk"


def test_looking_for_confidential_text_in_the_database_is_refused_not_silently_empty(pair):
    with pytest.raises(FieldError):
        SessionNote.objects.filter(notes="anything").exists()
    with pytest.raises(FieldError):
        Reflection.objects.filter(text__icontains="anything").exists()
    assert not SessionNote.objects.filter(notes__isnull=True).exists()


def test_the_migration_encrypts_rows_written_in_clear_and_going_back_decrypts_them(pair):
    from importlib import import_module

    migration = import_module("mentoring.migrations.0010_encrypt_confidential")
    session = SessionFactory(placement=pair.placement)
    note = SessionNote.objects.create(session=session, notes="x", actions_agreed="y")
    # As the row stood before the migration: clear text.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE mentoring_sessionnote SET notes = %s, actions_agreed = %s WHERE id = %s",
            ["Said before encryption", "", note.pk],
        )
    editor = SimpleNamespace(connection=connection)

    def stored():
        with connection.cursor() as cursor:
            cursor.execute("SELECT notes, actions_agreed FROM mentoring_sessionnote")
            return cursor.fetchone()

    migration.encrypt_rows(apps, editor)
    encrypted = stored()
    assert crypto.looks_encrypted(encrypted[0]) and encrypted[1] == ""
    assert SessionNote.objects.get().notes == "Said before encryption"
    migration.encrypt_rows(apps, editor)  # run again after a failure: nothing changes
    assert stored() == encrypted
    migration.decrypt_rows(apps, editor)
    assert stored() == ("Said before encryption", "")


def test_the_scale_data_is_stored_encrypted(db):
    from demo.scale import scale_load

    scale_load(factor=1)
    notes = list(SessionNote.objects.all())
    reflections = list(Reflection.objects.all())
    assert notes and reflections and all(n.notes for n in notes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM mentoring_sessionnote")
        assert all(crypto.looks_encrypted(value) for (value,) in cursor.fetchall())
        cursor.execute("SELECT text FROM mentoring_reflection")
        assert all(crypto.looks_encrypted(value) for (value,) in cursor.fetchall())


def test_dumpdata_writes_ciphertext_that_loaddata_reads_back(pair, tmp_path):
    note = marker("note")
    session = SessionFactory(placement=pair.placement)
    SessionNote.objects.create(session=session, notes=note)
    fixture = tmp_path / "notes.json"
    call_command("dumpdata", "mentoring.SessionNote", output=str(fixture))
    assert note not in fixture.read_text()
    SessionNote.objects.all().delete()
    call_command("loaddata", str(fixture), stdout=io.StringIO())
    assert SessionNote.objects.get().notes == note
    assert raw_values_holding(note) == []


def test_a_ciphertext_pasted_as_a_reflection_is_refused_not_shown_decrypted(pair):
    mentee = pair.placement.mentees.get()
    Reflection.objects.create(mentee=mentee, text="Mine alone")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM mentoring_reflection")
        (stored,) = cursor.fetchone()
    response = pair.mentee.post(reverse("reflection_create"), {"mentee": mentee.pk, "text": stored})
    assert response.status_code == 200
    assert "This is encrypted text. Write the words themselves." in response.content.decode()
    assert Reflection.objects.count() == 1
