from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import cached_property

from core.fields import refuse_ciphertext
from core.forms import PlainEmptyChoices, by_name, date_errors
from councils.models import Council, Councillor, Officer, PoliticalGroup
from mentoring.claims import receipt_check
from mentoring.models import (
    AgreementReview,
    ClaimExpense,
    ConfidenceArea,
    ConfidenceStage,
    DayClaim,
    Goal,
    LearningAgreement,
    Mentor,
    MentorCouncilRule,
    MentoringType,
    Placement,
    PlacementMentee,
    PlacementStatus,
    Reflection,
    Session,
    WardIssue,
    WardVisitReport,
)
from mentoring.selectors import supported_role_choices
from mentoring.services import confidence_stage_errors, group_size_warning

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LARGEST_ID = 2**63 - 1


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id. An id too large for the database is refused as
    an unknown choice, not sent to the database (where it was a server error)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: the usual check refuses it
            if not -LARGEST_ID - 1 <= number <= LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class MentorForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {
        "kind": "Choose a kind of mentor",
        "council": "No council (for example, a national body)",
    }

    class Meta:
        model = Mentor
        fields = [
            "full_name",
            "email",
            "kind",
            "council",
            "organisation",
            "party",
            "regional_pool",
            "accredited",
            "accreditation_expires_on",
            "expertise",
            "capacity",
            "active",
        ]
        # autocomplete off: the mentor's details, typed by a programme manager, whose own
        # name and address the browser would otherwise offer.
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "off"}),
            "accreditation_expires_on": DATE,
            "expertise": forms.CheckboxSelectMultiple,
        }
        field_classes = {"expertise": RecordsField}
        error_messages = {
            "full_name": {"required": "Enter the mentor's full name."},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com."
            },
            "kind": {"required": "Choose the kind of mentor."},
            "regional_pool": {"required": "Choose the mentor's regional pool."},
            "accreditation_expires_on": date_errors("the date their accreditation expires"),
            "capacity": {
                "required": "Enter the most placements the mentor can have at once.",
                "invalid": "Enter the most placements at once as a whole number, like 3.",
            },
        }


def _an_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 18


