from django import forms
from django.utils import timezone
from django.utils.text import slugify

from core.forms import PlainEmptyChoices, by_name, date_errors
from councils.imports import decode_upload
from councils.models import (
    Council,
    Councillor,
    ElectionKind,
    GovernanceChange,
    Party,
    Role,
    RoleAppointment,
)

MAX_UPLOAD_BYTES = 1024 * 1024


class DateInput(forms.DateInput):
    """The browser's date picker; typed text is kept when the form comes back."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CouncilForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {"kind": "Choose a kind of council"}

    class Meta:
        model = Council
        fields = ["name", "slug", "kind", "region", "political_control", "archived_on"]
        widgets = {"archived_on": DateInput()}
        help_texts = {
            "slug": "A short name for web addresses and imports, e.g. rotherham. "
            "Left empty, it is made from the name.",
        }
        error_messages = {
            "name": {"required": "Enter the council's name."},
            "kind": {"required": "Choose the kind of council."},
            "region": {"required": "Choose the council's region."},
            "archived_on": date_errors("the date the council was archived"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["political_control"].empty_label = "No overall control"
        self.fields["political_control"].queryset = Party.objects.order_by("name")
        if not self.instance.pk:
            del self.fields["archived_on"]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name", ""))
        if not slug:
            raise forms.ValidationError("Give a short name of letters, numbers and hyphens.")
        return slug


class GovernanceChangeForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {"status": "Choose the new status"}

    class Meta:
        model = GovernanceChange
        fields = ["status", "since", "note"]
        widgets = {"since": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"status": "New status", "since": "Since"}
        error_messages = {
            "status": {"required": "Choose the council's new status."},
            "since": date_errors("the date the new status began"),
        }

    def clean(self):
        data = super().clean()
        council = self.instance.council
        if (
            data.get("status")
            and data.get("since")
            and council.governance_changes.filter(
                status=data["status"], since=data["since"]
            ).exists()
        ):
            self.add_error("since", "This change is already in the history.")
        return data


class CouncillorForm(PlainEmptyChoices, forms.ModelForm):
    class Meta:
        model = Councillor
        fields = [
            "council",
            "full_name",
            "party",
            "ward",
            "email",
            "first_elected_on",
            "development_plan",
        ]
        # autocomplete off: the councillor's details, typed by someone else, whose own
        # name and address the browser would otherwise offer (WCAG 1.3.5 asks for a
        # purpose only on fields about the person filling in the form).
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "first_elected_on": DateInput(),
            "development_plan": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"email": "Email address", "first_elected_on": "First elected on"}
        error_messages = {
            "council": {"required": "Choose the councillor's council."},
            "full_name": {"required": "Enter the councillor's full name."},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com."
            },
            "first_elected_on": date_errors("the date they were first elected"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        councils = Council.objects.order_by("name")
        if self.instance.pk:
            councils = councils.filter(archived_on__isnull=True) | councils.filter(
                pk=self.instance.council_id
            )
        else:
            councils = councils.filter(archived_on__isnull=True)
        by_name(self.fields["council"]).queryset = councils
        self.fields["party"].queryset = Party.objects.order_by("name")
        self.fields["party"].empty_label = "Independent"

    def clean_first_elected_on(self):
        elected = self.cleaned_data.get("first_elected_on")
        left = self.instance.left_office_on
        if elected and left and elected > left:
            raise forms.ValidationError(
                f"They left office on {left:%d/%m/%Y}: they must have been elected before that."
            )
        return elected


class RoleAppointmentForm(PlainEmptyChoices, forms.ModelForm):
    """A role for one councillor; the model's clean() checks for overlaps."""

    class Meta:
        model = RoleAppointment
        fields = ["role", "committee", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}
        labels = {"started_on": "Started on", "ended_on": "Ended on"}
        help_texts = {"ended_on": "Leave empty while they hold the role."}
        error_messages = {
            "role": {"required": "Choose the role."},
            "started_on": date_errors("the date they started in the role"),
            "ended_on": date_errors("the date they ended the role"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.order_by("order", "name")

    def clean_started_on(self):
        started = self.cleaned_data.get("started_on")
        left = self.instance.councillor.left_office_on
        if started and left and started > left:
            raise forms.ValidationError(
                f"{self.instance.councillor} left office on {left:%d/%m/%Y}."
            )
        return started


class EndAppointmentForm(forms.Form):
    ended_on = forms.DateField(
        label="Last day in the role",
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages=date_errors("their last day in the role"),
    )


class LeaveOfficeForm(forms.Form):
    left_on = forms.DateField(
        label="Left office on",
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages=date_errors("the date they left office"),
    )


class ElectionUploadForm(forms.Form):
    # Radios with nothing chosen: a preselected kind would decide who leaves office.
    kind = forms.ChoiceField(
        label="Kind of election",
        choices=[
            (
                ElectionKind.ALL_OUT,
                "All-out: every seat was elected, so a councillor of the council who is "
                "not in the file leaves office",
            ),
            (
                ElectionKind.THIRDS,
                "By thirds: only the wards in the file change, and a member of one of "
                "those wards who is not in the file leaves office",
            ),
            (
                ElectionKind.BY_ELECTION,
                "By-election: only the wards in the file change, and a member of one of "
                "those wards who is not in the file leaves office",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of election: all-out, by thirds or by-election.",
            "invalid_choice": "Choose the kind of election: all-out, by thirds or by-election.",
        },
    )
    file = forms.FileField(
        label="CSV file of councillors",
        help_text="Columns: name, council, party, ward, elected_on, email. At most 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose a CSV file of councillors.",
            "empty": "The file is empty: choose the CSV file of councillors.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB: split it by council.")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Choose a CSV file (ending in .csv).")
        self.text = decode_upload(upload.read())
        if "\x00" in self.text:
            raise forms.ValidationError("This is not a CSV file: save it as CSV and try again.")
        return upload


class ElectionConfirmForm(forms.Form):
    digest = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "The checked file was lost: upload it again."},
    )
    # The kind the preview showed: the same file as another kind of election (chosen in
    # another tab since) retires other councillors. A preview opened before this field
    # existed sends none, and the kind waiting to be confirmed is used.
    kind = forms.ChoiceField(choices=ElectionKind.choices, required=False, widget=forms.HiddenInput)
