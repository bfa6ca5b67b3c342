import pytest
from django.urls import reverse

from config.links import pk_url, pk_url_prefix


def test_a_prefix_and_the_pk_make_the_pages_address():
    assert pk_url_prefix("councillor_detail") + "42/" == reverse("councillor_detail", args=[42])


def test_an_address_with_more_after_the_pk_is_made_by_a_function():
    assert pk_url("action_edit")(7) == reverse("action_edit", args=[7])


def test_a_pattern_that_does_not_end_with_its_pk_has_no_prefix():
    with pytest.raises(ValueError, match="does not end with its pk"):
        pk_url_prefix("action_edit")
