import django_filters

from reports.models import MonthlyReport, ReportStatus

SORTS = {"month": "month", "-month": "-month", "status": "status", "-status": "-status"}


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, empty_label="Any status")
    year = django_filters.NumberFilter(field_name="month", lookup_expr="year", label="Year")

    class Meta:
        model = MonthlyReport
        fields = ["status", "year"]
