"""The day rate form (mentoring/forms.py holds the others)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from core.forms import PlainEmptyChoices, by_name, date_errors
from funding.models import Funder
from mentoring.models import DayRate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DayRateForm(PlainEmptyChoices, forms.ModelForm):
    """A rate's amount and dates. Whose rate it is comes with the instance: a mentor's
    own rate is added from the mentor's page, and a rate changed keeps its mentor or
    funder. Only a new funder's rate asks which funder (a short list; the pool of
    mentors, hundreds long, is never a select)."""

    class Meta:
        model = DayRate
        fields = ["funder", "amount", "starts_on", "ends_on"]
        labels = {"amount": "Day rate (£)"}
        help_texts = {
            "funder": "The rate for every mentor the funder pays who has no rate of their own.",
            "amount": "For a whole day; half a day is paid half.",
            "ends_on": "Leave empty if the rate has no end yet. To end a rate, give the "
            "last day it applies.",
        }
        widgets = {"starts_on": DATE, "ends_on": DATE}
        error_messages = {
            "funder": {"required": "Choose the funder the rate is for."},
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
        if self.instance.pk or self.instance.mentor_id:
            del self.fields["funder"]
        else:
            funder = by_name(self.fields["funder"])
            funder.queryset = Funder.objects.order_by("name")
            funder.required = True
        self.fields["amount"].widget.attrs.setdefault("min", "0")

    def _post_clean(self):
        super()._post_clean()
        # With no funder chosen the model also says "choose either a mentor or a funder",
        # without naming a field: the funder's own error says it once.
        if "funder" in self.errors and NON_FIELD_ERRORS in self._errors:
            left = [e for e in self._errors[NON_FIELD_ERRORS] if "either a mentor" not in e]
            if left:
                self._errors[NON_FIELD_ERRORS] = self.error_class(left)
            else:
                del self._errors[NON_FIELD_ERRORS]
