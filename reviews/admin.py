from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import (
    Action,
    PeerTeamMember,
    ProgressUpdate,
    Recommendation,
    ReviewVisit,
    VisitDocument,
    VisitStatusChange,
)


class PeerTeamInline(admin.TabularInline):
    model = PeerTeamMember
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    show_change_link = True


class StatusChangeInline(admin.TabularInline):
    """The record of status changes and reopenings is kept as it was written."""

    model = VisitStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "from_status", "to_status", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = VisitDocument
    extra = 0
    fields = ["kind", "title", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        # Uploads go through the visit's page, which checks the file's type and size.
        return False


@admin.register(ReviewVisit)
class ReviewVisitAdmin(SimpleHistoryAdmin):
    list_display = ["title", "council", "kind", "first_day", "status"]
    list_filter = ["kind", "status", "council"]
    search_fields = ["title", "council__name", "question"]
    list_select_related = ["council"]
    autocomplete_fields = ["council", "checks_visit"]
    date_hierarchy = "first_day"
    inlines = [PeerTeamInline, RecommendationInline, DocumentInline, StatusChangeInline]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    show_change_link = True
    fields = ["description", "owner", "due_on", "rag", "completed_on"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "visit", "theme"]
    list_filter = ["visit__council", "theme"]
    search_fields = ["text", "theme", "visit__title"]
    list_select_related = ["visit"]
    inlines = [ActionInline]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "owner", "due_on", "rag", "completed_on", "recommendation"]
    list_filter = ["rag", "recommendation__visit__council", "completed_on"]
    search_fields = ["description", "owner"]
    list_select_related = ["recommendation__visit"]
    autocomplete_fields = ["owner_user"]
    date_hierarchy = "due_on"
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "written_on", "rag", "written_by"]
    list_filter = ["rag"]
    list_select_related = ["action", "written_by"]
    date_hierarchy = "written_on"
