"""The site's form renderer: Django's widget templates, the commonest written in Python.

A form field's widget renders through two or three templates (select.html with one
option per choice, input.html, attrs.html); the benchmark showed a select of a
hundred councils costing more than the rest of a list page, and the plain inputs of
a ten-field form a sizeable part of it. These functions write byte for byte what
Django's own templates write (config/tests/test_form_renderer.py compares them);
any other widget renders through its template as before.
"""

import html

from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# Widgets whose template is just {% include "django/forms/widgets/input.html" %}.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox", "date", "datetime", "email", "file", "hidden", "number",
        "password", "search", "tel", "text", "time", "url",
    )
}  # fmt: skip


def _text(value) -> str:
    """What {{ value }} and {{ value|stringformat:'s' }} write: the value as text,
    escaped unless it is safe HTML already. (Django's conditional_escape does the
    same through a lazy-string wrapper, which a select's hundred options pay for.)"""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(value if isinstance(value, str) else str(value))


def attrs_html(attrs) -> str:
    """Django's attrs.html: True gives a bare name, False leaves the attribute out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {name}="{_text(value)}"')
    return "".join(parts)


def input_html(widget) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    html = f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
    return f"{html}{attrs_html(widget['attrs'])}>"


def textarea_html(widget) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_text(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def select_html(widget) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{_text(option["value"])}"'
                f"{attrs_html(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class SiteFormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            html = input_html(context["widget"])
        elif template_name == f"{WIDGETS}select.html":
            html = select_html(context["widget"])
        elif template_name == f"{WIDGETS}textarea.html":
            html = textarea_html(context["widget"])
        else:
            return super().render(template_name, context, request=request)
        return mark_safe(html)  # noqa: S308 (every value in it is escaped)


class NameChoiceIterator(ModelChoiceIterator):
    """A model choice field's options read as (id, name) pairs: a select of a hundred
    councils then builds no hundred model instances only to write their names. For a
    model whose str() is its ``name`` (config/tests/test_form_renderer.py checks the
    select is the same)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


def by_name(field):
    """Use ``NameChoiceIterator`` for this form's model choice field."""
    field.iterator = NameChoiceIterator
    return field
