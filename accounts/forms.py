from django import forms
from django.apps import apps

from accounts.models import InvitationRole


class InvitationForm(forms.Form):
    role = forms.ChoiceField(choices=InvitationRole.choices)
    full_name = forms.CharField(max_length=150)
    email = forms.EmailField(label="Email address")
    mentor = forms.ModelChoiceField(
        queryset=None, required=False, help_text="For a mentor: their record in the mentor pool."
    )
    councillor = forms.ModelChoiceField(
        queryset=None, required=False, help_text="For a councillor: their record."
    )
    council = forms.ModelChoiceField(
        queryset=None, required=False, help_text="For a commissioner: the council they oversee."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Mentor = apps.get_model("mentoring", "Mentor")
        Councillor = apps.get_model("councils", "Councillor")
        Council = apps.get_model("councils", "Council")
        self.fields["mentor"].queryset = Mentor.objects.filter(user__isnull=True, active=True)
        self.fields["councillor"].queryset = (
            Councillor.objects.in_office().filter(user__isnull=True).select_related("council")
        )
        self.fields["council"].queryset = Council.objects.current()

    def clean(self):
        data = super().clean()
        role = data.get("role")
        needed = {
            InvitationRole.MENTOR: "mentor",
            InvitationRole.COUNCILLOR: "councillor",
            InvitationRole.COMMISSIONER: "council",
        }.get(role)
        if needed and not data.get(needed):
            self.add_error(
                needed, f"Choose the {needed} for this {InvitationRole(role).label.lower()}."
            )
        return data

    @property
    def record(self):
        return self.cleaned_data.get("mentor") or self.cleaned_data.get("councillor")
