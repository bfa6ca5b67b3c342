from django import forms
from django.apps import apps

from accounts.models import InvitationRole
from core.forms import by_name
from core.validators import single_line


class InvitationForm(forms.Form):
    role = forms.ChoiceField(choices=InvitationRole.choices)
    full_name = forms.CharField(max_length=150, validators=[single_line])
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
        # A mentor or councillor is invited from their own record, which names them
        # here: the pool and the councils' members are too many for a list to pick from.
        given = self.data if self.is_bound else self.initial
        for name, records in (
            ("mentor", Mentor.objects.filter(user__isnull=True, active=True)),
            (
                "councillor",
                Councillor.objects.in_office().filter(user__isnull=True).select_related("council"),
            ),
        ):
            pk = str(given.get(name) or "")
            if pk.isascii() and pk.isdigit() and len(pk) <= 18:
                self.fields[name].queryset = records.filter(pk=pk)
            else:
                self.fields[name].queryset = records.none()
                self.fields[name].widget = forms.HiddenInput()
        by_name(self.fields["council"]).queryset = Council.objects.current()

    def clean(self):
        data = super().clean()
        role = data.get("role")
        needed = {
            InvitationRole.MENTOR: "mentor",
            InvitationRole.COUNCILLOR: "councillor",
            InvitationRole.COMMISSIONER: "council",
        }.get(role)
        if needed and not data.get(needed):
            if isinstance(self.fields[needed].widget, forms.HiddenInput):
                self.add_error(
                    "role",
                    f"Invite a {needed} from their record: open their page and choose "
                    "“Invite to sign in”.",
                )
            else:
                self.add_error(
                    needed, f"Choose the {needed} for this {InvitationRole(role).label.lower()}."
                )
        return data

    @property
    def record(self):
        return self.cleaned_data.get("mentor") or self.cleaned_data.get("councillor")
