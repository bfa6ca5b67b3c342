"""Links to each row's page in a table, with one reverse() per table, not per row."""

from django.urls import reverse


def pk_url_prefix(name: str) -> str:
    """The start of URL pattern ``name``'s address (a pattern ending in ``<int:pk>/``):
    a template links a row as ``{{ prefix }}{{ row.pk }}/``."""
    url = reverse(name, kwargs={"pk": 0})
    if not url.endswith("/0/"):
        raise ValueError(f"{name} does not end with its pk: {url}")
    return url[:-2]


def pk_url(name: str):
    """URL pattern ``name``'s address as a function of the pk it takes."""
    prefix, suffix = reverse(name, kwargs={"pk": 0}).rsplit("/0/", 1)
    return lambda pk: f"{prefix}/{pk}/{suffix}"
