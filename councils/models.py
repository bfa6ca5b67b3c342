"""Councils, their political make-up, councillors and the roles they hold."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.validators import single_line
from councils import access
from councils.regions import Region


def _ends_after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message="The end date cannot be before the start date.",
    )


class Party(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[single_line])
    short_name = models.CharField(max_length=20, blank=True, validators=[single_line])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name


class CouncilKind(models.TextChoices):
    METROPOLITAN_BOROUGH = "metropolitan-borough", "Metropolitan borough"
    LONDON_BOROUGH = "london-borough", "London borough"
    COUNTY = "county", "County"
    DISTRICT = "district", "District"
    UNITARY = "unitary", "Unitary"
    COMBINED_AUTHORITY = "combined-authority", "Combined authority"
    FIRE_AND_RESCUE = "fire-and-rescue", "Fire and rescue authority"


class GovernanceStatus(models.TextChoices):
    IN_INTERVENTION = "intervention", "In intervention: commissioners appointed"
    POWERS_PARTLY_RETURNED = "partly-returned", "Powers partly returned"
    NORMAL = "normal", "Powers returned / normal"


class CouncilQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_on__isnull=True)

    def visible_to(self, user):
        return access.councils_visible_to(self, user)


class Council(models.Model):
    name = models.CharField(max_length=150, unique=True, validators=[single_line])
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=CouncilKind.choices)
    region = models.CharField(max_length=30, choices=Region.choices)
    political_control = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="controlled_councils",
        help_text="Leave empty for no overall control (a hung council).",
    )
    archived_on = models.DateField(
        null=True,
        blank=True,
        help_text="A council with history is archived, never deleted.",
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def political_control_label(self) -> str:
        return str(self.political_control) if self.political_control_id else "No overall control"

    def governance_status_on(self, day=None):
        """The status in force on a day, from the history (latest change on or before it)."""
        day = day or timezone.localdate()
        change = self.governance_changes.filter(since__lte=day).order_by("-since", "-pk").first()
        return change


class GovernanceChange(models.Model):
    """One step in a council's governance history, e.g. powers partly returned."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="governance_changes"
    )
    status = models.CharField(max_length=20, choices=GovernanceStatus.choices)
    since = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["council", "-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "since", "status"], name="governance_change_unique"
            )
        ]

    def __str__(self):
        return f"{self.council}: {self.get_status_display()} from {self.since:%d/%m/%Y}"