class PlacementStartForm(PlainEmptyChoices, forms.Form):
    """Step one of a new placement: who it is for, so mentors can be suggested.

    The mentees offered are those of the council chosen first (and of the other councils
    a role group brings together), so the page lists those councils' members, never
    every councillor in the programme.
    """

    empty_choices = {"council": "Choose a council", "mentoring_type": "Choose a type of mentoring"}

    council = by_name(
        forms.ModelChoiceField(
            queryset=Council.objects.current(),
            error_messages={"required": "Choose the council of the mentees."},
        )
    )
    other_councils = by_name(
        RecordsField(
            queryset=Council.objects.current(),
            required=False,
            label="Other councils of the group",
            help_text="Councillor role mentoring only: a group may bring together councillors "
            "of several councils. Their councillors are offered as mentees too.",
            widget=forms.CheckboxSelectMultiple(attrs={"data-filter": "council"}),
        )
    )
    mentoring_type = forms.ModelChoiceField(
        queryset=MentoringType.objects.all(),
        label="Type",
        error_messages={"required": "Choose the type of mentoring."},
    )
    # Tick boxes, not a list box chosen with Ctrl-click: static/js/filter-checkboxes.js
    # adds a box that filters them by name (data-filter names what is counted).
    councillors = RecordsField(
        queryset=Councillor.objects.none(),
        required=False,
        label="Councillor mentees",
        help_text="Councillors of the council chosen above (and of the other councils of a role group).",
        widget=forms.CheckboxSelectMultiple(attrs={"data-filter": "councillor"}),
    )
    officers = RecordsField(
        queryset=Officer.objects.none(),
        required=False,
        label="Officer mentees",
        widget=forms.CheckboxSelectMultiple(attrs={"data-filter": "officer"}),
    )
    started_on = forms.DateField(
        widget=DATE, label="Start", error_messages=date_errors("the date the placement starts")
    )
    planned_end_on = forms.DateField(
        widget=DATE,
        required=False,
        label="Planned end",
        help_text="Leave empty if open-ended.",
        error_messages=date_errors("the date the placement is planned to end"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As sent, or as first offered: the councils whose members are offered.
        council_id = str(self["council"].value() or "")
        others = self["other_councils"].value() or []
        if _an_id(council_id):
            self.fields["councillors"].queryset = Councillor.objects.in_office().filter(
                council_id__in=[council_id, *(pk for pk in map(str, others) if _an_id(pk))]
            )
            self.fields["officers"].queryset = Officer.objects.in_office().filter(
                council_id=council_id
            )

    def clean(self):
        data = super().clean()
        chosen_badly = "councillors" in self.errors or "officers" in self.errors
        chosen = len(data.get("councillors") or ()) + len(data.get("officers") or ())
        kind = data.get("mentoring_type")
        if not (chosen or chosen_badly):
            self.add_error("councillors", "Choose at least one mentee.")
        elif kind and not chosen_badly and chosen > kind.max_mentees:
            self.add_error(
                "councillors",
                f"{kind} has exactly one mentee."
                if kind.max_mentees == 1
                else f"{kind} takes at most {kind.max_mentees} mentees.",
            )
        elif (
            kind
            and not chosen_badly
            and chosen < kind.min_mentees
            and not kind.smaller_group_with_note
        ):
            self.add_error("councillors", f"{kind} needs at least {kind.min_mentees} mentees.")
        others = data.get("other_councils")
        if kind and others and not kind.mentees_from_several_councils:
            self.add_error(
                "other_councils",
                f"{kind} is for the members of one council: leave the other councils empty.",
            )
        start, end = data.get("started_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", "The planned end cannot be before the start.")
        return data

    @cached_property
    def size_warning(self) -> str:
        """A group smaller than its type's usual size: shown with the mentors' warnings."""
        kind = self.cleaned_data["mentoring_type"]
        if len(self.mentees) < kind.min_mentees:
            return group_size_warning(kind, len(self.mentees))
        return ""

    @cached_property
    def mentees(self):
        """The councillors and officers chosen (read once: the page names them too)."""
        return list(self.cleaned_data.get("councillors") or []) + list(
            self.cleaned_data.get("officers") or []
        )


class SupportedRoleField(forms.ChoiceField):
    """One of the mentees' role appointments, from those the page read once (the new
    placement page ranks mentors by the same rows): no query to show or check it."""

    default_error_messages = {
        "invalid_choice": "Choose one of the mentees' current roles, or no particular role."
    }

    def __init__(self, **kwargs):
        kwargs.pop("queryset", None)
        kwargs.pop("to_field_name", None)
        kwargs.pop("limit_choices_to", None)
        kwargs.pop("blank", None)
        super().__init__(**kwargs)
        self.records = {}

    def set_records(self, records) -> None:
        self.records = {str(r.pk): r for r in records}
        self.choices = [
            ("", "No particular role"),
            *((pk, f"{r} ({r.councillor.full_name})") for pk, r in self.records.items()),
        ]

    def clean(self, value):
        if value in self.empty_values:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        record = self.records.get(str(value))
        if record is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return record

    def has_changed(self, initial, data):
        return str(initial or "") != str(data or "")


def _placement_rule_fields(form, *, kind, appointments, council_id):
    """The fields a placement has only for some types and mentees: the role it supports
    (one of ``appointments``, the mentees' current roles), why a buddy is from another
    council, the political group."""
    if appointments is not None:
        form.fields["supported_role"].set_records(appointments)
    else:
        del form.fields["supported_role"]
    if kind is None or kind.mentor_council_rule != MentorCouncilRule.SAME:
        del form.fields["other_council_reason"]
    if "political_group" in form.fields:
        if kind is not None and kind.same_party:
            group = form.fields["political_group"]
            group.required = True
            group.queryset = PoliticalGroup.objects.filter(council_id=council_id).select_related(
                "council"
            )
        else:
            del form.fields["political_group"]


PLACEMENT_RULE_FIELDS = {
    "supported_role": SupportedRoleField,
}
PLACEMENT_RULE_WIDGETS = {"other_council_reason": forms.Textarea(attrs={"rows": 2})}


class PlacementFinishForm(PlainEmptyChoices, forms.ModelForm):
    """Step two: the mentors chosen from the suggestions, and the terms."""

    empty_choices = {
        "funding": "Choose how it is funded",
        "funder": "No funder recorded",
        "political_group": "Choose the political group",
    }

    mentors = RecordsField(
        queryset=Mentor.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one mentor."},
    )
    accept_warnings = forms.BooleanField(
        required=False, label="I have read the warnings and accept them"
    )
    warning_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why (a note)"
    )

    class Meta:
        model = Placement
        fields = [
            *("status", "mentor_days_agreed", "funding", "funder", "cost"),
            *("supported_role", "political_group", "other_council_reason"),
        ]
        field_classes = PLACEMENT_RULE_FIELDS
        widgets = PLACEMENT_RULE_WIDGETS
        error_messages = {
            "political_group": {"required": "Choose the political group the mentoring is with."},
            "status": {"required": "Choose the placement's status."},
            "mentor_days_agreed": {
                "required": "Enter the number of peer mentor days agreed.",
                "invalid": "Enter the peer mentor days agreed as a number, like 5 or 2.5.",
            },
            "funding": {"required": "Choose how the placement is funded."},
            "cost": {"invalid": "Enter the cost as an amount in pounds, like 1500."},
        }

    def __init__(self, *args, mentoring_type=None, appointments=None, council=None, **kwargs):
        """``appointments``: the mentees' current role appointments (None: no councillor
        mentee, so no role to name)."""
        super().__init__(*args, **kwargs)
        _placement_rule_fields(
            self,
            kind=mentoring_type,
            appointments=appointments,
            council_id=council.pk if council else None,
        )
        # A placement is ended or withdrawn on its own page, with the date or the reason
        # this form has no field for (sent here, the model's refusal was a server error).
        self.fields["status"].choices = [
            c
            for c in self.fields["status"].choices
            if c[0] not in (PlacementStatus.ENDED, PlacementStatus.WITHDRAWN)
        ]


class PlacementEditForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {"funding": "Choose how it is funded", "funder": "No funder recorded"}
    clear_attention = forms.BooleanField(required=False, label="The flag has been dealt with")

    class Meta:
        model = Placement
        fields = [
            *("planned_end_on", "mentor_days_agreed", "funding", "funder", "cost"),
            *("supported_role", "other_council_reason"),
        ]
        field_classes = PLACEMENT_RULE_FIELDS
        widgets = {"planned_end_on": DATE, **PLACEMENT_RULE_WIDGETS}
        error_messages = {
            "planned_end_on": date_errors("the date the placement is planned to end"),
            "mentor_days_agreed": {
                "required": "Enter the number of peer mentor days agreed.",
                "invalid": "Enter the peer mentor days agreed as a number, like 5 or 2.5.",
            },
            "funding": {"required": "Choose how the placement is funded."},
            "cost": {"invalid": "Enter the cost as an amount in pounds, like 1500."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        placement = self.instance
        councillor_ids = list(
            placement.mentees.filter(councillor__isnull=False).values_list(
                "councillor_id", flat=True
            )
        )
        _placement_rule_fields(
            self,
            kind=placement.mentoring_type,
            appointments=list(
                supported_role_choices(councillor_ids, keep_pk=placement.supported_role_id)
            )
            if councillor_ids
            else None,
            council_id=placement.council_id,
        )


class EndPlacementForm(forms.Form):
    ended_on = forms.DateField(
        widget=DATE, label="Ended on", error_messages=date_errors("the date the placement ended")
    )


class WithdrawPlacementForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is it withdrawn?",
        error_messages={"required": "Say why the placement is withdrawn."},
    )


class SessionForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {"mode": "Choose how you met"}
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What was discussed (confidential)",
        help_text="Only you and your mentee read this.",
        validators=[refuse_ciphertext],
    )
    actions_agreed = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Actions agreed (confidential)",
        validators=[refuse_ciphertext],
    )

    class Meta:
        model = Session
        fields = ["held_on", "duration_minutes", "mode", "topics", "attendees"]
        labels = {"held_on": "Date", "duration_minutes": "Duration in minutes"}
        widgets = {
            "held_on": DATE,
            "topics": forms.CheckboxSelectMultiple,
            "attendees": forms.CheckboxSelectMultiple,
        }
        field_classes = {"topics": RecordsField, "attendees": RecordsField}
        error_messages = {
            "held_on": date_errors("the date the session was held"),
            "duration_minutes": {
                "required": "Enter how long the session lasted, in minutes.",
                "invalid": "Enter how long the session lasted as a number of minutes, like 90.",
            },
            "mode": {"required": "Choose how you met."},
            "attendees": {"required": "Choose the mentees who took part."},
        }

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.placement = placement
        if placement.mentoring_type.is_group:
            self.fields["attendees"].queryset = placement.mentees.select_related(
                "councillor", "officer"
            )
            self.fields["attendees"].label = "Mentees who took part"
            self.fields["attendees"].required = True
            self.fields["attendees"].help_text = "Each of them will see this session."
        else:
            del self.fields["attendees"]
        note = getattr(self.instance, "note", None) if self.instance.pk else None
        if note is not None:
            self.fields["notes"].initial = note.notes
            self.fields["actions_agreed"].initial = note.actions_agreed


