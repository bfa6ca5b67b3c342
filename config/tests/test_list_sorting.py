"""Every sortable list, as a person clicks it: a column header clicked twice sorts the
other way with one ?sort= in the URL, keeps the filters and starts at the first page."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Council
from notifications.tests import access as notifications_access
from reports.models import MonthlyReport
from reports.selectors import previous_month

pytestmark = pytest.mark.django_db

# list: (who sees it, its URL's arguments, a filter that keeps rows, a sortable column)
LISTS = {
    "council_list": ("manager", None, "region=yorkshire-and-the-humber", "Council"),
    "councillor_list": ("manager", None, "council=rotherham", "Name"),
    "placement_list": ("manager", None, "council=", "Started"),
    "mentor_list": ("manager", None, "q=a", "Mentor"),
    "confidence_overview": ("manager", None, "name=", "Latest"),
    "visit_list": ("manager", None, "kind=", "Council"),
    "report_list": ("manager", {"slug": "rotherham"}, "status=", "Month"),
    "notification_list": ("manager", None, "kind=", "Received"),
}


def header_link(body: str, label: str) -> str:
    found = re.search(rf'<th scope="col"[^>]*><a href="([^"]*)">{re.escape(label)}\b', body)
    assert found, f"no sortable {label!r} column"
    return unescape(found.group(1))


@pytest.fixture
def rows(persona_users):
    """A row on the lists the demo programme leaves empty: a report and a notification."""
    notifications_access.objects(persona_users)
    MonthlyReport.objects.get_or_create(
        council=Council.objects.get(slug="rotherham"), month=previous_month(timezone.localdate())
    )


@pytest.mark.parametrize("name", list(LISTS))
def test_a_header_clicked_twice_has_one_sort_and_keeps_the_filters(name, client_as, rows):
    persona, kwargs, filters, label = LISTS[name]
    client = client_as(persona)
    url = reverse(name, kwargs=kwargs)
    filter_key, filter_value = filters.split("=")

    body = client.get(f"{url}?{filters}&page=1").content.decode()
    first = header_link(body, label)
    body = client.get(url + first).content.decode()
    second = header_link(body, label)

    for href in (first, second):
        params = parse_qs(urlsplit(href).query, keep_blank_values=True)
        assert len(params["sort"]) == 1 and href.count("sort=") == 1
        assert params[filter_key] == [filter_value]
        assert "page" not in params
    # The second click sorts by the same column the other way round.
    sorts = [parse_qs(urlsplit(href).query)["sort"][0] for href in (first, second)]
    assert sorts[0].lstrip("-") == sorts[1].lstrip("-") and sorts[0] != sorts[1]
