"""The mentor pool, placements, learning agreements and mentoring sessions.

Confidential content (what was said in a session, the actions agreed in it,
and a mentee's private reflections) lives in its own tables, ``SessionNote``
and ``Reflection``, so that no query of sessions or placements carries it by
accident. Only the mentor(s) and mentee(s) of the placement read it.
"""

import datetime
import hashlib
import json
import uuid
from decimal import Decimal
from pathlib import PurePath

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.access import roles_of
from core.fields import EncryptedTextField
from core.validators import single_line
from councils.models import (
    Council,
    Councillor,
    Officer,
    Party,
    PoliticalGroup,
    Role,
    RoleAppointment,
)
from councils.regions import Region
from funding.models import FinancialYear, Funder
from funding.years import financial_year_label, financial_year_of
from mentoring import access

FOLLOW_UP_MONTHS = 3


class MentorKind(models.TextChoices):
    COUNCILLOR = "councillor", "Practising councillor"
    OFFICER = "officer", "Officer"


class MentorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def visible_to(self, user):
        return access.mentors_visible_to(self, user)

    def practising(self, day=None):
        """Mentors who can be offered for new placements on the day: the pool is of
        practising councillors, so a mentor whose councillor record has left office is
        not; mentors with no councillor record (officers and others) are."""
        day = day or timezone.localdate()
        return self.filter(
            Q(councillor__isnull=True)
            | Q(councillor__left_office_on__isnull=True)
            | Q(councillor__left_office_on__gt=day)
        )

    def with_not_practising_since(self, day=None):
        """Each mentor's ``not_practising_since``: the day their councillor record left
        office, when that is on or before the day; else None (as ``practising``)."""
        day = day or timezone.localdate()
        return self.annotate(
            not_practising_since=models.Case(
                models.When(
                    councillor__left_office_on__lte=day,
                    then=F("councillor__left_office_on"),
                ),
                default=None,
                output_field=models.DateField(),
            )
        )

    def with_active_placement_count(self):
        """As a subquery per mentor, not a join and GROUP BY of the whole pool."""
        active = (
            PlacementMentor.objects.filter(
                mentor=models.OuterRef("pk"), placement__status=PlacementStatus.ACTIVE
            )
            .order_by()
            .values("mentor")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(active_placement_count=Coalesce(models.Subquery(active), 0))


class Mentor(models.Model):
    """A peer mentor in the pool: usually a councillor of another council."""

    full_name = models.CharField(max_length=150, validators=[single_line])
    email = models.EmailField(blank=True)
    kind = models.CharField(max_length=20, choices=MentorKind.choices)
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentors",
        help_text="The mentor's own council (where they are a councillor or officer).",
    )
    councillor = models.OneToOneField(
        Councillor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor",
        help_text="Set when the mentor is also a councillor on record, e.g. an induction buddy.",
    )
    organisation = models.CharField(
        max_length=150,
        blank=True,
        help_text="e.g. Local Government Association, Centre for Governance and Scrutiny.",
        validators=[single_line],
    )
    accredited = models.BooleanField(default=False)
    accreditation_expires_on = models.DateField(null=True, blank=True)
    regional_pool = models.CharField(max_length=30, choices=Region.choices)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="mentors"
    )
    expertise = models.ManyToManyField(
        Role, blank=True, related_name="mentors", help_text="Roles the mentor has held."
    )
    capacity = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="The most active placements at once.",
    )
    active = models.BooleanField(
        default=True, help_text="A mentor with history is made inactive, never deleted."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor",
    )

    objects = MentorQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        indexes = [
            # The pool is listed by name: a page is read in this order from the index,
            # not sorted after counting every mentor's active placements.
            models.Index(fields=["full_name", "id"], name="mentor_full_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="mentor_capacity_positive",
                violation_error_message="Capacity must be at least one placement.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.accredited and not self.accreditation_expires_on:
            raise ValidationError(
                {"accreditation_expires_on": "Give the date an accreditation expires."}
            )
        if self.councillor_id:
            if not self.council_id:
                self.council_id = self.councillor.council_id
            elif self.councillor.council_id != self.council_id:
                raise ValidationError(
                    {
                        "council": "The mentor's council must be the council of their councillor record."
                    }
                )

    def save(self, *args, **kwargs):
        # A mentor who is a councillor on record belongs to that councillor's council,
        # so the "never from the mentee's council" rule cannot be sidestepped.
        if self.councillor_id and not self.council_id:
            self.council_id = Councillor.objects.values_list("council_id", flat=True).get(
                pk=self.councillor_id
            )
        super().save(*args, **kwargs)

    def accreditation_valid_on(self, day) -> bool:
        return bool(
            self.accredited
            and self.accreditation_expires_on
            and self.accreditation_expires_on >= day
        )


class MentorCouncilRule(models.TextChoices):
    OTHER = "other", "From another council"
    SAME = "same", "From the same council"
    ANY = "any", "Any council"


class MentoringType(models.Model):
    """A kind of mentoring from the IDeA programme, with its cost band and its rules."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True, validators=[single_line])
    description = models.TextField(blank=True)
    cost_from = models.DecimalField(max_digits=9, decimal_places=2)
    cost_to = models.DecimalField(max_digits=9, decimal_places=2)
    mentor_council_rule = models.CharField(
        max_length=10, choices=MentorCouncilRule.choices, default=MentorCouncilRule.OTHER
    )
    same_party = models.BooleanField(
        default=False, help_text="Mentor and mentees must be of one party (political group)."
    )
    max_mentees = models.PositiveSmallIntegerField(default=1)
    min_mentees = models.PositiveSmallIntegerField(default=1)
    is_group = models.BooleanField(
        default=False, help_text="Sessions record which of the mentees took part."
    )
    smaller_group_with_note = models.BooleanField(
        "a smaller group may go ahead with a note",
        default=False,
        help_text="Fewer mentees than the least is a warning the programme manager may "
        "accept with a note, not a refusal (councillor role groups are usually 8 to 10).",
    )
    mentees_from_several_councils = models.BooleanField(
        default=False,
        help_text="The mentees may come from several councils, not only the placement's.",
    )
    one_accredited_peer = models.BooleanField(
        "one accredited peer mentor",
        default=False,
        help_text="Exactly one mentor, accredited on the day the placement starts.",
    )
    paid = models.BooleanField(
        "mentors are paid for their days",
        default=True,
        help_text="Induction buddies are volunteers: their days are recorded at no fee.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_to__gte=F("cost_from")),
                name="mentoring_type_cost_band",
                violation_error_message="The top of the cost band cannot be below its bottom.",
            ),
            models.CheckConstraint(
                condition=Q(max_mentees__gte=F("min_mentees")) & Q(min_mentees__gte=1),
                name="mentoring_type_mentee_range",
                violation_error_message="At least one mentee, and the most no fewer than the least.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def cost_band(self) -> str:
        if self.cost_from == self.cost_to:
            return f"£{self.cost_from:,.0f}"
        return f"£{self.cost_from:,.0f}–£{self.cost_to:,.0f}"


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Funding(models.TextChoices):
    COUNCIL = "council", "Council's own budget"
    SUBSIDY = "subsidy", "Subsidy (capacity building)"
    NIL_COST = "nil-cost", "Nil cost (regionally funded hours)"


OPEN_STATUSES = (PlacementStatus.PROPOSED, PlacementStatus.ACTIVE, PlacementStatus.PAUSED)


def claim_day_value():
    """A claim's days: half a day or one."""
    return models.Case(
        models.When(length="half", then=models.Value(Decimal("0.5"))),
        default=models.Value(Decimal("1")),
        output_field=models.DecimalField(max_digits=6, decimal_places=1),
    )


def claim_days(claims) -> Decimal:
    """The days of these claims, summed in the database."""
    total = claims.order_by().aggregate(days=models.Sum(claim_day_value()))["days"]
    return Decimal(total or 0).quantize(Decimal("0.1"))


def claim_days_subquery(*statuses, of: str = "placement"):
    """The days of a placement's (or, with ``of="mentor"``, a mentor's) claims in these
    statuses, for ``annotate``."""
    return Coalesce(
        models.Subquery(
            DayClaim.objects.filter(**{of: models.OuterRef("pk")}, status__in=statuses)
            .order_by()
            .values(of)
            .annotate(days=models.Sum(claim_day_value()))
            .values("days"),
            output_field=models.DecimalField(max_digits=6, decimal_places=1),
        ),
        models.Value(Decimal("0")),
        output_field=models.DecimalField(max_digits=6, decimal_places=1),
    )


class PlacementQuerySet(models.QuerySet):
    def with_activity(self, *, count: bool = False):
        """Minutes of sessions held and the last one's date (and, with ``count``, the
        number of sessions), with the days approved and pending (``with_days``), as
        subqueries so they combine with any other join."""
        of_placement = Session.objects.filter(placement=models.OuterRef("pk")).order_by()
        activity = {
            "minutes_used": Coalesce(
                models.Subquery(
                    of_placement.values("placement")
                    .annotate(total=models.Sum("duration_minutes"))
                    .values("total")
                ),
                0,
            ),
            "last_session_on": models.Subquery(
                of_placement.order_by("-held_on").values("held_on")[:1]
            ),
        }
        if count:
            activity["session_count"] = Coalesce(
                models.Subquery(
                    of_placement.values("placement").annotate(n=models.Count("pk")).values("n")
                ),
                0,
            )
        return self.annotate(**activity).with_days()

    def with_days(self):
        """Days approved and days pending (sent, or queried and being changed) of each
        placement's claims, read in the same query as the placements."""
        return self.annotate(
            days_approved=claim_days_subquery(DayClaim.Status.APPROVED),
            days_waiting=claim_days_subquery(*DayClaim.PENDING),
            days_extension=Coalesce(
                models.Subquery(
                    DayExtension.objects.filter(placement=models.OuterRef("pk"))
                    .order_by()
                    .values("placement")
                    .annotate(days=models.Sum("days"))
                    .values("days"),
                    output_field=models.DecimalField(max_digits=6, decimal_places=1),
                ),
                models.Value(Decimal("0")),
                output_field=models.DecimalField(max_digits=6, decimal_places=1),
            ),
        )

    def quiet(self, day=None, weeks=6):
        """Active placements with no session in the last six weeks (needs with_activity)."""
        since = (day or timezone.localdate()) - datetime.timedelta(weeks=weeks)
        return self.filter(status=PlacementStatus.ACTIVE, started_on__lt=since).filter(
            Q(last_session_on__isnull=True) | Q(last_session_on__lt=since)
        )

    def awaiting_agreement(self):
        return self.filter(
            models.Exists(
                LearningAgreement.objects.filter(
                    placement=models.OuterRef("pk"), status=AgreementStatus.PROPOSED
                )
            )
        )

    def with_mentee_role(self, role, day=None):
        """Placements with a mentee who holds this role today."""
        day = day or timezone.localdate()
        holders = Councillor.objects.filter(
            appointments__role=role, appointments__started_on__lte=day
        ).filter(Q(appointments__ended_on__isnull=True) | Q(appointments__ended_on__gte=day))
        return self.filter(
            pk__in=PlacementMentee.objects.filter(councillor__in=holders).values("placement")
        )

    def with_names(self, *, mentors: bool = True) -> list:
        """The placements as a list, each with its mentees' and mentors' names as text,
        read in one more query (mentoring/selectors.py). A method here so that a page of
        an app below mentoring (a council's) reaches it through a reverse relation."""
        from mentoring.selectors import with_names  # selectors imports these models

        return with_names(self, mentors=mentors)

    def visible_to(self, user):
        return access.placements_visible_to(self, user)

    def of_member(self, user):
        return access.placements_of_member(self, user)


def _person(name: str, is_councillor: bool) -> str:
    return f"Cllr {name}" if is_councillor else name


def _people(people: list[tuple[str, bool]], many: str) -> str:
    """Up to two people by name; more by their number ("8 councillors")."""
    if len(people) <= 2:
        return " and ".join(_person(name, cllr) for name, cllr in people)
    return f"{len(people)} {many}"


def placement_name(mentors, mentees, type_name: str, council_name: str) -> str:
    """A placement's name from its mentors' and mentees' (name, is a councillor) pairs:
    "Cllr Dana Whitfield with Cllr Pat Lowther, one-to-one mentoring"."""
    if all(cllr for _, cllr in mentees):
        group = "councillors"
    elif not any(cllr for _, cllr in mentees):
        group = "officers"
    else:
        group = "mentees"
    by = _people(mentors, "mentors")
    for_ = _people(mentees, group)
    kind = type_name[:1].lower() + type_name[1:]
    if by and for_:
        return f"{by} with {for_}, {kind}"
    if by or for_:
        return f"{by or for_}, {kind}"
    return f"{type_name} at {council_name}"


class Placement(models.Model):
    """A mentor (or mentors) placed with a mentee (or a group) for a period."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="placements")
    mentoring_type = models.ForeignKey(
        MentoringType, on_delete=models.PROTECT, related_name="placements"
    )
    mentors = models.ManyToManyField(Mentor, through="PlacementMentor", related_name="placements")
    status = models.CharField(
        max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.PROPOSED
    )
    withdrawn_reason = models.TextField(blank=True)
    started_on = models.DateField()
    planned_end_on = models.DateField(
        null=True, blank=True, help_text="Leave empty for an open-ended placement."
    )
    ended_on = models.DateField(null=True, blank=True)
    mentor_days_agreed = models.DecimalField(
        "peer mentor days agreed",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("365"))],
    )
    funding = models.CharField(max_length=20, choices=Funding.choices)
    funder = models.ForeignKey(
        Funder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        help_text="Who pays: its budget for the council (or the programme) in each "
        "financial year meets the placement's claims.",
    )
    cost = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    match_note = models.TextField(
        "note on the match",
        blank=True,
        help_text="Why the placement went ahead despite the matching warnings.",
    )
    needs_attention = models.CharField(
        max_length=200,
        blank=True,
        help_text="Set when something needs the programme manager, e.g. a mentee left office.",
    )
    supported_role = models.ForeignKey(
        RoleAppointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements_supported",
        verbose_name="role it supports",
        help_text="The mentee's role the mentoring supports, e.g. Leader or Chair of the "
        "Planning Board. When it ends the placement is flagged for review.",
    )
    other_council_reason = models.TextField(
        "why a buddy from another council",
        blank=True,
        help_text="Induction buddies are usually from the same council: say why this one is "
        "not, e.g. the political group has no experienced member.",
    )
    political_group = models.ForeignKey(
        PoliticalGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        help_text="Political group mentoring: the group mentored. Its mentees are its members.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "pk"]
        indexes = [
            # Lists are newest first: a page of 25 is read in this order from the index,
            # not sorted after working out every placement's activity.
            models.Index(fields=["-started_on", "id"], name="placement_started_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("started_on")),
                name="placement_planned_end_after_start",
                violation_error_message="The planned end cannot be before the start.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ended_after_start",
                violation_error_message="A placement cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="placement_withdrawn_has_reason",
                violation_error_message="Say why the placement was withdrawn.",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
                name="placement_ended_has_date",
                violation_error_message="An ended placement needs the date it ended.",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="placement_cost_not_negative",
                violation_error_message="The cost cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.mentoring_type} at {self.council} from {self.started_on:%d/%m/%Y}"

    @property
    def name(self) -> str:
        """The placement named by its people, as those who may see it know it: "Cllr Dana
        Whitfield with Cllr Pat Lowther, one-to-one mentoring"; a larger group by its size
        ("... with 8 councillors, councillor role mentoring").

        A list sets the people's names for a page of placements at once (``with_names``);
        a single placement reads them here, in two queries."""
        people = self.__dict__.get("people_names")
        if people is None:
            people = self.people_names = self._read_people_names()
        mentors, mentees = people
        return placement_name(mentors, mentees, self.mentoring_type.name, self.council.name)

    def _read_people_names(self) -> tuple[list, list]:
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "mentors" in prefetched and "mentees" in prefetched:  # a detail page's
            return (
                [(m.full_name, m.kind == MentorKind.COUNCILLOR) for m in self.mentors.all()],
                [(m.full_name, m.councillor_id is not None) for m in self.mentees.all()],
            )
        mentors = [
            (name, kind == MentorKind.COUNCILLOR)
            for name, kind in PlacementMentor.objects.filter(placement=self)
            .order_by("mentor__full_name")
            .values_list("mentor__full_name", "mentor__kind")
        ]
        mentees = [
            (councillor or officer, councillor is not None)
            for councillor, officer in PlacementMentee.objects.filter(placement=self)
            .order_by("pk")
            .values_list("councillor__full_name", "officer__full_name")
        ]
        return mentors, mentees

    @property
    def days_used(self) -> Decimal:
        """Peer mentor days used: the days of approved claims (annotated by
        ``with_days`` on lists, read here for a single placement)."""
        days = self.__dict__.get("days_approved")
        if days is None:
            days = self.days_approved = claim_days(
                self.day_claims.filter(status=DayClaim.Status.APPROVED)
            )
        return Decimal(days).quantize(Decimal("0.1"))

    @property
    def days_pending(self) -> Decimal:
        """Days claimed and waiting for the programme manager (sent or queried)."""
        days = self.__dict__.get("days_waiting")
        if days is None:
            days = self.days_waiting = claim_days(
                self.day_claims.filter(status__in=DayClaim.PENDING)
            )
        return Decimal(days).quantize(Decimal("0.1"))

    @property
    def days_extended(self) -> Decimal:
        """Days added to the agreed by the programme manager's extensions."""
        days = self.__dict__.get("days_extension")
        if days is None:
            days = self.days_extension = (
                self.day_extensions.aggregate(days=models.Sum("days"))["days"] or 0
            )
        return Decimal(days).quantize(Decimal("0.1"))

    @property
    def days_allowed(self) -> Decimal:
        """The agreed days and any extension: the 100% the claims are measured against."""
        return self.mentor_days_agreed + self.days_extended

    @property
    def days_left(self) -> Decimal:
        return self.days_allowed - self.days_used

    @property
    def days_used_percent(self) -> int:
        if not self.days_allowed:
            return 0
        return int(self.days_used * 100 / self.days_allowed)

    @property
    def days_claimed_percent(self) -> int:
        """Approved and pending days as a share of those allowed: the 80% warning reads
        this, so a manager sees the days coming before they are approved."""
        if not self.days_allowed:
            return 0
        return int((self.days_used + self.days_pending) * 100 / self.days_allowed)

    @property
    def end_date(self) -> datetime.date | None:
        """When the placement ends or ended; None while open-ended."""
        return self.ended_on or self.planned_end_on

    @property
    def follow_up_until(self) -> datetime.date | None:
        """Telephone and e-mentoring may continue for three months after the end."""
        end = self.end_date
        return end + relativedelta(months=FOLLOW_UP_MONTHS) if end else None

    def clean(self):
        errors = {}
        if self.planned_end_on and self.started_on and self.planned_end_on < self.started_on:
            errors["planned_end_on"] = "The planned end cannot be before the start."
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "A placement cannot end before it starts."
        if self.status == PlacementStatus.WITHDRAWN and not self.withdrawn_reason.strip():
            errors["withdrawn_reason"] = "Say why the placement was withdrawn."
        if self.status == PlacementStatus.ENDED and not self.ended_on:
            errors["ended_on"] = "An ended placement needs the date it ended."
        errors.update(self._cost_errors())
        if errors:
            raise ValidationError(errors)

    def _cost_errors(self) -> dict:
        """The cost against the funding and the mentoring type's band (the IDeA's bands,
        at 2009 prices)."""
        if self.cost is None or not self.mentoring_type_id:
            return {}
        kind = self.mentoring_type
        if self.funding == Funding.NIL_COST and self.cost > 0:
            return {
                "cost": "A nil-cost placement has no cost to the council: leave the cost "
                "empty, or choose another funding."
            }
        if not kind.cost_from <= self.cost <= kind.cost_to:
            return {
                "cost": f"{kind} costs {kind.cost_band}: enter a cost within its band "
                f"(£{self.cost:,.0f} is outside it)."
            }
        return {}


class PlacementMentor(models.Model):
    """A mentor's place on a placement; protects the mentor from deletion."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE)
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "mentor"], name="placement_mentor_once")
        ]

    def __str__(self):
        return f"{self.mentor} on {self.placement_id}"


class PlacementMentee(models.Model):
    """A mentee of a placement: a councillor or a senior officer (never both).

    One through-model for both kinds keeps a single set of placement rules.
    """

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="mentees")
    councillor = models.ForeignKey(
        Councillor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_memberships",
    )
    officer = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_memberships",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(councillor__isnull=False) & Q(officer__isnull=True))
                | (Q(councillor__isnull=True) & Q(officer__isnull=False)),
                name="mentee_is_councillor_or_officer",
                violation_error_message="A mentee is either a councillor or an officer.",
            ),
            models.UniqueConstraint(
                fields=["placement", "councillor"], name="mentee_councillor_once"
            ),
            models.UniqueConstraint(fields=["placement", "officer"], name="mentee_officer_once"),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def person(self) -> Councillor | Officer:
        return self.councillor if self.councillor_id else self.officer

    @property
    def full_name(self) -> str:
        return self.person.full_name

    @property
    def council_id(self) -> int:
        return self.person.council_id

    @property
    def party_id(self) -> int | None:
        return self.councillor.party_id if self.councillor_id else None

    @property
    def user_id(self) -> int | None:
        return self.person.user_id


class PlacementChildQuerySet(models.QuerySet):
    """For rows that belong to a placement: seen by whoever sees the placement."""

    def visible_to(self, user):
        return access.placement_rows_visible_to(self, user)

    def of_member(self, user):
        return access.placement_rows_of_member(self, user)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed: awaiting agreement"
    ACTIVE = "active", "Agreed and active"
    SUPERSEDED = "superseded", "Superseded by a later version"


class LearningAgreement(models.Model):
    """One version of a placement's tailor-made learning agreement.

    Once both parties have agreed (active), a version never changes: a change
    makes a new version that both agree again.
    """

    CONTENT_FIELDS = ("development_needs", "ways_of_working", "confidentiality_protocol")
    LOCKED_STATUSES = ("active", "superseded")

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    development_needs = models.TextField(blank=True)
    ways_of_working = models.TextField(
        blank=True, help_text="How often and how you meet, and how you keep in touch."
    )
    confidentiality_protocol = models.TextField(blank=True)
    mentee_agreed_at = models.DateTimeField(null=True, blank=True)
    mentee_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mentor_agreed_at = models.DateTimeField(null=True, blank=True)
    mentor_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "version"], name="agreement_version_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="active")
                | (Q(mentee_agreed_at__isnull=False) & Q(mentor_agreed_at__isnull=False)),
                name="agreement_active_when_both_agreed",
                violation_error_message="An agreement is active only once both have agreed.",
            ),
        ]

    def __str__(self):
        return f"Learning agreement v{self.version} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED_STATUSES

    def content_digest(self, goals=None, reviews=None) -> str:
        """A fingerprint of everything the agreement page shows a person agreeing to.

        The agree form carries it, so agreeing counts only for the text the
        person read: an edit and a fresh proposal keep the version number but
        change the fingerprint. A page that has read the goals (by order) and the
        review dates (by date) passes them, so they are not read twice.
        """
        if goals is None:
            goals = self.goals.order_by("order", "pk")
        if reviews is None:
            reviews = self.reviews.order_by("due_on")
        content = {
            "version": self.version,
            **{f: getattr(self, f) for f in self.CONTENT_FIELDS},
            "goals": [
                [g.goal, g.reality, g.options, g.way_forward, str(g.target_on or "")] for g in goals
            ],
            "reviews": [str(r.due_on) for r in reviews],
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                LearningAgreement.objects.filter(pk=self.pk)
                .values("status", "placement_id", "version", *self.CONTENT_FIELDS)
                .first()
            )
            if stored and stored["status"] in self.LOCKED_STATUSES:
                fields = ("placement_id", "version", *self.CONTENT_FIELDS)
                changed = [f for f in fields if getattr(self, f) != stored[f]]
                # An agreed version only ever moves on to superseded.
                allowed = {stored["status"], AgreementStatus.SUPERSEDED}
                if changed or self.status not in allowed:
                    raise ValidationError(
                        "This version has been agreed and cannot change: "
                        "start a new version instead."
                    )
        super().save(*args, **kwargs)


class MemberAgreement(models.Model):
    """One mentee's own agreement to a version: each member of a group agrees for
    themself, and the version is in force for a member once they and the mentor have
    agreed. (The version's ``mentee_agreed_at`` is when the first member agreed.)"""

    agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="member_agreements"
    )
    mentee = models.ForeignKey(
        PlacementMentee, on_delete=models.CASCADE, related_name="member_agreements"
    )
    agreed_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        # Read only through an agreement the reader may see (LearningAgreement.visible_to).
        ordering = ["agreed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "mentee"], name="member_agrees_once")
        ]

    def __str__(self):
        return f"{self.mentee} agreed to {self.agreement} on {self.agreed_at:%d/%m/%Y}"


class AgreementPart(models.Model):
    """A goal or review date: part of a version, so frozen once it is agreed."""

    part_name = "parts"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_unlocked()
        return super().delete(*args, **kwargs)

    def _check_unlocked(self):
        agreement_ids = {self.agreement_id}
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("agreement_id", flat=True)
            agreement_ids.update(stored)
        if LearningAgreement.objects.filter(
            pk__in=agreement_ids, status__in=LearningAgreement.LOCKED_STATUSES
        ).exists():
            raise ValidationError(
                f"This version has been agreed and its {self.part_name} cannot change: "
                "start a new version instead."
            )


class Goal(AgreementPart):
    """A goal of a learning agreement in the GROW form."""

    part_name = "goals"

    agreement = models.ForeignKey(LearningAgreement, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(default=0)
    goal = models.TextField()
    reality = models.TextField(blank=True)
    options = models.TextField(blank=True)
    way_forward = models.TextField(blank=True)
    target_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "order", "pk"]

    def __str__(self):
        return self.goal[:60]


class AgreementReview(AgreementPart):
    """A date on which mentor and mentee agreed to review progress."""

    part_name = "review dates"

    agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="reviews"
    )
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "due_on"], name="agreement_review_once")
        ]

    def __str__(self):
        return f"Review on {self.due_on:%d/%m/%Y}"