class Role(models.Model):
    """A kind of role a councillor holds: Leader, Cabinet member, Chair, ...

    Kept as rows rather than choices so that a mentor's expertise can be a
    set of them and filtered on any database.
    """

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True, validators=[single_line])
    order = models.PositiveSmallIntegerField(default=0)
    single_holder = models.BooleanField(
        default=True,
        help_text="Held by one councillor at a time per committee or portfolio "
        "(e.g. Chair). Frontline councillor is not.",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def in_office(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(left_office_on__isnull=True) | Q(left_office_on__gt=day))

    def visible_to(self, user):
        return access.people_visible_to(self, user)


class Councillor(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="councillors")
    full_name = models.CharField(max_length=150, validators=[single_line])
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councillors",
        help_text="Leave empty for an independent.",
    )
    ward = models.CharField(max_length=150, blank=True, validators=[single_line])
    email = models.EmailField(blank=True)
    first_elected_on = models.DateField(null=True, blank=True)
    left_office_on = models.DateField(null=True, blank=True)
    development_plan = models.TextField(
        blank=True,
        help_text="The councillor's own development needs (personal development plan).",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="councillor",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        indexes = [
            # The councillors' list, by name (then pk): read in order, stopping at a page.
            models.Index(fields=["full_name", "id"], name="councillor_full_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_office_on__isnull=True)
                | Q(first_elected_on__isnull=True)
                | Q(left_office_on__gte=F("first_elected_on")),
                name="councillor_leaves_after_elected",
                violation_error_message="A councillor cannot leave office before being elected.",
            )
        ]

    def __str__(self):
        return f"Cllr {self.full_name}"

    def is_new_member(self, since) -> bool:
        return bool(self.first_elected_on and self.first_elected_on >= since)


class Officer(models.Model):
    """A senior officer of a council, who can be a mentee too."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="officers")
    full_name = models.CharField(max_length=150, validators=[single_line])
    job_title = models.CharField(max_length=150, validators=[single_line])
    email = models.EmailField(blank=True)
    left_office_on = models.DateField("left the council on", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return f"{self.full_name}, {self.job_title}"


class RoleAppointment(models.Model):
    councillor = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="appointments")
    committee = models.CharField(
        "committee or portfolio",
        max_length=150,
        blank=True,
        validators=[single_line],
        help_text="e.g. Planning Board, or the portfolio for a Cabinet member.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [_ends_after_start("started_on", "ended_on", "appointment_ends_after_start")]

    def __str__(self):
        where = f", {self.committee}" if self.committee else ""
        return f"{self.role}{where}"

    def save(self, *args, **kwargs):
        self.committee = self.committee.strip()
        super().save(*args, **kwargs)

    def clean(self):
        self.committee = self.committee.strip()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end date cannot be before the start date."})
        if not (self.role_id and self.councillor_id and self.started_on):
            return
        clashes = RoleAppointment.objects.filter(
            role=self.role, committee__iexact=self.committee
        ).exclude(pk=self.pk)
        if self.role.single_holder:
            clashes = clashes.filter(councillor__council_id=self.councillor.council_id)
        else:
            clashes = clashes.filter(councillor_id=self.councillor_id)
        clashes = clashes.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.started_on))
        if self.ended_on:
            clashes = clashes.filter(started_on__lte=self.ended_on)
        clash = clashes.select_related("councillor").first()
        if clash:
            where = f" on {self.committee}" if self.committee else ""
            raise ValidationError(
                f"{clash.councillor} already holds {self.role}{where} from "
                f"{clash.started_on:%d/%m/%Y}"
                + (f" to {clash.ended_on:%d/%m/%Y}" if clash.ended_on else "")
                + ": the dates overlap."
            )


class ElectionKind(models.TextChoices):
    ALL_OUT = "all-out", "All-out"
    THIRDS = "thirds", "By thirds"
    BY_ELECTION = "by-election", "By-election"


class Election(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="elections")
    held_on = models.DateField()
    kind = models.CharField(max_length=20, choices=ElectionKind.choices)

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["council", "held_on", "kind"], name="election_unique")
        ]

    def __str__(self):
        what = {
            ElectionKind.ALL_OUT: "all-out election",
            ElectionKind.THIRDS: "election by thirds",
            ElectionKind.BY_ELECTION: "by-election",
        }.get(self.kind, "election")
        return f"{self.council}: {what}, {self.held_on:%d/%m/%Y}"


class CommissionerAppointment(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="commissioner_appointments"
    )
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="commissioner_appointments",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["council", "-started_on"]
        constraints = [_ends_after_start("started_on", "ended_on", "commissioner_ends_after_start")]

    def __str__(self):
        return f"{self.commissioner} for {self.council}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end date cannot be before the start date."})


class PoliticalGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.political_groups_visible_to(self, user)


class PoliticalGroup(models.Model):
    """A council's political group: one party's councillors on the council, or an
    independent group (no party). Political group mentoring works with one; each group
    has its own leader, so a council has as many group leaders as groups."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="political_groups")
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="political_groups",
        help_text="Leave empty for an independent group.",
    )
    name = models.CharField(
        max_length=150,
        validators=[single_line],
        help_text="As the council lists it, e.g. Labour Group or Independent Group.",
    )
    leader = models.ForeignKey(
        Councillor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups_led",
        help_text="One of the group's members.",
    )

    objects = PoliticalGroupQuerySet.as_manager()

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"],
                name="political_group_name_unique",
                violation_error_message="The council already has a group of that name.",
            ),
            models.UniqueConstraint(
                fields=["council", "party"],
                condition=Q(party__isnull=False),
                name="political_group_party_unique",
                violation_error_message="The council already has a group of that party.",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.council}"

    @property
    def is_independent(self) -> bool:
        return self.party_id is None

    def admits(self, councillor: Councillor) -> bool:
        """A party's group takes that party's councillors; an independent group those of
        no party."""
        return councillor.party_id == self.party_id

    def clean(self):
        # Said on the field, where the constraints below would say it for the whole form.
        same_council = PoliticalGroup.objects.filter(council_id=self.council_id).exclude(pk=self.pk)
        if self.name and same_council.filter(name__iexact=self.name.strip()).exists():
            raise ValidationError({"name": "The council already has a group of that name."})
        if self.party_id and same_council.filter(party_id=self.party_id).exists():
            raise ValidationError({"party": "The council already has a group of that party."})
        if self.leader_id and self.pk:
            today = timezone.localdate()
            if not self.memberships.current(today).filter(councillor_id=self.leader_id).exists():
                raise ValidationError(
                    {"leader": "The leader must be one of the group's members: add them first."}
                )


class PoliticalGroupMemberQuerySet(models.QuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


class PoliticalGroupMember(models.Model):
    """A councillor's membership of a political group, over time."""

    group = models.ForeignKey(PoliticalGroup, on_delete=models.CASCADE, related_name="memberships")
    councillor = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="group_memberships"
    )
    joined_on = models.DateField()
    left_on = models.DateField(
        null=True, blank=True, help_text="The first day they are no longer a member."
    )

    objects = PoliticalGroupMemberQuerySet.as_manager()

    class Meta:
        ordering = ["group", "councillor__full_name", "-joined_on"]
        constraints = [
            _ends_after_start("joined_on", "left_on", "group_member_leaves_after_joining")
        ]

    def __str__(self):
        return f"{self.councillor} in {self.group.name}"

    def clean(self):
        if not (self.group_id and self.councillor_id and self.joined_on):
            return
        group, person = self.group, self.councillor
        if person.council_id != group.council_id:
            raise ValidationError(
                {"councillor": f"{person} is not a councillor of {group.council}."}
            )
        if not group.admits(person):
            party = f"of {person.party}" if person.party_id else "an independent"
            wanted = "independents" if group.is_independent else f"{group.party} councillors"
            raise ValidationError(
                {"councillor": f"{person} is {party}: {group.name} is for {wanted}."}
            )
        if self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "The date they left cannot be before they joined."})
        others = PoliticalGroupMember.objects.filter(councillor=person).exclude(pk=self.pk)
        others = others.filter(Q(left_on__isnull=True) | Q(left_on__gt=self.joined_on))
        if self.left_on:
            others = others.filter(joined_on__lt=self.left_on)
        clash = others.select_related("group").first()
        if clash:
            raise ValidationError(
                {
                    "joined_on": f"{person} is a member of {clash.group.name} from "
                    f"{clash.joined_on:%-d %B %Y}: a councillor is in one group at a time. "
                    "End that membership first."
                }
            )
