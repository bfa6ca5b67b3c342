"""Induction buddy schemes as the programme runs them (DOMAIN.md, "Induction buddies").

A scheme is a mentoring placement of the "induction-buddy" type: its mentors are the
buddies, its mentees the new members. Who buddies whom is recorded here, pairing by
pairing with its dates, and so is the one-day training and pairing event the buddies
and new members attend.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.dateformat import format as date_format

from core.validators import single_line
from councils.models import Council, Councillor
from induction import access
from mentoring.models import Mentor, Placement

SCHEME_TYPE = "induction-buddy"
EVENT_TITLE = "Training and pairing event"


def day(value) -> str:
    """A date as people write it: 18 May 2026."""
    return date_format(value, "j F Y")


def is_scheme(placement: Placement) -> bool:
    return placement.mentoring_type.slug == SCHEME_TYPE


class BuddyPairingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.pairings_visible_to(self, user)

    def current(self):
        return self.filter(ended_on__isnull=True)


class BuddyPairing(models.Model):
    """One buddy paired with one new member of a scheme, from a date until a date (or
    still paired). A new member has one buddy at a time."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="buddy_pairings"
    )
    buddy = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="buddy_pairings")
    new_member = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="buddy_pairings"
    )
    started_on = models.DateField("paired from")
    ended_on = models.DateField("paired until", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BuddyPairingQuerySet.as_manager()

    class Meta:
        ordering = ["new_member__full_name", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="buddy_pairing_ends_after_start",
                violation_error_message="A pairing cannot end before it starts.",
            ),
            # The database's guard for the rule clean() words for the manager.
            models.UniqueConstraint(
                fields=["new_member"],
                condition=Q(ended_on__isnull=True),
                name="new_member_one_current_buddy",
                violation_error_message="This new member already has a buddy: end that "
                "pairing first.",
            ),
        ]

    def __str__(self):
        return f"{self.buddy} buddying {self.new_member}"

    def clean(self):
        if not (self.placement_id and self.buddy_id and self.new_member_id and self.started_on):
            return  # the form says what is missing
        placement = self.placement
        if not is_scheme(placement):
            raise ValidationError(
                "Buddies are paired on induction buddy schemes only: open the scheme's "
                "placement and pair its buddies there."
            )
        errors = {}
        if not placement.mentors.filter(pk=self.buddy_id).exists():
            errors["buddy"] = (
                "Choose one of the scheme's buddies (add them to the placement first)."
            )
        if not placement.mentees.filter(councillor_id=self.new_member_id).exists():
            errors["new_member"] = (
                "Choose one of the scheme's new members (add them to the placement first)."
            )
        elif self.buddy.councillor_id == self.new_member_id:
            errors["buddy"] = "A new member cannot buddy themself: choose another buddy."
        errors.update(self._date_errors(placement))
        if "new_member" not in errors and "started_on" not in errors:
            errors.update(self._overlap_errors())
        if errors:
            raise ValidationError(errors)

    def _date_errors(self, placement) -> dict:
        errors = {}
        first, last = placement.started_on, placement.end_date
        span = f"{day(first)} to {day(last)}" if last else f"from {day(first)}"
        if self.started_on < first or (last and self.started_on > last):
            errors["started_on"] = f"Pair them within the scheme's dates ({span})."
        if self.ended_on:
            if self.ended_on < self.started_on:
                errors["ended_on"] = (
                    f"The pairing started on {day(self.started_on)}: end it on that day or later."
                )
            elif last and self.ended_on > last:
                errors["ended_on"] = f"End the pairing within the scheme's dates ({span})."
        return errors

    def _overlap_errors(self) -> dict:
        others = BuddyPairing.objects.filter(new_member_id=self.new_member_id).exclude(pk=self.pk)
        others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.started_on))
        if self.ended_on:
            others = others.filter(started_on__lte=self.ended_on)
        clash = others.select_related("buddy").order_by("started_on").first()
        if clash is None:
            return {}
        if clash.ended_on is None:
            message = (
                f"{self.new_member.full_name} is already buddied by {clash.buddy} (since "
                f"{day(clash.started_on)}): end that pairing first."
            )
        else:
            message = (
                f"{self.new_member.full_name} was buddied by {clash.buddy} until "
                f"{day(clash.ended_on)}: start this pairing after that day."
            )
        return {"new_member": message}


class TrainingEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.managers_only(self, user)


class TrainingEvent(models.Model):
    """The one-day training and pairing event of a scheme: buddies are trained, and
    buddies and new members meet. Who attended is recorded."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="training_events")
    held_on = models.DateField("held on")
    title = models.CharField(max_length=150, default=EVENT_TITLE, validators=[single_line])
    placements = models.ManyToManyField(
        Placement,
        blank=True,
        related_name="training_events",
        help_text="The induction buddy schemes the event serves.",
    )
    buddies = models.ManyToManyField(
        Mentor, blank=True, related_name="training_events", verbose_name="buddies who attended"
    )
    new_members = models.ManyToManyField(
        Councillor,
        blank=True,
        related_name="training_events",
        verbose_name="new members who attended",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.title}, {day(self.held_on)}"
