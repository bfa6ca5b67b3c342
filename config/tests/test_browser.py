import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_passes_axe(browser_page, axe_check):
    page = browser_page
    page.goto(page.base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Councillor mentoring programme"
    axe_check(page)