class AgreementForm(forms.ModelForm):
    class Meta:
        model = LearningAgreement
        fields = ["development_needs", "ways_of_working", "confidentiality_protocol"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields}


GoalFormSet = forms.inlineformset_factory(
    LearningAgreement,
    Goal,
    fields=["goal", "reality", "options", "way_forward", "target_on"],
    widgets={
        "goal": forms.Textarea(attrs={"rows": 2}),
        "reality": forms.Textarea(attrs={"rows": 2}),
        "options": forms.Textarea(attrs={"rows": 2}),
        "way_forward": forms.Textarea(attrs={"rows": 2}),
        "target_on": DATE,
    },
    error_messages={
        "goal": {"required": "Enter the goal."},
        "target_on": date_errors("the goal's target date"),
    },
    extra=1,
    can_delete=True,
)


class BaseReviewFormSet(forms.BaseInlineFormSet):
    """Review dates, each once per agreement. Django compares the dates sent with one
    another, not with reviews the page did not send (e.g. when its count of forms was
    tampered with), which the database then refused as a server error."""

    def clean(self):
        super().clean()
        sent = {form.instance.pk for form in self.initial_forms if form.instance.pk}
        # A new version being written (not saved yet) has no reviews of its own.
        kept = set()
        if self.instance.pk:
            kept = set(
                AgreementReview.objects.filter(agreement=self.instance)
                .exclude(pk__in=sent)
                .values_list("due_on", flat=True)
            )
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            day = (getattr(form, "cleaned_data", None) or {}).get("due_on")
            if day in kept:
                form.add_error("due_on", "This agreement already has a review on that date.")


