"""List filters, sorting and the annotations the lists and the CSV export share.

Choice lists (councils, parties, roles) are read once per request and the
filters compare against them, so a filtered page runs as many queries as an
unfiltered one.
"""

import django_filters
from django.apps import apps
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.filters import NamedChoicesFilterSet
from councils.models import (
    Council,
    CouncilKind,
    Councillor,
    Election,
    GovernanceChange,
    GovernanceStatus,
    Party,
    Role,
    RoleAppointment,
)
from councils.regions import Region
from councils.services import OPEN_PLACEMENT_STATUSES

INDEPENDENT = "independent"
NO_OVERALL_CONTROL = "none"


def current_appointments(day=None) -> QuerySet:
    """Role appointments held on a day (the end date is the last day held)."""
    day = day or timezone.localdate()
    return RoleAppointment.objects.filter(started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def councillors_annotated(day=None) -> QuerySet:
    """Councillors with their council, party, whether they are new since their
    council's last election and whether they have an open placement."""
    day = day or timezone.localdate()
    last_election = (
        Election.objects.filter(council=OuterRef("council_id"), held_on__lte=day)
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    # Looked up per row shown by the councillor's memberships, not worked out for all.
    open_placement = apps.get_model("mentoring", "PlacementMentee").objects.filter(
        councillor=OuterRef("pk"), placement__status__in=OPEN_PLACEMENT_STATUSES
    )
    return (
        Councillor.objects.select_related("council", "party")
        .annotate(last_election_on=Subquery(last_election))
        .annotate(
            is_new_member=Case(
                When(
                    first_elected_on__isnull=False,
                    last_election_on__isnull=False,
                    first_elected_on__gte=F("last_election_on"),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            has_open_placement=Exists(open_placement),
        )
    )


def councillors_for_lists(day=None) -> QuerySet:
    """Councillors with what every list and the export shows of them."""
    day = day or timezone.localdate()
    return councillors_annotated(day).prefetch_related(
        Prefetch(
            "appointments",
            queryset=current_appointments(day)
            .select_related("role")
            .order_by("role__order", "committee"),
            to_attr="current_appointments",
        )
    )


def councils_with_counts(day=None) -> QuerySet:
    """Councils with their political control and how many councillors are in office."""
    in_office = (
        Councillor.objects.in_office(day or timezone.localdate())
        .filter(council=OuterRef("pk"))
        .order_by()
        .values("council")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Council.objects.select_related("political_control").annotate(
        councillor_count=Coalesce(Subquery(in_office, output_field=IntegerField()), 0),
    )


def councils_for_lists(day=None) -> QuerySet:
    """Councils with their counts and the governance status in force (latest change)."""
    day = day or timezone.localdate()
    latest_change = GovernanceChange.objects.filter(
        council=OuterRef("pk"), since__lte=day
    ).order_by("-since", "-pk")
    return councils_with_counts(day).annotate(
        governance_status=Subquery(latest_change.values("status")[:1]),
        governance_since=Subquery(latest_change.values("since")[:1]),
    )


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting with the primary key last, so that pages never share or skip rows."""

    def __init__(self, *args, default: str, **kwargs):
        self.default = default
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        ordering = [self.get_ordering_value(p) for p in value] if value else []
        if not ordering:
            ordering = [self.get_ordering_value(self.default)]
        return qs.order_by(*ordering, "pk")


def _party_choices() -> list:
    return [
        (str(pk), name) for pk, name in Party.objects.order_by("name").values_list("pk", "name")
    ]


def _yes_no(label):
    return django_filters.ChoiceFilter(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        empty_label="Any",
        method="filter_yes_no",
    )


class CouncillorFilter(NamedChoicesFilterSet):
    q = django_filters.CharFilter(label="Name or ward", method="filter_q")
    council = django_filters.ChoiceFilter(
        label="Council", empty_label="Any council", method="filter_council"
    )
    party = django_filters.ChoiceFilter(
        label="Party", empty_label="Any party", method="filter_party"
    )
    role = django_filters.ChoiceFilter(
        label="Role held now", empty_label="Any role", method="filter_role"
    )
    new_member = _yes_no("New since the last election")
    open_placement = _yes_no("Has an open placement")
    office = django_filters.ChoiceFilter(
        label="In office",
        choices=[("current", "In office"), ("left", "Left office"), ("all", "Everyone")],
        empty_label=None,
        method="filter_office",
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=(
            ("full_name", "name"),
            ("council__name", "council"),
            ("party__name", "party"),
            ("ward", "ward"),
            ("first_elected_on", "elected"),
        ),
        field_labels={
            "full_name": "Name",
            "council__name": "Council",
            "party__name": "Party",
            "ward": "Ward",
            "first_elected_on": "First elected",
        },
        default="name",
        empty_label=None,
    )
    defaults = {"office": "current"}
    named_choices = {
        "council": lambda: list(Council.objects.order_by("name").values_list("slug", "name")),
        "party": lambda: [(INDEPENDENT, "Independent"), *_party_choices()],
        "role": lambda: list(Role.objects.order_by("order", "name").values_list("slug", "name")),
    }

    class Meta:
        model = Councillor
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        words = value.split()
        for word in words:
            qs = qs.filter(Q(full_name__icontains=word) | Q(ward__icontains=word))
        return qs

    def filter_council(self, qs, name, value):
        return qs.filter(council__slug=value)

    def filter_party(self, qs, name, value):
        if value == INDEPENDENT:
            return qs.filter(party__isnull=True)
        return qs.filter(party_id=value)

    def filter_role(self, qs, name, value):
        held = current_appointments().filter(councillor=OuterRef("pk"), role__slug=value)
        return qs.filter(Exists(held))

    def filter_yes_no(self, qs, name, value):
        annotation = {"new_member": "is_new_member", "open_placement": "has_open_placement"}[name]
        return qs.filter(**{annotation: value == "yes"})

    def filter_office(self, qs, name, value):
        if value == "current":
            return qs.in_office()
        if value == "left":
            return qs.filter(left_office_on__lte=timezone.localdate())
        return qs


class CouncilFilter(NamedChoicesFilterSet):
    q = django_filters.CharFilter(label="Name", method="filter_q")
    region = django_filters.ChoiceFilter(
        choices=Region.choices, empty_label="Any region", field_name="region"
    )
    kind = django_filters.ChoiceFilter(
        choices=CouncilKind.choices, empty_label="Any kind", field_name="kind"
    )
    governance = django_filters.ChoiceFilter(
        label="Governance status",
        choices=GovernanceStatus.choices,
        empty_label="Any status",
        method="filter_governance",
    )
    control = django_filters.ChoiceFilter(
        label="Political control", empty_label="Any", method="filter_control"
    )
    archived = django_filters.ChoiceFilter(
        label="Archived",
        choices=[("current", "Current councils"), ("archived", "Archived"), ("all", "All")],
        empty_label=None,
        method="filter_archived",
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=(
            ("name", "name"),
            ("region", "region"),
            ("kind", "kind"),
            ("councillor_count", "councillors"),
        ),
        field_labels={
            "name": "Name",
            "region": "Region",
            "kind": "Kind",
            "councillor_count": "Councillors in office",
        },
        default="name",
        empty_label=None,
    )
    defaults = {"archived": "current"}
    named_choices = {
        "control": lambda: [(NO_OVERALL_CONTROL, "No overall control"), *_party_choices()],
    }

    class Meta:
        model = Council
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        for word in value.split():
            qs = qs.filter(Q(name__icontains=word) | Q(slug__icontains=word))
        return qs

    def filter_governance(self, qs, name, value):
        if value == GovernanceStatus.NORMAL:
            # A council with no recorded change is a council in the normal state.
            return qs.filter(Q(governance_status=value) | Q(governance_status__isnull=True))
        return qs.filter(governance_status=value)

    def filter_control(self, qs, name, value):
        if value == NO_OVERALL_CONTROL:
            return qs.filter(political_control__isnull=True)
        return qs.filter(political_control_id=value)

    def filter_archived(self, qs, name, value):
        if value == "current":
            return qs.filter(archived_on__isnull=True)
        if value == "archived":
            return qs.filter(archived_on__isnull=False)
        return qs
