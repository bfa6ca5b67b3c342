from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models

from core.forms import PlainEmptyChoices, by_name
from councils.models import Council
from funding.models import Budget, FinancialYear, Funder

# The unique constraints' messages: a second budget of a funder for a council and year.
DUPLICATE_MESSAGES = {
    str(c.violation_error_message)
    for c in Budget._meta.constraints
    if isinstance(c, models.UniqueConstraint)
}


class FunderForm(PlainEmptyChoices, forms.ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "kind"]
        error_messages = {
            "name": {
                "required": "Enter the funder's name.",
                "unique": "There is already a funder with this name.",
            },
            "kind": {"required": "Choose the kind of funder."},
        }


class FinancialYearForm(forms.ModelForm):
    class Meta:
        model = FinancialYear
        fields = ["start_year"]
        labels = {"start_year": "The year it starts in"}
        error_messages = {
            "start_year": {
                "required": "Enter the year the financial year starts in, like 2026.",
                "invalid": "The year must be a number, like 2026.",
                "unique": "This financial year is already set up.",
            }
        }

    def clean_start_year(self):
        year = self.cleaned_data["start_year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter a year between 2000 and 2100, like 2026.")
        return year


class FinancialYearChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label + (" (closed)" if obj.is_closed else "")


class BudgetForm(PlainEmptyChoices, forms.ModelForm):
    financial_year = FinancialYearChoiceField(
        queryset=FinancialYear.objects.all(),
        label="Financial year",
        empty_label="Choose a financial year",
        error_messages={"required": "Choose the financial year."},
    )

    class Meta:
        model = Budget
        fields = ["funder", "council", "financial_year", "allocated", "note"]
        labels = {"allocated": "Allocated (£)"}
        help_texts = {
            "council": "Leave as “The whole programme” for a budget that funds every "
            "council the funder has no budget of its own for.",
        }
        error_messages = {
            "funder": {"required": "Choose the funder."},
            "allocated": {
                "required": "Enter the amount allocated, like 25000.",
                "invalid": "The amount allocated must be a number, like 25000.",
                "min_value": "The amount allocated cannot be negative.",
                "max_digits": "The amount allocated is too large.",
                "max_decimal_places": "The amount allocated can have at most 2 decimal places.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        by_name(self.fields["funder"])
        self.fields["funder"].queryset = Funder.objects.order_by("name")
        council = by_name(self.fields["council"])
        council.queryset = Council.objects.order_by("name")
        council.empty_label = "The whole programme"
        self.fields["allocated"].widget.attrs.setdefault("min", "0")

    def _post_clean(self):
        super()._post_clean()
        # A second budget of the same funder, council and year: said on the council,
        # where the choice is made, rather than above the form.
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if errors:
            duplicates = [e for e in errors if e in DUPLICATE_MESSAGES]
            if duplicates:
                self._errors[NON_FIELD_ERRORS] = self.error_class(
                    [e for e in errors if e not in duplicates]
                )
                if not self._errors[NON_FIELD_ERRORS]:
                    del self._errors[NON_FIELD_ERRORS]
                for message in duplicates:
                    self.add_error("council", message)
