"""The filters of the review visit list, kept in the URL."""

import datetime

import django_filters
from django.db.models.functions import ExtractYear
from django.utils import timezone

from councils.models import Council
from reviews.models import Action, ReviewVisit, VisitKind, VisitStatus


class ReviewVisitFilter(django_filters.FilterSet):
    council = django_filters.ModelChoiceFilter(queryset=Council.objects.none(), empty_label="Any")
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices, empty_label="Any")
    year = django_filters.ChoiceFilter(
        label="Year on site", method="filter_year", choices=[], empty_label="Any"
    )
    attention = django_filters.ChoiceFilter(
        label="Needs attention",
        method="filter_attention",
        empty_label="Any",
        choices=[("upcoming", "On site in the next 30 days"), ("overdue", "Has overdue actions")],
    )

    class Meta:
        model = ReviewVisit
        fields = ["council", "kind", "status", "year"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        # Only councils and years of visits this person may see: the choices
        # do not tell anyone what else exists.
        visible = self.queryset
        self.filters["council"].queryset = Council.objects.filter(
            pk__in=visible.values("council")
        ).order_by("name")
        years = (
            visible.annotate(y=ExtractYear("first_day"))
            .order_by("-y")
            .values_list("y", flat=True)
            .distinct()
        )
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def filter_attention(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(
                first_day__gte=today, first_day__lte=today + datetime.timedelta(days=30)
            )
        overdue = Action.objects.overdue(today).values("recommendation__visit")
        return queryset.filter(pk__in=overdue)

    def filter_year(self, queryset, name, value):
        return queryset.filter(first_day__year=int(value))
