from django.contrib import admin

from calendars.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Shows whether a feed exists; never its token (only a hash is kept anyway)."""

    list_display = ["user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "created_at", "revoked_at"]
    readonly_fields = ["user", "created_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False
