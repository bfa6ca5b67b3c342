import django_filters

from reports.models import MonthlyReport, ReportStatus

SORTS = {"month": "month", "-month": "-month", "status": "status", "-status": "-status"}


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, empty_label="Any status")
    # A year the calendar can hold (year -1 or 10000 was a server error).
    year = django_filters.NumberFilter(
        field_name="month", lookup_expr="year", label="Year", min_value=1900, max_value=2100
    )

    class Meta:
        model = MonthlyReport
        fields = ["status", "year"]
