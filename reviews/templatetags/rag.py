"""A RAG status as its word on its colour, readable without colour.

A tag rather than an included template: an action plan shows one per action and per
update, and an include costs a template render each.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

BADGE_CLASSES = {"red": "text-bg-danger", "amber": "text-bg-warning", "green": "text-bg-success"}


@register.simple_tag
def rag_badge(rag, label):
    return format_html(
        '<span class="badge {}">{}</span>', BADGE_CLASSES.get(rag, "text-bg-secondary"), label
    )
