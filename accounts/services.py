"""Invitations: the only way into the programme."""

import hashlib
import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.access import forget_roles
from accounts.models import ConfidentialAccess, Invitation, InvitationRole, User
from accounts.signals import record_linked


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    return token


def _send(*, invitation: Invitation, token: str, base_url: str) -> None:
    link = base_url.rstrip("/") + reverse("invitation_accept", args=[token])
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS}
    send_mail(
        subject="Your invitation to the councillor mentoring programme",
        message=render_to_string("accounts/email/invitation.txt", context),
        html_message=render_to_string("accounts/email/invitation.html", context),
        from_email=None,
        recipient_list=[invitation.user.email],
    )


def _link_record(*, user: User, role: str, invited_by: User, record=None, council=None) -> None:
    if role == InvitationRole.PROGRAMME_MANAGER:
        user.is_programme_manager = True
        user.save(update_fields=["is_programme_manager"])
    elif role in (InvitationRole.MENTOR, InvitationRole.COUNCILLOR):
        if record is None:
            raise ValidationError("Choose the record of the person you are inviting.")
        if record.user_id and record.user_id != user.pk:
            raise ValidationError(f"{record} already has an account.")
        linked = type(record).objects.filter(user=user).exclude(pk=record.pk).first()
        if linked is not None:
            raise ValidationError(
                f"{user.email} is already the account of {linked}, another "
                f"{InvitationRole(role).label.lower()} record: one account has one such record."
            )
        if record.user_id != user.pk:
            record.user = user
            record.save(update_fields=["user"])
            record_linked.send(
                sender=type(record),
                record=record,
                user=user,
                linked_by=invited_by,
                how="by an invitation to sign in",
            )
    elif role == InvitationRole.COMMISSIONER:
        if council is None:
            raise ValidationError("Choose the council the commissioner oversees.")
        Appointment = apps.get_model("councils", "CommissionerAppointment")
        Appointment.objects.get_or_create(
            council=council,
            commissioner=user,
            ended_on=None,
            defaults={"started_on": timezone.localdate()},
        )
    forget_roles(user)


@transaction.atomic
def invitation_create(
    *,
    email: str,
    full_name: str,
    role: str,
    invited_by: User,
    base_url: str,
    record=None,
    council=None,
) -> Invitation | None:
    """Invite a person: their account exists, inactive, until they set a password.

    Someone who already has an account needs no invitation: the role is linked to
    their account and None is returned."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif user.is_active and user.has_usable_password():
        _link_record(user=user, role=role, invited_by=invited_by, record=record, council=council)
        return None
    _link_record(user=user, role=role, invited_by=invited_by, record=record, council=council)
    now = timezone.now()
    user.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = Invitation(user=user, role=role, invited_by=invited_by, sent_at=now)
    token = _new_token(invitation)
    invitation.save()
    transaction.on_commit(lambda: _send(invitation=invitation, token=token, base_url=base_url))
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, base_url: str) -> Invitation:
    """A new link (the old one stops working) valid for another seven days."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError("This invitation has already been accepted.")
    token = _new_token(invitation)
    invitation.revoked_at = None
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save()
    transaction.on_commit(lambda: _send(invitation=invitation, token=token, base_url=base_url))
    return invitation


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at:
        raise ValidationError("This invitation has already been accepted.")
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation.refresh_from_db()
    return invitation


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation | None:
    """The pending invitation for a token, or None if it is unknown, used, revoked or expired."""
    qs = Invitation.objects.select_related("user")
    if lock:
        qs = qs.select_for_update()
    invitation = qs.filter(token_hash=_hash(token)).first()
    if invitation is None or invitation.state != "pending":
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password_form) -> User:
    """Set the password, activate the account and use up the invitation, once."""
    from allauth.account.models import EmailAddress

    invitation = invitation_for_token(token, lock=True)
    if invitation is None:
        raise ValidationError("This invitation link is no longer valid.")
    user = invitation.user
    password_form.save()
    user.refresh_from_db()
    user.is_active = True
    user.save(update_fields=["is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def confidential_access_record(*, user: User, kind: str, object_ids) -> None:
    ConfidentialAccess.objects.bulk_create(
        [
            ConfidentialAccess(user=user, reader_email=user.email, kind=kind, object_id=pk)
            for pk in object_ids
        ]
    )
