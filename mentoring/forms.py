from django import forms

from councils.models import Council, Councillor, Officer
from mentoring.models import Mentor, MentoringType, Placement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MentorForm(forms.ModelForm):
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
        widgets = {
            "accreditation_expires_on": DATE,
            "expertise": forms.CheckboxSelectMultiple,
        }


class PlacementStartForm(forms.Form):
    """Step one of a new placement: who it is for, so mentors can be suggested."""

    council = forms.ModelChoiceField(queryset=Council.objects.current())
    mentoring_type = forms.ModelChoiceField(queryset=MentoringType.objects.all(), label="Type")
    councillors = forms.ModelMultipleChoiceField(
        queryset=Councillor.objects.in_office().select_related("council"),
        required=False,
        label="Councillor mentees",
        help_text="Councillors of the council chosen above.",
    )
    officers = forms.ModelMultipleChoiceField(
        queryset=Officer.objects.in_office().select_related("council"),
        required=False,
        label="Officer mentees",
    )
    started_on = forms.DateField(widget=DATE, label="Start")
    planned_end_on = forms.DateField(
        widget=DATE, required=False, label="Planned end", help_text="Leave empty if open-ended."
    )

    def clean(self):
        data = super().clean()
        if not (data.get("councillors") or data.get("officers")):
            raise forms.ValidationError("Choose at least one mentee.")
        start, end = data.get("started_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", "The planned end cannot be before the start.")
        return data

    @property
    def mentees(self):
        return list(self.cleaned_data.get("councillors") or []) + list(
            self.cleaned_data.get("officers") or []
        )


class PlacementFinishForm(forms.ModelForm):
    """Step two: the mentors chosen from the suggestions, and the terms."""

    mentors = forms.ModelMultipleChoiceField(
        queryset=Mentor.objects.active(), widget=forms.CheckboxSelectMultiple
    )
    accept_warnings = forms.BooleanField(
        required=False, label="I have read the warnings and accept them"
    )
    warning_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why (a note)"
    )

    class Meta:
        model = Placement
        fields = ["status", "mentor_days_agreed", "funding", "cost"]


class PlacementEditForm(forms.ModelForm):
    clear_attention = forms.BooleanField(required=False, label="The flag has been dealt with")

    class Meta:
        model = Placement
        fields = ["planned_end_on", "mentor_days_agreed", "funding", "cost"]
        widgets = {"planned_end_on": DATE}


class EndPlacementForm(forms.Form):
    ended_on = forms.DateField(widget=DATE, label="Ended on")


class WithdrawPlacementForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why is it withdrawn?")