class Theme(models.Model):
    """A topic a session covered; what the programme manager sees of a session."""

    name = models.CharField(max_length=100, unique=True, validators=[single_line])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SessionMode(models.TextChoices):
    FACE_TO_FACE = "face-to-face", "Face to face"
    TELEPHONE = "telephone", "Telephone"
    VIDEO = "video", "Video call"
    E_MENTORING = "e-mentoring", "E-mentoring"
    OBSERVATION = "observation", "Observation at a meeting"
    AWAY_DAY = "away-day", "Away day"


class SessionQuerySet(models.QuerySet):
    def attended_by(self, user):
        return access.sessions_attended_by(self, user)

    def visible_to(self, user):
        return access.sessions_visible_to(self, user)


class Session(models.Model):
    """That a mentoring session happened: when, how long, how, and its themes.

    What was said is in ``SessionNote``, read only by the pair.
    """

    EDITABLE_DAYS = 14
    # After a placement ends, contact continues at a distance: no more visits.
    FOLLOW_UP_MODES = (SessionMode.TELEPHONE, SessionMode.E_MENTORING)

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    mode = models.CharField(max_length=20, choices=SessionMode.choices)
    topics = models.ManyToManyField(Theme, blank=True, related_name="sessions")
    attendees = models.ManyToManyField(
        PlacementMentee,
        blank=True,
        related_name="sessions",
        help_text="For group placements: which mentees took part.",
    )
    is_follow_up = models.BooleanField(
        default=False, help_text="Held in the three months after the placement ended."
    )
    logged_by = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions_logged"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "mentoring session"
        indexes = [
            # Lists are newest first and the dashboard counts a month's sessions.
            models.Index(fields=["held_on", "id"], name="session_held_on"),
            # A placement's activity (minutes used, sessions, the last and any recent
            # one) is read from this index alone, without the rows' text.
            models.Index(
                fields=["placement", "held_on", "duration_minutes"], name="session_activity"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=24 * 60),
                name="session_duration_sensible",
                violation_error_message="A session lasts between 5 minutes and 24 hours.",
            )
        ]

    def __str__(self):
        if not self.held_on:  # a session being filled in
            return self.get_mode_display() or "New session"
        return f"{self.get_mode_display()} on {self.held_on:%d/%m/%Y}"

    def editable_by(self, user, now=None) -> bool:
        """The mentor who logged it may change or delete it for 14 days."""
        now = now or timezone.now()
        return bool(
            self.logged_by_id
            and self.logged_by_id == roles_of(user).mentor_id
            and now - self.created_at <= datetime.timedelta(days=self.EDITABLE_DAYS)
        )

    def clean(self):
        # Planned sessions are not logged here: a future one would count in the
        # contact time and the reports as if it had happened.
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError(
                {
                    "held_on": "A session can only be logged once it has happened: "
                    "the date must be today or earlier."
                }
            )
        if not (self.placement_id and self.held_on):
            return
        placement = self.placement
        if self.held_on < placement.started_on:
            raise ValidationError(
                {"held_on": f"The placement starts on {placement.started_on:%d/%m/%Y}."}
            )
        follow_up_until = placement.follow_up_until
        if follow_up_until and self.held_on > follow_up_until:
            raise ValidationError(
                {
                    "held_on": "Sessions are accepted until the end of the three-month "
                    f"follow-up, {follow_up_until:%d/%m/%Y}."
                }
            )
        end = placement.end_date
        self.is_follow_up = bool(end and self.held_on > end)
        if self.is_follow_up and self.mode and self.mode not in self.FOLLOW_UP_MODES:
            ended = "ended" if placement.ended_on else "was planned to end"
            raise ValidationError(
                {
                    "mode": f"After the placement {ended} on {end:%-d %B %Y}, sessions are by "
                    "telephone or e-mentoring only: choose one of those, or a date before "
                    "the end."
                }
            )


