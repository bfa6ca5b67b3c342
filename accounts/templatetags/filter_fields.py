"""A filter form's field as a Bootstrap control, without crispy-forms.

Filter forms sit on every list page; rendering their fields through crispy's
templates cost more than the rest of a list page. This writes the same markup
(label, control, help and errors tied to it) directly.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()

SELECTS = (forms.Select, forms.SelectMultiple)


@register.simple_tag
def filter_field(field):
    widget = field.field.widget
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {"class": "form-select" if isinstance(widget, SELECTS) else "form-control"}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    help_text = (
        format_html('<div class="form-text" id="{}_help">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    errors = (
        format_html(
            '<div class="invalid-feedback d-block" id="{}_error">{}</div>',
            field.auto_id,
            format_html_join(" ", "{}", ((e,) for e in field.errors)),
        )
        if field.errors
        else ""
    )
    return format_html(
        '<label class="form-label" for="{}">{}</label>{}{}{}',
        field.id_for_label,
        field.label,
        field.as_widget(attrs=attrs),
        errors,
        help_text,
    )
