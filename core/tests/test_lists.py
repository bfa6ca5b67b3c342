"""The one way a list sorts and pages: the sort header and the pagination includes,
both written with Django's {% querystring %}."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def header(url: str, field: str, sort_default: str, **extra) -> str:
    request = RequestFactory().get(url)
    sort = request.GET.get("sort", sort_default)
    return render_to_string(
        "includes/sort_header.html",
        {"field": field, "label": "Name", "sort": sort, **extra},
        request=request,
    )


def link(html: str) -> str:
    return unescape(re.search(r'href="([^"]*)"', html).group(1))


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_clicking_a_sorted_header_twice_gives_one_sort_and_keeps_the_filters():
    first = link(header("/list/?council=x&q=a+b&page=3", "name", "-start"))
    assert query(first) == {"council": ["x"], "q": ["a b"], "sort": ["name"]}
    second = link(header("/list/" + first, "name", "-start"))
    assert query(second) == {"council": ["x"], "q": ["a b"], "sort": ["-name"]}
    third = link(header("/list/" + second, "name", "-start"))
    assert query(third) == {"council": ["x"], "q": ["a b"], "sort": ["name"]}
    assert third.count("sort=") == 1


def test_the_sorted_column_says_which_way_and_the_link_what_it_does():
    html = header("/list/?sort=name", "name", "name")
    assert 'aria-sort="ascending"' in html and "(sort descending)" in html
    html = header("/list/?sort=-name", "name", "name")
    assert 'aria-sort="descending"' in html and "(sort ascending)" in html
    html = header("/list/?sort=ward", "name", "name")
    assert "aria-sort" not in html and "(sort ascending)" in html


def test_a_date_read_newest_first_sorts_descending_on_the_first_click():
    html = header("/list/", "last", "name", descending_first=True)
    assert query(link(html))["sort"] == ["-last"]
    assert query(link(header("/list/?sort=-last", "last", "name", descending_first=True))) == {
        "sort": ["last"]
    }


@pytest.mark.parametrize(
    "number, wanted",
    [(1, {"Next": "2"}), (3, {"Previous": "2"}), (2, {"Previous": "1", "Next": "3"})],
)
def test_the_pages_keep_the_filters_and_sort(number, wanted):
    request = RequestFactory().get(f"/list/?status=active&sort=-start&page={number}")
    page = Paginator(range(60), 25).get_page(number)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    links = dict(
        (label, unescape(href))
        for href, label in re.findall(r'href="([^"]*)">(Previous|Next)<', html)
    )
    for label, target in wanted.items():
        assert query(links[label]) == {"status": ["active"], "sort": ["-start"], "page": [target]}