class SessionNoteQuerySet(models.QuerySet):
    def readable_by(self, user):
        return access.notes_readable_by(self, user)


class SessionNote(models.Model):
    """CONFIDENTIAL: what was discussed in a session and the actions agreed.

    Read by the placement's mentor(s) and mentee(s) alone; never in lists,
    search, the admin, exports, PDFs, emails, notifications or logs.
    """

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="note")
    notes = EncryptedTextField(blank=True)
    actions_agreed = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "confidential session note"

    def __str__(self):
        # Never the text: this may end up in a log or an admin page.
        return f"Confidential note #{self.pk}"

    def __repr__(self):
        return f"<SessionNote #{self.pk} (confidential)>"


class ReflectionQuerySet(models.QuerySet):
    def readable_by(self, user):
        return access.reflections_readable_by(self, user)


class Reflection(models.Model):
    """CONFIDENTIAL: a mentee's private reflection on their placement."""

    mentee = models.ForeignKey(
        PlacementMentee, on_delete=models.CASCADE, related_name="reflections"
    )
    written_on = models.DateField(default=timezone.localdate)
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = "confidential reflection"

    def __str__(self):
        return f"Confidential reflection #{self.pk}"

    def __repr__(self):
        return f"<Reflection #{self.pk} (confidential)>"


