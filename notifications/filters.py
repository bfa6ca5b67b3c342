import django_filters

from notifications.models import Notification
from notifications.rules import NOTIFICATION_KINDS

SORTS = {"created": "created_at", "-created": "-created_at"}


class NotificationFilter(django_filters.FilterSet):
    show = django_filters.ChoiceFilter(
        label="Show",
        choices=[("unread", "Unread only"), ("read", "Read only")],
        method="filter_show",
        empty_label="All",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=NOTIFICATION_KINDS, empty_label="Any kind"
    )

    class Meta:
        model = Notification
        fields = ["show", "kind"]

    def filter_show(self, queryset, name, value):
        if value == "unread":
            return queryset.filter(read_at__isnull=True)
        return queryset.filter(read_at__isnull=False)
