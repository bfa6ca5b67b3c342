"""No takeover of a pair's confidential notes on one person's say-so.

A programme manager can invite any address to a mentor's or councillor's record; a
site administrator can reach every record. Neither may thereby read what the pair
wrote before: that waits until the other side of the pair confirms the account.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConfidentialAccess, User
from accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from councils.tests.factories import CouncillorFactory
from mentoring.models import Mentor, PairAccess, Placement, Session
from mentoring.tests.factories import (
    MentorFactory,
    PlacementFactory,
    ReflectionFactory,
    SessionFactory,
    SessionNoteFactory,
)
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"
NOTE = "MARKER-EARLIER-NOTE-7f3a"
REFLECTION = "MARKER-EARLIER-REFLECTION-9b1c"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pair(django_capture_on_commit_callbacks):
    """A placement whose mentee has an account and whose mentor has none yet, with a
    session note and a reflection written before any mentor account existed."""
    mentee_user = UserFactory(email="jane.mentee@council.example.org")
    councillor = CouncillorFactory(user=mentee_user, full_name="Jane Mentee")
    mentor = MentorFactory(full_name="Derek Whyte", user=None)
    today = timezone.localdate()
    placement = PlacementFactory(
        council=councillor.council,
        mentors=[mentor],
        mentees=[councillor],
        started_on=today - datetime.timedelta(days=60),
        planned_end_on=today + datetime.timedelta(days=200),
        mentor_days_agreed=Decimal("2.0"),
    )
    session = SessionFactory(
        placement=placement, held_on=today - datetime.timedelta(days=20), logged_by=mentor
    )
    note = SessionNoteFactory(session=session, notes=NOTE, actions_agreed="")
    reflection = ReflectionFactory(mentee=placement.mentees.get(), text=REFLECTION)
    return placement, mentor, mentee_user, session, note, reflection


def invite_and_accept(manager_client, mentor, email, capture) -> User:
    """The manager invites an address of their choosing to the mentor's record and
    opens the link themselves."""
    with capture(execute=True):
        response = manager_client.post(
            reverse("invitation_create"),
            {"role": "mentor", "full_name": mentor.full_name, "email": email, "mentor": mentor.pk},
        )
    assert response.status_code == 302
    invitation = next(m for m in mail.outbox if "/accounts/invitation/" in m.body)
    link = re.search(r"https?://\S+(/accounts/invitation/\S+/)", invitation.body).group(1)
    visitor = Client()
    visitor.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    return User.objects.get(email=email)


def test_an_account_invited_to_a_mentor_record_cannot_read_what_the_pair_wrote_before(
    pair, django_capture_on_commit_callbacks
):
    placement, mentor, mentee_user, session, note, reflection = pair
    manager = signed_in(ProgrammeManagerFactory(email="pat.manager@lga.example.org"))
    taker = invite_and_accept(
        manager, mentor, "not.derek@elsewhere.example.org", django_capture_on_commit_callbacks
    )
    taker_client = signed_in(taker)

    session_page = taker_client.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert NOTE not in session_page
    assert NOTE not in taker_client.get(reverse("home")).content.decode()
    assert REFLECTION not in taker_client.get(reverse("reflection_list")).content.decode()
    assert not ConfidentialAccess.objects.filter(user=taker).exists()
    # The new account is told why.
    waiting = taker_client.get(reverse("pair_access_list")).content.decode()
    assert "once your mentee confirms your account" in waiting


def test_both_sides_are_told_by_email_and_in_the_app_with_the_account_and_who_linked_it(
    pair, django_capture_on_commit_callbacks
):
    placement, mentor, mentee_user, *_ = pair
    manager = signed_in(ProgrammeManagerFactory(email="pat.manager@lga.example.org"))
    taker = invite_and_accept(
        manager, mentor, "not.derek@elsewhere.example.org", django_capture_on_commit_callbacks
    )
    told = [m for m in mail.outbox if "joined your mentoring placement" in m.subject]
    assert len(told) == 1
    assert set(told[0].to) == {mentee_user.email, taker.email}
    assert "not.derek@elsewhere.example.org" in told[0].body
    assert "pat.manager@lga.example.org" in told[0].body
    assert NOTE not in told[0].body and REFLECTION not in told[0].body
    assert Notification.objects.filter(recipient=mentee_user, kind="pair-access").exists()
    assert Notification.objects.filter(recipient=taker, kind="pair-access").exists()


def test_the_other_side_confirms_the_account_and_the_earlier_notes_open_to_it(
    pair, django_capture_on_commit_callbacks
):
    placement, mentor, mentee_user, session, note, reflection = pair
    manager = signed_in(ProgrammeManagerFactory())
    newcomer = invite_and_accept(
        manager, mentor, "derek.whyte@walsall.example.org", django_capture_on_commit_callbacks
    )
    access = PairAccess.objects.get(user=newcomer)

    # The manager cannot confirm it; nor can the newcomer vouch for themself.
    assert manager.post(reverse("pair_access_confirm", args=[access.pk])).status_code == 404
    newcomer_client = signed_in(newcomer)
    assert newcomer_client.post(reverse("pair_access_confirm", args=[access.pk])).status_code == 404

    mentee = signed_in(mentee_user)
    page = mentee.get(reverse("pair_access_list")).content.decode()
    assert "derek.whyte@walsall.example.org for Derek Whyte" in page
    response = mentee.post(reverse("pair_access_confirm", args=[access.pk]), follow=True)
    assert "You confirmed derek.whyte@walsall.example.org as Derek Whyte" in (
        response.content.decode()
    )
    access.refresh_from_db()
    assert access.confirmed_by == mentee_user

    assert (
        NOTE in newcomer_client.get(reverse("session_detail", args=[session.pk])).content.decode()
    )
    assert REFLECTION in newcomer_client.get(reverse("reflection_list")).content.decode()


def test_what_the_pair_writes_after_the_account_joined_is_open_to_it_at_once(
    pair, django_capture_on_commit_callbacks
):
    placement, mentor, mentee_user, *_ = pair
    manager = signed_in(ProgrammeManagerFactory())
    newcomer = invite_and_accept(
        manager, mentor, "derek.whyte@walsall.example.org", django_capture_on_commit_callbacks
    )
    later = SessionFactory(
        placement=placement, held_on=timezone.localdate(), logged_by=Mentor.objects.get()
    )
    SessionNoteFactory(session=later, notes="MARKER-LATER-NOTE", actions_agreed="")
    page = signed_in(newcomer).get(reverse("session_detail", args=[later.pk])).content.decode()
    assert "MARKER-LATER-NOTE" in page


def test_a_pair_that_had_written_nothing_has_nothing_to_confirm(
    django_capture_on_commit_callbacks,
):
    mentor = MentorFactory(user=None)
    councillor = CouncillorFactory(user=UserFactory())
    PlacementFactory(council=councillor.council, mentors=[mentor], mentees=[councillor])
    manager = signed_in(ProgrammeManagerFactory())
    newcomer = invite_and_accept(
        manager, mentor, "new.mentor@example.org", django_capture_on_commit_callbacks
    )
    access = PairAccess.objects.get(user=newcomer)
    assert access.is_confirmed and access.confirmed_by is None
    page = signed_in(councillor.user).get(reverse("pair_access_list")).content.decode()
    assert "Nothing is waiting for you." in page
    assert "Nothing to confirm: nothing had been written" in page


def test_the_access_log_names_the_reading_account_not_the_record(pair):
    placement, mentor, mentee_user, session, note, reflection = pair
    reader = UserFactory(email="reader.account@example.org", full_name="Derek Whyte")
    mentor.user = reader
    mentor.save(update_fields=["user"])
    signed_in(reader).get(reverse("session_detail", args=[session.pk]))
    entry = ConfidentialAccess.objects.get(user=reader)
    assert entry.reader_email == "reader.account@example.org"
    # Renaming the account or the record afterwards changes nothing in the log.
    User.objects.filter(pk=reader.pk).update(full_name="Someone Else")
    Mentor.objects.filter(pk=mentor.pk).update(full_name="Someone Else")
    log = signed_in(mentee_user).get(reverse("confidential_access_log")).content.decode()
    assert "reader.account@example.org" in log
    assert "Someone Else" not in log


def test_inviting_someone_who_has_an_account_links_the_role_and_says_so(
    pair, django_capture_on_commit_callbacks
):
    placement, mentor, mentee_user, *_ = pair
    existing = UserFactory(email="derek@walsall.example.org")
    manager = signed_in(ProgrammeManagerFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            reverse("invitation_create"),
            {
                "role": "mentor",
                "full_name": mentor.full_name,
                "email": existing.email,
                "mentor": mentor.pk,
            },
            follow=True,
        )
    page = response.content.decode()
    assert "derek@walsall.example.org already has an account, so no invitation was sent" in page
    mentor.refresh_from_db()
    assert mentor.user == existing
    # Linked like any other account: the pair's earlier notes wait for the mentee.
    assert PairAccess.objects.get(user=existing).confirmed_at is None


def test_placing_a_person_with_an_account_on_a_placement_with_notes_waits_for_the_pair(pair):
    from mentoring.services import placement_save

    placement, mentor, mentee_user, session, *_ = pair
    second = MentorFactory(user=UserFactory(email="second.mentor@example.org"))
    placement = Placement.objects.get(pk=placement.pk)
    placement_save(
        placement=placement,
        mentors=[mentor, second],
        mentees=[placement.mentees.get().person],
        by=ProgrammeManagerFactory(),
    )
    assert PairAccess.objects.get(user=second.user).confirmed_at is None
    page = signed_in(second.user).get(reverse("session_detail", args=[session.pk]))
    assert NOTE not in page.content.decode()


@pytest.fixture
def site_admin():
    return User.objects.create_superuser(
        email="site.admin@example.org", password=PASSWORD, full_name="Site Admin"
    )


def test_the_admin_cannot_link_an_account_to_a_pair_members_record(pair, site_admin):
    placement, mentor, *_ = pair
    admin = signed_in(site_admin)
    url = reverse("admin:mentoring_mentor_change", args=[mentor.pk])
    form = admin.get(url).content.decode()
    assert 'name="user"' not in form
    data = {
        "full_name": mentor.full_name,
        "kind": mentor.kind,
        "regional_pool": mentor.regional_pool,
        "capacity": mentor.capacity,
        "active": "on",
        "user": site_admin.pk,
    }
    admin.post(url, data)
    mentor.refresh_from_db()
    assert mentor.user_id is None


def test_the_admin_cannot_change_who_is_in_a_pair_or_move_a_session(pair, site_admin):
    placement, mentor, mentee_user, session, *_ = pair
    admin = signed_in(site_admin)
    mine = MentorFactory(user=site_admin)
    page = admin.get(reverse("admin:mentoring_placement_change", args=[placement.pk]))
    assert page.context["adminform"].form.fields["mentor_choice"].disabled
    other = PlacementFactory(mentors=[mine], mentees=[CouncillorFactory()])
    url = reverse("admin:mentoring_session_change", args=[session.pk])
    page = admin.get(url)
    assert "placement" in page.context["adminform"].readonly_fields
    # A forged form naming the administrator's own placement moves nothing.
    admin.post(
        url,
        {
            "placement": other.pk,
            "held_on": session.held_on.isoformat(),
            "duration_minutes": session.duration_minutes,
            "mode": session.mode,
            "logged_by": session.logged_by_id,
        },
    )
    assert Session.objects.get(pk=session.pk).placement_id == placement.pk


def test_the_admin_sends_a_reset_link_instead_of_setting_a_password(pair, site_admin):
    placement, mentor, mentee_user, *_ = pair
    admin = signed_in(site_admin)
    url = reverse("admin:auth_user_password_change", args=[mentee_user.pk])
    assert admin.post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 403
    mentee_user.refresh_from_db()
    assert not mentee_user.check_password(PASSWORD)

    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_password_reset_link", "_selected_action": [mentee_user.pk]},
        follow=True,
    )
    assert "A password reset link was sent to 1 person" in response.content.decode()
    (reset,) = [m for m in mail.outbox if mentee_user.email in m.to]
    assert "/accounts/password/reset/key/" in reset.body