class ConfidenceStage(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    REVIEW = "review", "Review"
    END = "end", "End"


class ConfidenceArea(models.TextChoices):
    ROLE = "role", "The role's responsibilities"
    CHAIRING = "chairing", "Chairing meetings"
    SCRUTINY = "scrutiny", "Scrutiny and challenge"
    OFFICERS = "officers", "Working with officers"
    COMMUNITY = "community", "Community leadership"
    MEDIA = "media", "Dealing with the media"


class ConfidenceCheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.confidence_checks_visible_to(self, user)


class ConfidenceCheck(models.Model):
    """A mentee's confidence check-in at the baseline, a review or the end."""

    mentee = models.ForeignKey(
        PlacementMentee, on_delete=models.CASCADE, related_name="confidence_checks"
    )
    stage = models.CharField(max_length=20, choices=ConfidenceStage.choices)
    taken_on = models.DateField(default=timezone.localdate)

    objects = ConfidenceCheckQuerySet.as_manager()

    class Meta:
        ordering = ["taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(stage="baseline"),
                name="one_baseline_per_mentee",
                violation_error_message="This mentee already has a baseline check-in.",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(stage="end"),
                name="one_end_check_per_mentee",
                violation_error_message="This mentee already has an end check-in.",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} check-in on {self.taken_on:%d/%m/%Y}"


class ConfidenceScore(models.Model):
    check_in = models.ForeignKey(ConfidenceCheck, on_delete=models.CASCADE, related_name="scores")
    area = models.CharField(max_length=20, choices=ConfidenceArea.choices)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["check_in", "area"]
        constraints = [
            models.UniqueConstraint(fields=["check_in", "area"], name="one_score_per_area"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="confidence_score_1_to_5",
                violation_error_message="A confidence score is from 1 to 5.",
            ),
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.score}"


class ProtocolTemplate(models.Model):
    """The confidentiality protocol text the programme manager keeps; new
    learning agreements start from the current one."""

    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return f"Confidentiality protocol of {self.updated_at:%d/%m/%Y}"

    @classmethod
    def current_text(cls) -> str:
        latest = cls.objects.first()
        return latest.text if latest else DEFAULT_PROTOCOL


DEFAULT_PROTOCOL = (
    "What we discuss stays between the two of us. Neither of us shares it with the council, the "
    "programme manager or commissioners without the other's agreement, except where the law requires it. "
    "The programme manager sees only that we met, when, how and on which themes."
)


WARD_VISIT = "ward-visit"  # the slug of the ward visit mentoring type


class WardPriority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class WardIssueQuerySet(PlacementChildQuerySet):
    def by_priority(self):
        """High first, then medium, then low; in the mentor's order within each."""
        rank = models.Case(
            *(models.When(priority=p, then=i) for i, p in enumerate(WardPriority.values)),
            default=len(WardPriority.values),
            output_field=models.IntegerField(),
        )
        return self.annotate(priority_rank=rank).order_by("priority_rank", "order", "pk")


class WardIssue(models.Model):
    """A local issue on a ward visit's ward map: what the councillor sees, where in
    the ward, and how pressing it is."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="ward_issues")
    description = models.TextField("issue")
    place = models.CharField(
        "place in the ward",
        max_length=200,
        help_text="e.g. a street, an estate, a park or a parade of shops.",
        validators=[single_line],
    )
    priority = models.CharField(
        max_length=10, choices=WardPriority.choices, default=WardPriority.MEDIUM
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = WardIssueQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__in=WardPriority.values),
                name="ward_issue_priority_known",
                violation_error_message="The priority is high, medium or low.",
            )
        ]

    def __str__(self):
        return f"{self.place}: {self.description[:60]}"

    def clean(self):
        if self.placement_id and self.placement.mentoring_type.slug != WARD_VISIT:
            raise ValidationError("A ward map belongs to a ward visit placement.")


class WardVisitReport(models.Model):
    """The report of a ward visit: what the mentor observed, the ward's priorities,
    and the matters for consideration and action."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="ward_visit_report"
    )
    observations = models.TextField(blank=True)
    priorities = models.TextField("the ward's priorities", blank=True)
    matters_for_action = models.TextField("matters for consideration and action", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementChildQuerySet.as_manager()

    def __str__(self):
        return f"Ward visit report #{self.pk}"

    def clean(self):
        if self.placement_id and self.placement.mentoring_type.slug != WARD_VISIT:
            raise ValidationError("A ward visit report belongs to a ward visit placement.")

    @property
    def is_empty(self) -> bool:
        return not (
            self.observations.strip() or self.priorities.strip() or self.matters_for_action.strip()
        )


class PairSide(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"


class PairAccessQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def of_member(self, user):
        return access.pair_accesses_of_member(self, user)

    def waiting_for(self, user):
        return access.pair_accesses_waiting_for(self, user)


class PairAccess(models.Model):
    """An account that joined a pair after the pair had begun, and who vouched for it.

    Written when an account is linked to the record of a placement's mentor or mentee
    (an invitation, an existing account given the role), and when a person with an
    account is added to a placement that already has confidential content. Notes and
    reflections written before ``joined_at`` stay closed to the account until someone
    on the other side of the pair confirms it is the person they know: one person
    (a programme manager, a site administrator) cannot open them on their own say-so.
    """

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pair_accesses"
    )
    side = models.CharField(max_length=10, choices=PairSide.choices)
    record_name = models.CharField("name on the record", max_length=150)
    account_email = models.EmailField("account's email address when it joined")
    joined_at = models.DateTimeField(default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_by_email = models.EmailField(blank=True)
    how = models.CharField(max_length=100)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = PairAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_at", "-pk"]
        verbose_name = "account joining a pair"
        indexes = [models.Index(fields=["user", "confirmed_at"], name="pair_access_user")]

    def __str__(self):
        return f"{self.account_email} joined placement {self.placement_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class DayClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.day_claims_visible_to(self, user)

    def counted(self):
        """Claims that count against a mentor's day: all but the rejected."""
        return self.exclude(status=DayClaim.Status.REJECTED)


class DayClaim(models.Model):
    """Half or whole days of a mentor's time claimed against a placement; what the
    programme pays for. Days used are approved claims; session minutes are contact
    time, never converted to days."""

    class Length(models.TextChoices):
        HALF = "half", "Half day"
        WHOLE = "whole", "Whole day"

    class Purpose(models.TextChoices):
        SESSION = "session", "A mentoring session"
        PREPARATION = "preparation", "Preparation"
        TRAVEL = "travel", "Travel"
        OBSERVATION = "observation", "Observing a meeting"
        AWAY_DAY = "away-day", "An away day"
        TRAINING = "training", "A training and pairing event"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"  # not yet sent; the mentor may change or delete it
        SUBMITTED = "submitted", "Waiting for approval"
        QUERIED = "queried", "Queried"  # sent back with the manager's message
        APPROVED = "approved", "Approved"  # locked
        REJECTED = "rejected", "Rejected"  # locked, with the reason

    LOCKED = (Status.APPROVED, Status.REJECTED)
    PENDING = (Status.SUBMITTED, Status.QUERIED)

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="day_claims")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="day_claims")
    worked_on = models.DateField("Date")
    length = models.CharField(max_length=5, choices=Length.choices)
    purpose = models.CharField("What the time was for", max_length=12, choices=Purpose.choices)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="day_claims"
    )
    description = models.CharField(
        max_length=200,
        validators=[single_line],
        help_text="A short line the programme can see, e.g. “Budget scrutiny committee”. "
        "Nothing confidential: what was said belongs in the session notes.",
    )
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(blank=True)  # the manager's query or reason for rejecting
    fee = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Set when the claim is approved, at the day rate of the day worked; "
        "none where no rate applies.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DayClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-worked_on", "-pk"]
        verbose_name = "day claim"
        indexes = [
            models.Index(fields=["placement", "status"], name="day_claim_placement_status"),
            models.Index(fields=["mentor", "worked_on"], name="day_claim_mentor_worked_on"),
            # Money by financial year and statements by month read approved claims by date.
            models.Index(fields=["status", "worked_on"], name="day_claim_status_worked_on"),
            # A manager's queue: the claims sent for a decision, the longest waiting first.
            models.Index(fields=["status", "submitted_at"], name="day_claim_status_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(length__in=["half", "whole"]),
                name="day_claim_length_valid",
                violation_error_message="A claim is for a half or a whole day.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "queried", "approved", "rejected"]),
                name="day_claim_status_valid",
                violation_error_message="Unknown claim status.",
            ),
        ]

    def __str__(self):
        return f"{self.get_length_display()} on {self.worked_on:%d/%m/%Y}"

    @property
    def days(self) -> Decimal:
        return Decimal("0.5") if self.length == self.Length.HALF else Decimal("1")

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    def clean(self):
        errors = {}
        if self.worked_on and self.worked_on > timezone.localdate():
            errors["worked_on"] = (
                "A day can only be claimed once it has been worked: "
                "the date must be today or earlier."
            )
        placement = self.placement if self.placement_id else None
        if placement and self.worked_on and "worked_on" not in errors:
            follow_up_until = placement.follow_up_until
            if self.worked_on < placement.started_on:
                errors["worked_on"] = f"The placement starts on {placement.started_on:%-d %B %Y}."
            elif follow_up_until and self.worked_on > follow_up_until:
                errors["worked_on"] = (
                    "Days are accepted until the end of the three-month follow-up, "
                    f"{follow_up_until:%-d %B %Y}."
                )
        if placement and self.mentor_id:
            if not PlacementMentor.objects.filter(
                placement=placement, mentor_id=self.mentor_id
            ).exists():
                errors["mentor"] = "The mentor is not one of this placement's mentors."
        if (
            self.worked_on
            and "worked_on" not in errors
            and self.status not in self.LOCKED
            and FinancialYear.is_day_closed(self.worked_on)
        ):
            errors["worked_on"] = (
                f"The financial year {financial_year_label(financial_year_of(self.worked_on))} "
                "is closed: no more days can be claimed in it."
            )
        if self.session_id and placement and self.session.placement_id != placement.pk:
            errors["session"] = "The session belongs to another placement."
        if self.mentor_id and self.worked_on and self.length and "worked_on" not in errors:
            claimed = claim_days(
                DayClaim.objects.counted()
                .filter(mentor_id=self.mentor_id, worked_on=self.worked_on)
                .exclude(pk=self.pk)
            )
            if claimed + self.days > 1:
                if claimed >= 1:
                    errors["worked_on"] = (
                        f"You have already claimed a whole day on {self.worked_on:%-d %B %Y}."
                    )
                else:
                    errors["length"] = (
                        f"You have already claimed half a day on {self.worked_on:%-d %B %Y}: "
                        "claim a half day."
                    )
        if errors:
            raise ValidationError(errors)


