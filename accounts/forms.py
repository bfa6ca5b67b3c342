from django import forms
from django.apps import apps

from accounts.models import InvitationRole
from core.forms import PlainEmptyChoices, by_name
from core.validators import single_line


class InvitationForm(PlainEmptyChoices, forms.Form):
    # A record is named only for the role it belongs to (GOV.UK: no "---------").
    empty_choices = {
        "mentor": "Not a mentor",
        "councillor": "Not a councillor",
        "council": "Not a commissioner",
    }

    role = forms.ChoiceField(
        choices=InvitationRole.choices,
        error_messages={"required": "Choose the role of the person you are inviting."},
    )
    # autocomplete off: the invitee's name and address, which the browser would
    # otherwise fill with the programme manager's own.
    full_name = forms.CharField(
        max_length=150,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Enter their full name."},
    )
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Enter their email address.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
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
            record = records.none()
            if pk.isascii() and pk.isdigit() and len(pk) <= 18:
                record = records.filter(pk=pk)
            # Only a record that can be invited names the role; otherwise the general form.
            if record.exists():
                self.fields[name].queryset = record
                self.from_record = name
            else:
                self.fields[name].queryset = records.none()
                self.fields[name].widget = forms.HiddenInput()
        by_name(self.fields["council"]).queryset = Council.objects.current()
        self.fields["role"].choices = self._roles_offered(given.get("role"))
        if self.from_record:
            self.fields["role"].initial = self.from_record
            self.fields["council"].widget = forms.HiddenInput()

    from_record = None  # "mentor" or "councillor" when the form names their record

    def _roles_offered(self, asked) -> list:
        """Only the roles this form can invite: from a record, its role; otherwise a
        commissioner or a programme manager, the least powerful first and none chosen
        for the manager, so nobody is made a manager by leaving the default."""
        if self.from_record:
            return [(self.from_record, InvitationRole(self.from_record).label)]
        roles = [InvitationRole.COMMISSIONER, InvitationRole.PROGRAMME_MANAGER]
        # A page sent with a role that needs a record is told where to go (clean()),
        # rather than that its choice is not one of those available.
        if asked in (InvitationRole.MENTOR, InvitationRole.COUNCILLOR):
            roles.append(InvitationRole(asked))
        return [("", "Choose a role"), *((role.value, role.label) for role in roles)]

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
