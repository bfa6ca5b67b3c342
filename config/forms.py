"""The site's form renderer: Django's templates, except selects, written in Python.

A select renders one option per choice; through the template engine a select of a
hundred councils cost more than the rest of a list page. The markup is what
Django's own select.html and attrs.html templates write.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"


def attrs_html(attrs) -> str:
    """HTML attributes as Django's attrs.html writes them: True gives a bare name,
    False leaves the attribute out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def select_html(widget) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f'{attrs_html(option["attrs"])}>{conditional_escape(option["label"])}</option>'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


class SiteFormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return select_html(context["widget"])
        return super().render(template_name, context, request=request)