class DayExtension(models.Model):
    """Days the programme manager added to a placement's agreed days when a claim took
    it past 100%, with the reason."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="day_extensions"
    )
    days = models.DecimalField(
        max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    reason = models.TextField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["placement", "agreed_at"]

    def __str__(self):
        return f"{self.days} more days for placement {self.placement_id}"


class DayRateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.day_rates_visible_to(self, user)

    def on(self, day):
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class DayRate(models.Model):
    """What a whole day is paid, for one mentor or for every mentor a funder pays,
    from a date (and until one: rates change). A mentor's own rate wins over the
    funder's; half a day is paid half."""

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, null=True, blank=True, related_name="day_rates"
    )
    funder = models.ForeignKey(
        Funder, on_delete=models.CASCADE, null=True, blank=True, related_name="day_rates"
    )
    amount = models.DecimalField(
        "day rate", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("until", null=True, blank=True, help_text="Leave empty if open.")

    objects = DayRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["mentor__full_name", "funder__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mentor__isnull=True) ^ Q(funder__isnull=True),
                name="day_rate_for_mentor_or_funder",
                violation_error_message="A rate is for one mentor or for one funder.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="day_rate_ends_after_start",
                violation_error_message="A rate cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"£{self.amount:,.2f} a day for {self.mentor or self.funder}"

    def clean(self):
        errors = {}
        if bool(self.mentor_id) == bool(self.funder_id):
            errors["__all__"] = "Choose either a mentor or a funder."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "A rate cannot end before it starts."
        if self.starts_on and not errors:
            same = DayRate.objects.filter(
                mentor_id=self.mentor_id, funder_id=self.funder_id
            ).exclude(pk=self.pk)
            overlapping = same.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on)
            ).order_by("starts_on")
            if self.ends_on:
                overlapping = overlapping.filter(starts_on__lte=self.ends_on)
            other = overlapping.first()
            if other:
                until = f"{other.ends_on:%-d %B %Y}" if other.ends_on else "with no end"
                errors["starts_on"] = (
                    f"These dates overlap the rate of £{other.amount:,.2f} from "
                    f"{other.starts_on:%-d %B %Y} {'until ' if other.ends_on else ''}{until}: "
                    "end that rate first, or change these dates."
                )
        if errors:
            raise ValidationError(errors)


