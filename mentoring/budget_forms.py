"""The budgets page's filter (the page lists a cached year of figures, not a queryset)."""

from django import forms

from funding.years import financial_year_label

SHOW = [
    ("", "Every budget"),
    ("near", "At 80% or more of the allocation, or over"),
    ("over", "Over the allocation"),
]


class BudgetFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)
    funder = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    council = forms.CharField(label="Council name contains", required=False, max_length=100)
    show = forms.ChoiceField(choices=SHOW, required=False)

    def __init__(self, *args, years: list[int], funders: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, financial_year_label(y)) for y in years]
        self.fields["funder"].choices = [("", "Every funder"), *funders]

    def matches(self, row) -> bool:
        """Whether a budget's row (mentoring.money.BudgetFigures) is one asked for."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        budget = row.budget
        if data.get("funder") and budget.funder_id != data["funder"]:
            return False
        words = (data.get("council") or "").strip().lower()
        if words and (budget.council is None or words not in budget.council.name.lower()):
            return False
        show = data.get("show")
        return not show or (row.warning == "over" if show == "over" else bool(row.warning))
