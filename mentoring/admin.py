"""The Django admin over mentoring.

Confidential content (session notes, actions agreed, reflections) has no
admin page, column, search field or inline: the admin shows only that a
note exists.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from mentoring.models import (
    AgreementReview,
    ConfidenceCheck,
    ConfidenceScore,
    DayClaim,
    DayExtension,
    DayRate,
    Goal,
    LearningAgreement,
    MemberAgreement,
    Mentor,
    MentoringType,
    Placement,
    PlacementMentee,
    Session,
    Theme,
)
from mentoring.services import placement_rule_errors


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "kind",
        "council",
        "organisation",
        "party",
        "regional_pool",
        "accredited",
        "accreditation_expires_on",
        "capacity",
        "active",
    ]
    list_filter = ["kind", "regional_pool", "party", "accredited", "active", "expertise"]
    search_fields = ["full_name", "email", "organisation", "council__name"]
    list_select_related = ["council", "party"]
    autocomplete_fields = ["council", "councillor"]
    filter_horizontal = ["expertise"]
    # An account is linked through an invitation, which the pair is told of and must
    # confirm: here it would open the pair's notes on one person's say-so.
    readonly_fields = ["user"]


@admin.register(MentoringType)
class MentoringTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "cost_band",
        "mentor_council_rule",
        "same_party",
        "min_mentees",
        "max_mentees",
    ]
    ordering = ["order"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


class PlacementMenteeFormSet(forms.BaseInlineFormSet):
    """Checks the placement's rules once the mentors and mentees are both known."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        people = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            mentee = PlacementMentee(
                councillor=form.cleaned_data.get("councillor"),
                officer=form.cleaned_data.get("officer"),
            )
            if mentee.councillor and mentee.officer:
                raise ValidationError("A mentee is either a councillor or an officer.")
            if mentee.councillor or mentee.officer:
                people.append(mentee.person)
        placement = self.instance
        mentors = getattr(placement, "_mentors_from_form", None)
        if mentors is None:
            mentors = list(placement.mentors.all()) if placement.pk else []
        errors = placement_rule_errors(placement=placement, mentors=list(mentors), mentees=people)
        if errors:
            raise ValidationError(errors)


class PlacementMenteeInline(admin.TabularInline):
    model = PlacementMentee
    formset = PlacementMenteeFormSet
    extra = 1
    autocomplete_fields = ["councillor", "officer"]

    # Who is in a pair is set when the placement is made: adding someone later would
    # open the pair's notes to them on one person's say-so (mentoring.pair_access).
    def has_add_permission(self, request, obj=None):
        return obj is None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None and super().has_delete_permission(request, obj)


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged for the programme manager")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(needs_attention="")
        return queryset