def receipt_upload_to(instance, filename: str) -> str:
    """A random stored name: the person's file name is kept in ``receipt_name`` only."""
    return f"receipts/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ClaimExpenseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.claim_expenses_visible_to(self, user)


class ClaimExpense(models.Model):
    """Travel or subsistence paid against a day claim, approved with it. A receipt is
    needed over ``settings.EXPENSE_RECEIPT_OVER``."""

    class Kind(models.TextChoices):
        TRAVEL = "travel", "Travel"
        SUBSISTENCE = "subsistence", "Subsistence"

    claim = models.ForeignKey(DayClaim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.CharField(
        max_length=200,
        validators=[single_line],
        help_text="For example “Train, Sheffield to Rotherham and back”.",
    )
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    receipt = models.FileField(upload_to=receipt_upload_to, max_length=255, blank=True)
    receipt_name = models.CharField(max_length=255, blank=True)
    receipt_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimExpenseQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="claim_expense_amount_positive",
                violation_error_message="An expense is more than £0.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: £{self.amount:,.2f}"

    def clean(self):
        limit = settings.EXPENSE_RECEIPT_OVER
        if self.amount and self.amount > limit and not self.receipt:
            raise ValidationError(
                {"receipt": f"Attach the receipt: one is needed for an expense over £{limit:,.2f}."}
            )
