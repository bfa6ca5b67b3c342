"""List filters of the confidence check-ins overview, kept in the URL."""

import django_filters

from councils.models import Council
from mentoring.models import MentoringType, PlacementMentee


class ConfidenceSeriesFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label="Mentee's name contains", method="filter_name", field_name="mentee_name"
    )
    council = django_filters.ModelChoiceFilter(
        queryset=Council.objects.all(), field_name="placement__council", label="Council"
    )
    mentoring_type = django_filters.ModelChoiceFilter(
        queryset=MentoringType.objects.all(),
        field_name="placement__mentoring_type",
        label="Type",
    )

    class Meta:
        model = PlacementMentee
        fields = ["name", "council", "mentoring_type"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(mentee_name__icontains=value.strip())
