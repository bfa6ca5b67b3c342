import datetime
import re

from django import forms
from django.utils import timezone

from reports.models import ReportNarrative

FIRST_MONTH = datetime.date(2000, 1, 1)


def parse_month(value: str) -> datetime.date | None:
    """'2026-10' (what a month field sends) or '10/2026' into 1 October 2026."""
    value = (value or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value) or re.fullmatch(r"(\d{1,2})/(\d{4})", value)
    if not match:
        return None
    a, b = match.groups()
    year, month = (int(a), int(b)) if len(a) == 4 else (int(b), int(a))
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, 1)


class ReportRequestForm(forms.Form):
    month = forms.CharField(
        label="Month",
        help_text="For example 2026-10 (or 10/2026). Any month up to this one; "
        "this month's report covers the days so far.",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
        error_messages={"required": "Enter the month of the report, like 2026-10."},
    )

    def clean_month(self):
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError("Enter a month like 2026-10.")
        this_month = timezone.localdate().replace(day=1)
        if month > this_month:
            raise forms.ValidationError("A report can only cover a month that has begun.")
        if month < FIRST_MONTH:
            raise forms.ValidationError("Enter a month from January 2000.")
        return month


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ReportNarrative
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}


class StatementFilterForm(forms.Form):
    """Filters of the statements and recharge schedules lists; bad input is shown
    against its field and the list is not filtered by it."""

    month = forms.CharField(
        label="Month",
        required=False,
        help_text="For example 2026-10.",
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    mentor = forms.CharField(label="Mentor's name", required=False, max_length=150)

    def __init__(self, *args, with_mentor: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_mentor:
            del self.fields["mentor"]

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        month = parse_month(value)
        if month is None or month < FIRST_MONTH:
            raise forms.ValidationError("Enter a month like 2026-10.")
        return month

    def clean_mentor(self):
        return self.cleaned_data["mentor"].strip()
