from django.contrib import admin

from councils.models import (
    CommissionerAppointment,
    Council,
    Councillor,
    Election,
    GovernanceChange,
    Officer,
    Party,
    Role,
    RoleAppointment,
)


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]


class GovernanceChangeInline(admin.TabularInline):
    model = GovernanceChange
    extra = 0


class CommissionerInline(admin.TabularInline):
    model = CommissionerAppointment
    extra = 0
    autocomplete_fields = ["commissioner"]


class ElectionInline(admin.TabularInline):
    model = Election
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "political_control", "archived_on"]
    list_filter = ["kind", "region", "political_control", "archived_on"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["political_control"]
    inlines = [GovernanceChangeInline, ElectionInline, CommissionerInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "single_holder", "order"]
    ordering = ["order"]


class RoleAppointmentInline(admin.TabularInline):
    model = RoleAppointment
    extra = 0


@admin.register(Councillor)
class CouncillorAdmin(admin.ModelAdmin):
    list_display = ["full_name", "council", "party", "ward", "first_elected_on", "left_office_on"]
    list_filter = ["council", "party", "left_office_on"]
    search_fields = ["full_name", "ward", "email", "council__name"]
    list_select_related = ["council", "party"]
    autocomplete_fields = ["council"]
    # Linked through an invitation, which the pair is told of and must confirm.
    readonly_fields = ["user"]
    date_hierarchy = "first_elected_on"
    inlines = [RoleAppointmentInline]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "job_title", "council", "left_office_on"]
    list_filter = ["council"]
    search_fields = ["full_name", "job_title", "council__name"]
    list_select_related = ["council"]
    autocomplete_fields = ["council"]
    # Linked through an invitation, which the pair is told of and must confirm.
    readonly_fields = ["user"]


@admin.register(RoleAppointment)
class RoleAppointmentAdmin(admin.ModelAdmin):
    list_display = ["councillor", "role", "committee", "started_on", "ended_on"]
    list_filter = ["role", "councillor__council"]
    search_fields = ["councillor__full_name", "committee"]
    list_select_related = ["councillor", "role"]
    autocomplete_fields = ["councillor"]
    date_hierarchy = "started_on"


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["council", "held_on", "kind"]
    list_filter = ["kind", "council"]
    list_select_related = ["council"]
    date_hierarchy = "held_on"


@admin.register(CommissionerAppointment)
class CommissionerAppointmentAdmin(admin.ModelAdmin):
    list_display = ["commissioner", "council", "started_on", "ended_on"]
    list_filter = ["council"]
    search_fields = ["commissioner__full_name", "council__name"]
    list_select_related = ["commissioner", "council"]
    autocomplete_fields = ["commissioner", "council"]
