"""List filters of the confidence check-ins overview, kept in the URL."""

import django_filters
from django.db.models import Q

from councils.models import Council
from mentoring.filters import NamedChoicesFilterSet, names
from mentoring.models import MentoringType, PlacementMentee


class ConfidenceSeriesFilter(NamedChoicesFilterSet):
    name = django_filters.CharFilter(
        label="Mentee's name contains", method="filter_name", field_name="mentee_name"
    )
    council = django_filters.ChoiceFilter(field_name="placement__council", label="Council")
    mentoring_type = django_filters.ChoiceFilter(
        field_name="placement__mentoring_type", label="Type"
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
