from django.contrib import admin

from privacy.models import ErasureRecord


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """Read only: the record that an erasure happened (ids, never names)."""

    list_display = ("subject_type", "subject_id", "erased_at", "trigger")
    list_filter = ("subject_type", "trigger")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