class PlacementAdminForm(forms.ModelForm):
    # The model's mentors go through PlacementMentor, which the admin cannot
    # edit as a plain many-to-many field.
    mentor_choice = forms.ModelMultipleChoiceField(
        queryset=Mentor.objects.all(),
        label="Mentors",
        widget=FilteredSelectMultiple("mentors", is_stacked=False),
    )

    class Meta:
        model = Placement
        fields = [
            "council",
            "mentoring_type",
            "status",
            "withdrawn_reason",
            "started_on",
            "planned_end_on",
            "ended_on",
            "mentor_days_agreed",
            "funding",
            "cost",
            "needs_attention",
            "political_group",
            "supported_role",
            "other_council_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["mentor_choice"].initial = list(self.instance.mentors.all())
            # As the mentee inline: the pair is set when the placement is made.
            self.fields["mentor_choice"].disabled = True
            self.fields[
                "mentor_choice"
            ].help_text = "A placement's mentors are not changed here once it is made."


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    form = PlacementAdminForm
    list_display = [
        "__str__",
        "council",
        "mentoring_type",
        "status",
        "started_on",
        "planned_end_on",
        "mentor_days_agreed",
        "funding",
    ]
    list_filter = ["status", "mentoring_type", "funding", "council", NeedsAttentionFilter]
    search_fields = [
        "council__name",
        "mentors__full_name",
        "mentees__councillor__full_name",
        "mentees__officer__full_name",
    ]
    list_select_related = ["council", "mentoring_type"]
    autocomplete_fields = ["council"]
    # Thousands of role appointments: typed as an id, not a list to load.
    raw_id_fields = ["political_group", "supported_role"]
    date_hierarchy = "started_on"
    inlines = [PlacementMenteeInline]

    def save_form(self, request, form, change):
        placement = super().save_form(request, form, change)
        # The mentee inline's rules need the mentors chosen on this form.
        placement._mentors_from_form = list(form.cleaned_data.get("mentor_choice") or [])
        return placement

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.mentors.set(form.cleaned_data["mentor_choice"])


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


class AgreementReviewInline(admin.TabularInline):
    model = AgreementReview
    extra = 0


class MemberAgreementInline(admin.TabularInline):
    """Each mentee agrees for themself on the agreement's page: shown here, not made."""

    model = MemberAgreement
    extra = 0
    fields = readonly_fields = ["mentee", "agreed_at", "agreed_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LearningAgreement)
class LearningAgreementAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "placement",
        "version",
        "status",
        "mentee_agreed_at",
        "mentor_agreed_at",
    ]
    list_filter = ["status", "placement__council"]
    search_fields = ["placement__council__name"]
    list_select_related = ["placement__council", "placement__mentoring_type"]
    raw_id_fields = ["placement"]
    readonly_fields = [
        "mentee_agreed_at",
        "mentee_agreed_by",
        "mentor_agreed_at",
        "mentor_agreed_by",
    ]
    inlines = [GoalInline, AgreementReviewInline, MemberAgreementInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and obj.is_locked:
            fields += ["placement", "version", "status", *LearningAgreement.CONTENT_FIELDS]
        return fields


@admin.register(DayClaim)
class DayClaimAdmin(SimpleHistoryAdmin):
    """Claims are decided on the claims pages; an approved or rejected claim is the
    record of what the programme pays, so here it can be read, not changed."""

    list_display = ["worked_on", "mentor", "length", "purpose", "status", "placement"]
    list_filter = ["status", "length", "purpose", "placement__council"]
    search_fields = ["mentor__full_name", "placement__council__name", "description"]
    list_select_related = ["mentor", "placement__council", "placement__mentoring_type"]
    raw_id_fields = ["placement", "mentor", "session", "decided_by"]
    date_hierarchy = "worked_on"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected" leaves approved and rejected claims as they are.
        super().delete_queryset(request, queryset.exclude(status__in=DayClaim.LOCKED))


@admin.register(DayRate)
class DayRateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_select_related = ["mentor", "funder"]
    raw_id_fields = ["mentor"]


@admin.register(DayExtension)
class DayExtensionAdmin(admin.ModelAdmin):
    """Extensions are agreed when a claim is approved; here they are read."""

    list_display = ["placement", "days", "agreed_at", "agreed_by"]
    list_select_related = ["placement__council", "placement__mentoring_type", "agreed_by"]
    readonly_fields = ["placement", "days", "reason", "agreed_by", "agreed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    """Shows that a session happened and whether it has a note; never the note."""

    list_display = [
        "__str__",
        "placement",
        "held_on",
        "duration_minutes",
        "mode",
        "is_follow_up",
        "has_confidential_note",
    ]
    list_filter = ["mode", "is_follow_up", "placement__council"]
    search_fields = ["placement__council__name", "topics__name"]
    list_select_related = ["placement__council", "placement__mentoring_type"]
    raw_id_fields = ["placement", "logged_by"]
    filter_horizontal = ["topics"]
    date_hierarchy = "held_on"
    fields = [
        "placement",
        "held_on",
        "duration_minutes",
        "mode",
        "topics",
        "attendees",
        "is_follow_up",
        "logged_by",
        "has_confidential_note",
    ]
    readonly_fields = ["has_confidential_note", "attendees"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk:
            # Moving a session would carry its confidential note to another pair.
            fields.append("placement")
        return fields

    # Who attended and whether there is a note are only known once the session is
    # saved: an unsaved session has no attendees to read (many-to-many needs an id).
    shown_once_saved = ["attendees", "has_confidential_note"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or obj.pk is None:
            fields = [f for f in fields if f not in self.shown_once_saved]
        return fields

    @admin.display(boolean=True, description="confidential note")
    def has_confidential_note(self, obj):
        return hasattr(obj, "note")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("note")
            .defer("note__notes", "note__actions_agreed")
        )


class ConfidenceScoreInline(admin.TabularInline):
    model = ConfidenceScore
    extra = 0


@admin.register(ConfidenceCheck)
class ConfidenceCheckAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mentee", "stage", "taken_on"]
    list_filter = ["stage"]
    list_select_related = ["mentee__councillor", "mentee__officer"]
    raw_id_fields = ["mentee"]
    date_hierarchy = "taken_on"
    inlines = [ConfidenceScoreInline]
