"""Forms of the confidence check-ins and the ward visit pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.utils import timezone

from mentoring.models import (
    ConfidenceArea,
    ConfidenceStage,
    PlacementMentee,
    WardIssue,
    WardVisitReport,
)
from mentoring.services_extra import confidence_stage_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlacementMentee) -> str:
        placement = obj.placement
        return f"{placement.mentoring_type} at {placement.council} from {placement.started_on:%d/%m/%Y}"


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
    taken_on = forms.DateField(widget=DATE, label="Date", initial=timezone.localdate)

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
