import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from mentoring.models import Mentor

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"


def invite_link(message) -> str:
    return re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)


def invitations_sent() -> list:
    """The invitation emails (the pairs of the invited record are told by email too)."""
    return [m for m in mail.outbox if "/accounts/invitation/" in m.body]


@pytest.fixture
def new_mentor(demo_programme):
    return Mentor.objects.get(full_name="Derek Whyte")


def invite(client, mentor, email="derek.whyte@walsall.example.org"):
    return client.post(
        reverse("invitation_create"),
        {"role": "mentor", "full_name": mentor.full_name, "email": email, "mentor": mentor.pk},
    )


def test_a_manager_invites_a_mentor_who_sets_a_password_and_is_signed_in(
    client_as, new_mentor, django_capture_on_commit_callbacks
):
    manager = client_as("manager")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(manager, new_mentor)
    assert response.status_code == 302
    assert len(invitations_sent()) == 1
    link = invite_link(invitations_sent()[0])
    user = User.objects.get(email="derek.whyte@walsall.example.org")
    assert not user.is_active
    new_mentor.refresh_from_db()
    assert new_mentor.user == user

    visitor = client_as("anonymous")
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Choose your password" in page.content.decode()
    response = visitor.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = visitor.get(reverse("home")).content.decode()
    assert "My placements" in home
    user.refresh_from_db()
    assert user.is_active and user.check_password(PASSWORD)


def test_the_link_works_once(client_as, new_mentor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_as("manager"), new_mentor)
    link = invite_link(invitations_sent()[0])
    visitor = client_as("anonymous")
    visitor.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    again = client_as("anonymous").get(link)
    assert again.status_code == 404
    assert "no longer valid" in again.content.decode()


def test_the_link_expires_after_seven_days(
    client_as, new_mentor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_as("manager"), new_mentor)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_as("anonymous").get(invite_link(invitations_sent()[0])).status_code == 404
    invitation = Invitation.objects.get()
    assert invitation.state == "expired"


def test_resending_replaces_the_link_and_revoking_stops_it(
    client_as, new_mentor, django_capture_on_commit_callbacks
):
    manager = client_as("manager")
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager, new_mentor)
    first = invite_link(invitations_sent()[0])
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(reverse("invitation_resend", args=[invitation.pk]))
    second = invite_link(invitations_sent()[1])
    assert first != second
    assert client_as("anonymous").get(first).status_code == 404
    assert client_as("anonymous").get(second).status_code == 200
    manager.post(reverse("invitation_revoke", args=[invitation.pk]))
    assert client_as("anonymous").get(second).status_code == 404
    listing = manager.get(reverse("invitation_list")).content.decode()
    assert "Revoked" in listing


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(
    client_as, new_mentor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_as("manager"), new_mentor)
    link = invite_link(invitations_sent()[0])
    response = client_as("anonymous").post(link, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert client_as("anonymous").get(link).status_code == 200


def test_a_mentor_role_needs_the_mentor_record(client_as, demo_programme):
    response = client_as("manager").post(
        reverse("invitation_create"),
        {"role": "mentor", "full_name": "Someone", "email": "someone@example.org"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Invite a mentor from their record: open their page" in page
    assert "someone@example.org" in page  # what was typed is kept
    assert not User.objects.filter(email="someone@example.org").exists()


def test_only_programme_managers_invite(client_as, demo_programme):
    for persona in ["mentor_a", "councillor_a", "commissioner_x"]:
        assert client_as(persona).get(reverse("invitation_create")).status_code == 404


def test_signing_up_without_an_invitation_is_closed(client_as, demo_programme):
    response = client_as("anonymous").post(
        reverse("account_signup"),
        {"email": "stranger@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "by invitation" in response.content.decode()
    assert not User.objects.filter(email="stranger@example.org").exists()


def test_a_mentor_or_councillor_is_invited_from_their_record_which_names_only_them(
    client_as, demo_programme
):
    from councils.models import Councillor
    from mentoring.models import Mentor

    mentor = Mentor.objects.filter(user__isnull=True, active=True).first()
    councillor = Councillor.objects.in_office().filter(user__isnull=True).first()
    manager = client_as("manager")

    assert "Invite to sign in" in manager.get(reverse("mentor_detail", args=[mentor.pk])).text
    assert (
        "Invite to sign in" in manager.get(reverse("councillor_detail", args=[councillor.pk])).text
    )
    form = manager.get(
        reverse("invitation_create"), {"role": "councillor", "councillor": councillor.pk}
    ).context["form"]
    assert list(form.fields["councillor"].queryset) == [councillor]
    assert not form.fields["mentor"].queryset.exists()  # no list of the whole pool


def test_the_general_form_offers_only_the_roles_it_can_invite_none_chosen(
    client_as, demo_programme
):
    manager = client_as("manager")
    response = manager.get(reverse("invitation_create"))
    role = response.context["form"]["role"]
    assert [value for value, _ in role.field.choices] == ["", "commissioner", "programme-manager"]
    assert not role.value()  # nobody is made a programme manager by default
    page = response.content.decode()
    assert "To invite a mentor, open their record in the" in page
    assert reverse("mentor_list") in page and reverse("councillor_list") in page

    refused = manager.post(
        reverse("invitation_create"), {"full_name": "Sam Newcomer", "email": "sam@example.org"}
    )
    assert refused.context["form"].errors["role"]
    assert not User.objects.filter(email="sam@example.org").exists()


def test_the_form_opened_from_a_mentor_record_invites_that_mentor_as_a_mentor(
    client_as, new_mentor
):
    response = client_as("manager").get(
        reverse("invitation_create"), {"role": "mentor", "mentor": new_mentor.pk}
    )
    form = response.context["form"]
    assert form.fields["role"].choices == [("mentor", "Mentor")]
    assert "Invite a mentor to sign in" in response.content.decode()
