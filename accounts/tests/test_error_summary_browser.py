"""The error summary in Chromium: it has the focus when the page opens, and each of
its links takes a keyboard or screen reader user to the field to put right."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_summary_takes_focus_and_its_links_take_you_to_the_field(browser_page, axe_check):
    page = browser_page
    page.goto(page.base + "/accounts/login/")
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="Sign in").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    summary.wait_for()
    assert page.title().startswith("Error: Sign in")
    # The focus moves when static/js/error-summary.js (deferred) has run: waited for,
    # not read at once (on a busy machine the check could come first).
    page.wait_for_function(
        "() => document.querySelector('[data-error-summary]').contains(document.activeElement)",
        timeout=5000,
    )
    axe_check(page)

    page.keyboard.press("Tab")  # the first link: the email address
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_login"

    summary.get_by_role("link", name="Enter your password.").click()
    assert page.evaluate("document.activeElement.id") == "id_password"
