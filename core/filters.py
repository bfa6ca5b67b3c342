"""The base of the lists' filter sets (django-filter)."""

import django_filters


def names(model):
    """Every row of a model as (pk, name), in the model's order: plain rows, not model
    instances (a hundred councils built as objects cost more than a list page's table)."""
    return lambda: [(str(pk), name) for pk, name in model.objects.values_list("pk", "name")]


class NamedChoicesFilterSet(django_filters.FilterSet):
    """A filter set whose choice lists of records are read when its form is built and
    set on that form, rather than given to the filters: a filter's ``extra["choices"]``
    is deep-copied, choice by choice, each time the form copies its fields.

    ``named_choices`` maps a filter's name to a function giving its choices, read once
    per request. ``defaults`` gives a filter a value when the URL gives none.

    The form class is built once per filter set class, so a subclass must not change
    its filters per request (one that narrows a filter's queryset to the user's rows
    derives from ``django_filters.FilterSet`` itself).
    """

    named_choices: dict = {}
    defaults: dict[str, str] = {}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and self.defaults:
            data = data.copy()
            for name, value in self.defaults.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        # Its fields are the same on every request (the named choices are set on each
        # form), and each form copies them.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, choices in self.named_choices.items():
                form.fields[name].choices = choices()
        return self._form