ReviewFormSet = forms.inlineformset_factory(
    LearningAgreement,
    AgreementReview,
    formset=BaseReviewFormSet,
    fields=["due_on"],
    labels={"due_on": "Review date"},
    widgets={"due_on": DATE},
    error_messages={"due_on": date_errors("the review date")},
    extra=1,
    can_delete=True,
)


class ReflectionForm(PlainEmptyChoices, forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["mentee", "text"]
        labels = {
            "mentee": "Placement",
            "text": "Your reflection (only you and your mentor read it)",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "mentee": {"required": "Choose the placement this reflection is about."},
            "text": {"required": "Write your reflection."},
        }

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = memberships
        self.fields["mentee"].label_from_instance = lambda m: placement_label(m.placement)


class ProtocolForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Confidentiality protocol",
        error_messages={"required": "Enter the text of the confidentiality protocol."},
        help_text="New learning agreements start from this text; agreements already made keep theirs.",
    )


# Confidence check-ins and ward visits ----------------------------------------------

RADIOS_INLINE = "mentoring/includes/radios_inline.html"


def inline_radios(name: str) -> Field:
    """Radio buttons side by side in a fieldset, with any error shown above them."""
    return Field(name, template=RADIOS_INLINE)


SCORES = [
    (1, "1: not confident"),
    (2, "2: a little confident"),
    (3, "3: fairly confident"),
    (4, "4: confident"),
    (5, "5: very confident"),
]


