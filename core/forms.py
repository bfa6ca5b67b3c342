"""Form helpers every app may use."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import pretty_name


class NameChoiceIterator(ModelChoiceIterator):
    """A model choice field's options read as (id, name) pairs: a select of a hundred
    councils then builds no hundred model instances only to write their names. Only
    for a model whose str() is its ``name``, or the options would read differently
    from the records they stand for (``full_name`` for people, with ``by_name``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", getattr(self.field, "name_field", "name"))


def by_name(field, name_field: str = "name"):
    """Use ``NameChoiceIterator`` for this model choice field; returns the field."""
    field.iterator = NameChoiceIterator
    field.name_field = name_field
    return field


DASHES = "---------"  # Django's empty choice: words instead (GOV.UK: no placeholder text)


def _lower_first(label: str) -> str:
    # "RAG status" keeps its capitals; "Council" becomes "council".
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def empty_choice_label(field, name: str) -> str:
    """What a select's empty choice says: "Choose a council" where a choice is needed,
    "No party" where none is a fair answer."""
    label = _lower_first(str(field.label or pretty_name(name)))
    if not field.required:
        return f"No {label}"
    article = "an" if label[:1].lower() in "aeiou" else "a"
    return f"Choose {article} {label}"


class PlainEmptyChoices:
    """A form mixin: each select's empty choice in words rather than Django's dashes.

    ``empty_choices`` names a field's empty choice where the default from its label
    ("Choose a council", "No party") reads badly. A form that sets ``empty_label``
    itself after ``super().__init__()`` keeps its own words."""

    empty_choices: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            words = self.empty_choices.get(name) or empty_choice_label(field, name)
            if isinstance(field, forms.ModelMultipleChoiceField):
                continue
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DASHES:
                    field.empty_label = words
            elif isinstance(field, forms.ChoiceField):
                choices = list(field.choices)
                if choices and choices[0] == ("", DASHES):
                    field.choices = [("", words), *choices[1:]]


def date_errors(what: str) -> dict[str, str]:
    """GOV.UK's messages for a date field, from what the date is ("the date the session
    was held"): what to enter when it is empty, and that it must be a real date."""
    return {
        "required": f"Enter {what}.",
        "invalid": f"{what[0].upper()}{what[1:]} must be a real date.",
    }


def add_errors(form, error) -> None:
    """A service's refusal (a ValidationError) on the form: each message on its field
    when the form has that field, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
