import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import NamedChoicesFilterSet, names
from councils.models import Council, Party, Role
from councils.regions import Region
from funding.models import Funder
from funding.years import financial_year_bounds
from mentoring.models import (
    Funding,
    Mentor,
    MentoringType,
    Placement,
    PlacementMentee,
    PlacementStatus,
    Session,
    SessionMode,
)

SORTS_PLACEMENT = {
    "start": "started_on",
    "-start": "-started_on",
    "council": "council__name",
    "status": "status",
    "end": "planned_end_on",
}


class PlacementFilter(NamedChoicesFilterSet):
    council = django_filters.ChoiceFilter(field_name="council", empty_label="Any council")
    mentoring_type = django_filters.ChoiceFilter(
        field_name="mentoring_type", label="Type", empty_label="Any type"
    )
    status = django_filters.ChoiceFilter(choices=PlacementStatus.choices, empty_label="Any status")
    # A name to search for, not a list of the whole pool (hundreds of mentors).
    mentor = django_filters.CharFilter(label="Mentor's name contains", method="filter_mentor")
    role = django_filters.ChoiceFilter(
        method="filter_role", label="Mentee's role", empty_label="Any role"
    )
    funding = django_filters.ChoiceFilter(choices=Funding.choices, empty_label="Any funding")
    attention = django_filters.ChoiceFilter(
        label="Needs attention",
        empty_label="Any",
        method="filter_attention",
        choices=[
            ("quiet", "No session in six weeks"),
            ("agreement", "Agreement awaiting a signature"),
            ("flagged", "Flagged for the manager"),
        ],
    )
    year = django_filters.NumberFilter(
        method="filter_municipal_year",
        label="Started in municipal year (e.g. 2026 = May 2026–April 2027)",
        # A year the calendar can hold (year 0 or 10000 was a server error).
        min_value=1900,
        max_value=2100,
    )
    funder = django_filters.ChoiceFilter(field_name="funder", empty_label="Any funder")
    financial_year = django_filters.NumberFilter(
        method="filter_financial_year",
        label="Started in financial year (e.g. 2026 = April 2026–March 2027)",
        min_value=1900,
        max_value=2100,
    )
    named_choices = {
        "council": names(Council),
        "mentoring_type": names(MentoringType),
        "role": names(Role),
        "funder": names(Funder),
    }

    class Meta:
        model = Placement
        fields = ["council", "mentoring_type", "status", "mentor", "role", "funding", "funder"]

    def filter_mentor(self, queryset, name, value):
        return queryset.filter(
            pk__in=Placement.objects.filter(mentors__full_name__icontains=value.strip()).values(
                "pk"
            )
        )

    def filter_role(self, queryset, name, value):
        return queryset.with_mentee_role(value)

    def filter_attention(self, queryset, name, value):
        if value == "quiet":
            return queryset.quiet()
        if value == "agreement":
            return queryset.awaiting_agreement()
        return queryset.exclude(needs_attention="")

    def filter_financial_year(self, queryset, name, value):
        return queryset.filter(started_on__range=financial_year_bounds(int(value)))

    def filter_municipal_year(self, queryset, name, value):
        start = datetime.date(int(value), 5, 1)
        return queryset.filter(
            started_on__gte=start, started_on__lt=start.replace(year=start.year + 1)
        )


class MentorFilter(NamedChoicesFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    regional_pool = django_filters.ChoiceFilter(
        choices=Region.choices, label="Region", empty_label="Any region"
    )
    party = django_filters.ChoiceFilter(field_name="party", empty_label="Any party")
    expertise = django_filters.ChoiceFilter(field_name="expertise", empty_label="Any role")
    accreditation = django_filters.ChoiceFilter(
        label="Accreditation",
        empty_label="Any",
        method="filter_accreditation",
        choices=[("valid", "Valid"), ("ending", "Ends within 60 days"), ("none", "Not valid")],
    )
    capacity = django_filters.ChoiceFilter(
        label="Capacity",
        empty_label="Any",
        method="filter_capacity",
        choices=[("left", "Has capacity left"), ("full", "Full")],
    )
    # Yes or no in words ("Any" for both), not a yes-no-unknown select.
    active = django_filters.ChoiceFilter(
        label="Active",
        empty_label="Any",
        method="filter_active",
        choices=[("yes", "Yes"), ("no", "No")],
    )
    named_choices = {"party": names(Party), "expertise": names(Role)}

    class Meta:
        model = Mentor
        fields = ["regional_pool", "party", "expertise", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(organisation__icontains=value)
            | Q(council__name__icontains=value)
        )

    def filter_accreditation(self, queryset, name, value):
        today = timezone.localdate()
        valid = Q(accredited=True, accreditation_expires_on__gte=today)
        if value == "valid":
            return queryset.filter(valid)
        if value == "ending":
            return queryset.filter(
                valid, accreditation_expires_on__lte=today + datetime.timedelta(days=60)
            )
        return queryset.exclude(valid)

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes")

    def filter_capacity(self, queryset, name, value):
        from django.db.models import F

        if value == "left":
            return queryset.filter(active_placement_count__lt=F("capacity"))
        return queryset.filter(active_placement_count__gte=F("capacity"))


class SessionFilter(NamedChoicesFilterSet):
    held_from = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label="Held from"
    )
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="Held to")
    council = django_filters.ChoiceFilter(
        field_name="placement__council", empty_label="Any council"
    )
    mode = django_filters.ChoiceFilter(choices=SessionMode.choices, empty_label="Any")
    named_choices = {"council": names(Council)}

    class Meta:
        model = Session
        fields = ["held_from", "held_to", "council", "mode"]


class ConfidenceSeriesFilter(NamedChoicesFilterSet):
    name = django_filters.CharFilter(
        label="Mentee's name contains", method="filter_name", field_name="mentee_name"
    )
    council = django_filters.ChoiceFilter(
        field_name="placement__council", label="Council", empty_label="Any council"
    )
    mentoring_type = django_filters.ChoiceFilter(
        field_name="placement__mentoring_type", label="Type", empty_label="Any type"
    )
    named_choices = {"council": names(Council), "mentoring_type": names(MentoringType)}

    class Meta:
        model = PlacementMentee
        fields = ["name", "council", "mentoring_type"]

    def filter_name(self, queryset, name, value):
        # A mentee is a councillor or an officer, never both: the name is whichever is set.
        value = value.strip()
        return queryset.filter(
            Q(councillor__full_name__icontains=value) | Q(officer__full_name__icontains=value)
        )
