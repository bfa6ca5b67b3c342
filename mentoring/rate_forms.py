"""The day rate form (mentoring/forms.py holds the others)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from core.forms import PlainEmptyChoices, by_name, date_errors
from funding.models import Funder
from mentoring.models import DayRate, Mentor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DayRateForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {"mentor": "No mentor: a funder's rate", "funder": "No funder: a mentor's rate"}

    class Meta:
        model = DayRate
        fields = ["mentor", "funder", "amount", "starts_on", "ends_on"]
        labels = {"amount": "Day rate (£)"}
        help_texts = {
            "mentor": "A mentor's own rate is paid instead of the funder's.",
            "funder": "The rate for every mentor the funder pays who has no rate of their own.",
            "amount": "For a whole day; half a day is paid half.",
            "ends_on": "Leave empty if the rate has no end yet. To end a rate, give the "
            "last day it applies.",
        }
        widgets = {"starts_on": DATE, "ends_on": DATE}
        error_messages = {
            "amount": {
                "required": "Enter the day rate, like 350.",
                "invalid": "The day rate must be a number, like 350.",
                "min_value": "The day rate cannot be negative.",
                "max_digits": "The day rate is too large.",
                "max_decimal_places": "The day rate can have at most 2 decimal places.",
            },
            "starts_on": date_errors("the date the rate starts"),
            "ends_on": date_errors("the last day of the rate"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Hundreds of mentors at national scale: their names only, not their records.
        by_name(self.fields["mentor"], "full_name").queryset = Mentor.objects.order_by("full_name")
        by_name(self.fields["funder"]).queryset = Funder.objects.order_by("name")
        self.fields["amount"].widget.attrs.setdefault("min", "0")

    def clean(self):
        cleaned = super().clean()
        mentor, funder = cleaned.get("mentor"), cleaned.get("funder")
        if mentor and funder:
            self.add_error("funder", "Choose a mentor or a funder, not both.")
        elif not mentor and not funder and "mentor" not in self.errors:
            self.add_error("mentor", "Choose the mentor, or the funder, the rate is for.")
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The model says the same as clean() above, without naming a field: said once.
        if {"mentor", "funder"} & set(self.errors) and NON_FIELD_ERRORS in self._errors:
            left = [e for e in self._errors[NON_FIELD_ERRORS] if "either a mentor" not in e]
            if left:
                self._errors[NON_FIELD_ERRORS] = self.error_class(left)
            else:
                del self._errors[NON_FIELD_ERRORS]
