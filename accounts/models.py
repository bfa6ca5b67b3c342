from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from core.validators import single_line


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A site administrator must have is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person who signs in. The email address is the identifier.

    What a user may do comes from their roles, which are not exclusive: a
    programme manager flag here, and links from a Mentor or Councillor record
    and from commissioner appointments.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, validators=[single_line])
    is_programme_manager = models.BooleanField(
        "programme manager",
        default=False,
        help_text="Sets up councils, councillors and the mentor pool, and places mentors.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class InvitationRole(models.TextChoices):
    PROGRAMME_MANAGER = "programme-manager", "Programme manager"
    MENTOR = "mentor", "Mentor"
    COUNCILLOR = "councillor", "Councillor"
    COMMISSIONER = "commissioner", "Commissioner"


class InvitationState(models.TextChoices):
    PENDING = "pending", "Sent, not yet accepted"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """A single-use link that lets an invited person set a password.

    Only a hash of the token is stored, so a copy of the database cannot be
    used to accept an invitation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=30, choices=InvitationRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    send_count = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        # The list shows the latest first: read from the index, not by sorting them all.
        indexes = [models.Index(fields=["sent_at"], name="invitation_sent_at")]

    def __str__(self):
        return f"Invitation for {self.user.email}"

    def state_at(self, now) -> str:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.expires_at <= now:
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def state(self) -> str:
        from django.utils import timezone

        return self.state_at(timezone.now())

    @property
    def state_label(self) -> str:
        return InvitationState(self.state).label


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # One exception: erasing a person (privacy.registry) blanks the address of their
        # account in the readings it made. Nothing else in the log ever changes.
        if kwargs == {"reader_email": ""}:
            return super().update(**kwargs)
        raise ValueError("The confidential access log is append-only.")

    def delete(self):
        raise ValueError("The confidential access log is append-only.")


class ConfidentialAccess(models.Model):
    """Append-only: who read which confidential note or reflection, and when.

    Refers to the note by kind and id (not a foreign key) so that this app does
    not depend on the apps that hold confidential content.
    """

    class Kind(models.TextChoices):
        SESSION_NOTE = "session-note", "Session note"
        REFLECTION = "reflection", "Reflection"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # The reading account as it was when it read: no record's name, nothing a manager
    # can edit afterwards changes what the log says.
    reader_email = models.EmailField("reading account's email address")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    accessed_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "object_id"]),
            # A reader's log is newest first: a page of it is read in this order from the
            # index, not sorted after collecting every reading of their notes.
            models.Index(fields=["-accessed_at", "-id"], name="confidential_access_recent"),
        ]
        verbose_name_plural = "confidential accesses"

    def __str__(self):
        return f"{self.reader_email} read {self.get_kind_display().lower()} #{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("The confidential access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The confidential access log is append-only.")
