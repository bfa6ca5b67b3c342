"""crispy-forms' Bootstrap 5 field, written in Python for the common case.

crispy renders every field through bootstrap5/field.html and three included
templates; a ten-field form spent more on them than on the rest of its page. The
site's bootstrap5/field.html calls this tag instead. For a plain field (a text-like
input, textarea or select, labelled, outside a horizontal or inline layout) it writes
the same elements, attributes and text as crispy's template, and likewise for a tick
box; anything else (radios, files, layout options) renders through crispy's own
template.
accounts/tests/test_bootstrap_field.py compares the two.
"""

from functools import cache
from pathlib import Path

import crispy_bootstrap5
from django import forms, template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# Context options of crispy's template that change its markup: any of them set
# sends the field through that template.
LAYOUT_OPTIONS = ("tag", "label_class", "field_class", "help_text_inline", "error_text_inline")
OWN_TEMPLATE_WIDGETS = (forms.RadioSelect, forms.FileInput)


@cache
def crispy_field_template():
    """crispy_bootstrap5's field.html (the site's own of that name calls this tag)."""
    source = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5" / "field.html"
    return template.Engine.get_default().from_string(source.read_text())


def add_classes(field, classes: str) -> None:
    """What crispy's {% crispy_field field 'class' classes %} does to the widget: its
    class name, then the classes, each once."""
    widget = field.field.widget
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    for w in getattr(widget, "widgets", [getattr(widget, "widget", widget)]):
        name = w.__class__.__name__.lower()
        name = converters.get(name, name)
        css = w.attrs.get("class", "")
        if not css:
            css = name
        elif css.find(name) == -1:
            css += f" {name}"
        for extra in classes.split():
            if extra not in css.split():
                css += f" {extra}"
        w.attrs["class"] = css


def is_plain(field, context) -> bool:
    widget = field.field.widget
    return (
        context.get("form_show_labels")
        and not any(context.get(option) for option in LAYOUT_OPTIONS)
        and "form-horizontal" not in (context.get("form_class") or "")
        and not field.use_fieldset
        and not isinstance(widget, OWN_TEMPLATE_WIDGETS)
    )


def _errors(field, context):
    if not (context.get("form_show_errors") and field.errors):
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        getattr(field.errors, "field_id", ""),
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
        ),
    )


def _help_text(field):
    if not field.help_text:
        return ""
    return format_html(
        '<div{} class="form-text">{}</div>',
        format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
        mark_safe(field.help_text),  # noqa: S308 (crispy's template marks it safe too)
    )


def _label_text(field):
    asterisk = mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""
    return format_html("{}{}", field.label, asterisk)


def _wrapper_classes(field, context) -> str:
    wrapper = context.get("wrapper_class")
    css = field.css_classes()
    return (f" {wrapper}" if wrapper else "") + (f" {css}" if css else "")


def plain_field(field, context):
    required = " requiredField" if field.field.required else ""
    if isinstance(field.field.widget, forms.CheckboxInput):
        add_classes(field, "form-check-input is-invalid" if field.errors else "form-check-input")
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
            '<label for="{}" class="form-check-label{}">{}</label>{}{}</div></div>',
            field.auto_id,
            _wrapper_classes(field, context),
            str(field),
            field.id_for_label,
            required,
            _label_text(field),
            _errors(field, context),
            _help_text(field),
        )
    label = ""
    if field.label:
        label = format_html(
            '<label{} class="form-label{}">{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            required,
            _label_text(field),
        )
    control = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    add_classes(field, f"{control} is-invalid" if field.errors else control)
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        _wrapper_classes(field, context),
        label,
        str(field),
        _errors(field, context),
        _help_text(field),
    )


@register.simple_tag(takes_context=True)
def bootstrap_field(context):
    field = context["field"]
    if field.is_hidden:
        return str(field)
    if is_plain(field, context):
        return plain_field(field, context)
    return crispy_field_template().render(context)