def placement_label(placement) -> str:
    """A mentee's placement as an option: by its people and when it started (the
    memberships are read with their people prefetched: ``mentoring.selectors.with_people``)."""
    return f"{placement.name}, from {placement.started_on:%-d %B %Y}"


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlacementMentee) -> str:
        return placement_label(obj.placement)


class ConfidenceCheckForm(forms.Form):
    """A 1 to 5 choice per area, each a group of radio buttons with its legend."""

    mentee = MembershipChoiceField(
        queryset=PlacementMentee.objects.none(),
        label="Placement",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the placement this check-in is for."},
    )
    stage = forms.ChoiceField(
        choices=ConfidenceStage.choices,
        widget=forms.RadioSelect,
        label="Stage",
        help_text="The baseline at the start, a review at each review date, and the end.",
        error_messages={"required": "Choose the stage of this check-in."},
    )
    taken_on = forms.DateField(
        widget=DATE,
        label="Date",
        initial=timezone.localdate,
        error_messages=date_errors("the date of the check-in"),
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = memberships
        choices = list(memberships)
        if len(choices) == 1:
            self.fields["mentee"].initial = choices[0].pk
        for area in ConfidenceArea:
            self.fields[f"score_{area.value}"] = forms.TypedChoiceField(
                label=area.label,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how confident you feel: {area.label.lower()}."
                },
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form has its own token
        self.helper.layout = Layout(
            "mentee",
            inline_radios("stage"),
            "taken_on",
            Fieldset(
                "How confident do you feel? From 1 (not confident) to 5 (very confident)",
                *(inline_radios(f"score_{area.value}") for area in ConfidenceArea),
            ),
        )

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return taken_on

    def clean(self):
        data = super().clean()
        mentee, stage, taken_on = data.get("mentee"), data.get("stage"), data.get("taken_on")
        if mentee and stage:
            for error in confidence_stage_errors(mentee=mentee, stage=stage):
                self.add_error("stage", error)
        if mentee and taken_on and taken_on < mentee.placement.started_on:
            self.add_error(
                "taken_on",
                f"The placement started on {mentee.placement.started_on:%d/%m/%Y}: "
                "give a date from then on.",
            )
        return data

    @property
    def scores(self) -> dict[str, int]:
        return {area.value: self.cleaned_data[f"score_{area.value}"] for area in ConfidenceArea}


class WardIssueForm(forms.ModelForm):
    class Meta:
        model = WardIssue
        fields = ["description", "place", "priority"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "priority": forms.RadioSelect,
        }
        help_texts = {"description": "The local issue, as the councillor sees it."}
        error_messages = {
            "description": {"required": "Describe the issue."},
            "place": {"required": "Say where in the ward it is."},
            "priority": {"required": "Choose the issue's priority."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form has its own token
        self.helper.layout = Layout("description", "place", inline_radios("priority"))


class WardVisitReportForm(forms.ModelForm):
    class Meta:
        model = WardVisitReport
        fields = ["observations", "priorities", "matters_for_action"]
        widgets = {
            "observations": forms.Textarea(attrs={"rows": 6}),
            "priorities": forms.Textarea(attrs={"rows": 5}),
            "matters_for_action": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "observations": "Observations",
            "priorities": "The ward's priorities",
            "matters_for_action": "Matters for consideration and action",
        }
        help_texts = {
            "observations": "What you saw and heard on the visit.",
            "priorities": "What matters most to the ward, in the order you would tackle it.",
            "matters_for_action": "What the councillor might consider or do next.",
        }

    def clean(self):
        data = super().clean()
        if not any((data.get(f) or "").strip() for f in self.Meta.fields):
            raise forms.ValidationError("Write at least one part of the report.")
        return data


class DayClaimForm(forms.ModelForm):
    """Half or a whole day of the mentor's time on a placement. The placement and the
    mentor are set by the page, so the model's rules (the placement's dates, one day
    at most per mentor per date) are checked as the form is."""

    class Meta:
        model = DayClaim
        fields = ["worked_on", "length", "purpose", "session", "description"]
        labels = {"length": "Half or whole day", "session": "Session"}
        widgets = {
            "worked_on": DATE,
            "length": forms.RadioSelect,
            "purpose": forms.RadioSelect,
        }
        help_texts = {
            "description": "A few words the programme team can read: never what was said "
            "in the session.",
            "session": "If the time was for a session you logged.",
        }
        error_messages = {
            "worked_on": date_errors("the date you worked"),
            "length": {"required": "Choose a half or a whole day."},
            "purpose": {"required": "Choose what the time was for."},
            "description": {"required": "Enter a few words about the day."},
        }

    def __init__(self, *args, placement, mentor_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.placement = placement
        self.instance.mentor_id = mentor_id
        # Radios without Django's empty choice.
        for name in ("length", "purpose"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        session = self.fields["session"]
        session.queryset = Session.objects.filter(placement=placement).order_by("-held_on", "-pk")
        session.empty_label = "Not for a session"
        session.label_from_instance = lambda s: f"{s.get_mode_display()} on {s.held_on:%-d %B %Y}"


class ClaimDecisionForm(forms.Form):
    """The programme manager's answer to a claim: a query or a refusal says why."""

    APPROVE, QUERY, REJECT = "approve", "query", "reject"
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[
            (APPROVE, "Approve the claim"),
            (QUERY, "Send it back with a question"),
            (REJECT, "Reject the claim"),
        ],
        error_messages={"required": "Choose whether to approve, query or reject the claim."},
    )
    message = forms.CharField(
        label="Message to the mentor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to query or reject the claim: the mentor reads it with the claim.",
    )

    extension_reason = forms.CharField(
        label="Why agree more days than agreed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, excess=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.excess = excess
        if excess:
            days = f"{excess.normalize():f} day{'' if excess == 1 else 's'}"
            self.fields["extension_reason"].help_text = (
                f"Approving this claim takes the placement {days} past the days agreed. "
                "Needed to approve it: the extension is recorded against the placement "
                "with your reason."
            )
        else:
            del self.fields["extension_reason"]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        data["message"] = (data.get("message") or "").strip()
        data["extension_reason"] = (data.get("extension_reason") or "").strip()
        if decision == self.APPROVE and self.excess and not data["extension_reason"]:
            self.add_error(
                "extension_reason", "Enter why the placement is given more days than agreed."
            )
        if decision == self.QUERY and not data["message"]:
            self.add_error("message", "Enter your question for the mentor.")
        elif decision == self.REJECT and not data["message"]:
            self.add_error("message", "Enter why the claim is rejected.")
        return data


class ClaimExpenseForm(forms.ModelForm):
    """Travel or subsistence paid for a claimed day, with its receipt. The model's rule
    (a receipt over the amount set) is checked as the form is."""

    class Meta:
        model = ClaimExpense
        fields = ["kind", "description", "amount", "receipt"]
        labels = {"kind": "Type of expense", "amount": "Amount in pounds"}
        widgets = {
            "kind": forms.RadioSelect,
            "receipt": forms.FileInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
            ),
        }
        error_messages = {
            "kind": {"required": "Choose travel or subsistence."},
            "description": {"required": "Enter what the expense was for."},
            "amount": {
                "required": "Enter the amount, for example 12.50.",
                "invalid": "Enter the amount as a number of pounds, for example 12.50.",
                "min_value": "Enter an amount of at least £0.01.",
                "max_digits": "Enter an amount of less than £1,000,000.",
                "max_decimal_places": "Enter the amount in pounds and pence, for example 12.50.",
            },
        }

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.claim = claim
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        limit = settings.EXPENSE_RECEIPT_OVER
        self.fields["receipt"].help_text = (
            f"Needed for an expense over £{limit:,.2f}. A PDF, JPEG or PNG file of at most "
            f"{filesizeformat(settings.RECEIPT_MAX_BYTES)}."
        )

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            receipt_check(receipt)
        return receipt
