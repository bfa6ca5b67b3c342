import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_sends_to_sign_in_and_both_pass_axe(browser_page, axe_check):
    page = browser_page
    page.goto(page.base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    axe_check(page)
    page.goto(page.base + "/accessibility/")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    axe_check(page)
