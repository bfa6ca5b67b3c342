"""Form helpers every app may use."""

from django.forms.models import ModelChoiceIterator


class NameChoiceIterator(ModelChoiceIterator):
    """A model choice field's options read as (id, name) pairs: a select of a hundred
    councils then builds no hundred model instances only to write their names. Only
    for a model whose str() is its ``name``, or the options would read differently
    from the records they stand for."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


def by_name(field):
    """Use ``NameChoiceIterator`` for this model choice field; returns the field."""
    field.iterator = NameChoiceIterator
    return field
