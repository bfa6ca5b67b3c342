"""The GOV.UK error pattern for every form: "Error: " before the page's title and an
error summary at the top of the main content, each error linking to its field.

base.html calls both tags, so every page with a form that came back with errors has
them, whatever template or app drew the form (allauth's pages too). They find the
forms in the page's context: a form or formset the view passed to the template, or
the form of a filter set.
"""

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django_filters import FilterSet

register = template.Library()


def _forms_in(context) -> list:
    """The bound forms and formsets of the page, each once, in the order the view gave them."""
    found, seen = [], set()
    for value in context.flatten().values():
        if isinstance(value, FilterSet):
            value = value.form
        if isinstance(value, forms.BaseForm | forms.BaseFormSet) and value.is_bound:
            if id(value) not in seen:
                seen.add(id(value))
                found.append(value)
    return found


def _target(field: forms.BoundField) -> str:
    """The id of the element a summary link goes to: the field's input, or the first
    of its radio buttons or checkboxes (whose group has no single input to point at)."""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id


def _form_errors(form: forms.BaseForm) -> list[dict]:
    """(message, id) of each error of one form; id is empty for one of the whole form."""
    errors = [{"message": message, "id": ""} for message in form.non_field_errors()]
    for name in form.errors:
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        field = form[name]
        # A hidden field cannot be reached from a link: its error is said, not linked.
        target = "" if field.is_hidden else _target(field)
        errors.extend({"message": message, "id": target} for message in field.errors)
    return errors


def page_errors(context) -> list[dict]:
    errors = []
    for form in _forms_in(context):
        if isinstance(form, forms.BaseFormSet):
            errors.extend({"message": message, "id": ""} for message in form.non_form_errors())
            for member in form.forms:
                errors.extend(_form_errors(member))
        else:
            errors.extend(_form_errors(form))
    return errors


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " when the page shows a form's errors, so a screen reader hears it first."""
    return "Error: " if page_errors(context) else ""


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    """The box at the top of the main content; static/js/error-summary.js moves focus to it."""
    return {"errors": page_errors(context)}
