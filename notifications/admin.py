"""Admin: what was sent to whom and when, and reminders that failed (with the error)."""

from django.contrib import admin

from notifications.models import Notification, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "due_on", "sent_at", "attempts", "last_error"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__email"]
    date_hierarchy = "due_on"
    list_select_related = ["recipient"]
    readonly_fields = [
        "kind",
        "object_type",
        "object_id",
        "recipient",
        "due_on",
        "title",
        "body",
        "link",
        "created_at",
        "claimed_at",
        "sent_at",
        "last_error",
    ]
    # Setting attempts back to 0 lets a reminder that failed too often be tried again.
    fields = [*readonly_fields, "attempts"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__email"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "title", "body", "link", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False
