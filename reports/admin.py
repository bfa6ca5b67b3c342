from django.contrib import admin

from reports.models import MonthlyReport, ReportNarrative


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["council", "month", "status", "rendered_at", "emailed_at", "run_id"]
    list_filter = ["status", "council"]
    list_select_related = ["council"]
    date_hierarchy = "month"
    readonly_fields = [
        "council",
        "month",
        "status",
        "file",
        "size",
        "checksum",
        "rendered_at",
        "run_id",
        "error",
        "emailed_at",
        "requested_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(admin.ModelAdmin):
    list_display = ["council", "month", "updated_by", "updated_at"]
    list_select_related = ["council", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]
