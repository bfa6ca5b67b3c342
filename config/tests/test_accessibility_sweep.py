"""Every page, as each role that may open it, checked with axe-core in Chromium.

The pages are those of the access matrix (accounts/tests/test_access_matrix.py):
every URL pattern but the Django admin's, its arguments built from each app's
``tests/access.py`` objects, opened by each persona whose expected answer is 200
(or "any": the page they land on is checked; "confirm your password" is answered
to reach the page behind it). Each form on a page (a POST form in the main
content) is then sent empty, and the page with its errors is checked too, but for
the buttons in NOT_SUBMITTED. Files (PDF, CSV, calendar, JSON) are skipped. Any
violation of the WCAG 2.2 A and AA rules fails, whatever its impact.

One test per persona: the demo programme is seeded once, the persona signs in
once through the real sign-in page, and every page is visited in that browser
context; the violations are collected and reported together.
"""

import re
from urllib.parse import urlparse

import pytest
from django.urls import resolve, reverse
from playwright.sync_api import Error as PlaywrightError

from accounts.tests.browser import sign_in
from accounts.tests.personas import ANY, EMAILS
from accounts.tests.test_access_matrix import (  # noqa: F401 (objects is a fixture)
    EXPECTED,
    EXTRA,
    objects,
    table_key,
    url_names,
)
from config.tests.page_checks import FORM_ERROR_CHECKS, PAGE_CHECKS
from demo.programme import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One persona of each role, and councillor B, whose learning agreement waits for
# their agreement. Mentor B and commissioner Y would see the same pages as mentor A
# and commissioner X with other rows: they are left out to keep the sweep short.
SWEPT = ["anonymous", "manager", "mentor_a", "councillor_a", "councillor_b", "commissioner_x"]

# Forms, by the URL name they post to (or the page and that name), that are not
# sent empty: they have no field to leave empty, so pressing the button does what
# it says and cannot be taken back, or ends the session the sweep runs in.
NOT_SUBMITTED = {
    "account_logout": "signs the persona out (the sign-out and signed-in devices pages)",
    "notification_read": "marks a notification read",
    "notification_read_all": "marks every notification read",
    "calendar_feed_renew": "gives the feed a new address: the old one stops working",
    "calendar_feed_revoke": "turns the feed off",
    "invitation_resend": "emails the invitation again with a new link",
    "invitation_revoke": "revokes the invitation",
    "document_delete": "removes the document (a confirmation page)",
    "session_delete": "deletes the session (a confirmation page)",
    "ward_issue_delete": "removes the issue from the ward map (a confirmation page)",
    "placement_status": "pauses, resumes, ends or withdraws the placement (its note is optional)",
    "agreement_start": "drafts the first version of the learning agreement",
    "agreement_action": "proposes or agrees to the learning agreement",
    ("report_detail", "report_request"): "produces the report again (its month is fixed)",
    "claim_submit": "sends the claim for approval: the mentor can no longer change it",
    "claim_submit_drafts": "sends every draft claim for approval",
    "claim_delete": "deletes the draft claim (a confirmation page)",
    "claim_expense_delete": "removes the expense and its receipt (a confirmation page)",
    "financial_year_close": "closes the financial year: no more days can be claimed in it",
    "financial_year_reopen": "reopens the financial year (a confirmation page)",
}

DOWNLOAD = "Download is starting"  # what Playwright says when a URL is a file, not a page


def pages_for(persona: str, found: dict) -> list[tuple[str, str]]:
    """(URL name, URL) of every page the persona may open, each URL once."""
    # A pattern with no rule yet fails the access matrix, not this sweep. The Django
    # admin is left out: it is the framework's own, for the site administrator only.
    names = [n for n in url_names() if not n.startswith("admin:") and table_key(n) in EXPECTED]
    tried = [(n, *EXPECTED[table_key(n)]) for n in names] + EXTRA
    pages = {}
    for name, build, expected in tried:
        if expected[persona] in (200, ANY):
            url = reverse(name, kwargs=build(found) if build else None)
            pages.setdefault(url, name)
    return [(name, url) for url, name in pages.items()]


def open_page(page, url) -> bool:
    """Open url; False when it is not an HTML page (a PDF, CSV, calendar or JSON)."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if DOWNLOAD in error.message:
            return False
        raise
    return response.headers.get("content-type", "").startswith("text/html")


def form_targets(page) -> list[str]:
    """The URL name each POST form in the main content sends to."""
    actions = page.locator(FORMS).evaluate_all("forms => forms.map(f => f.action)")
    return [resolve(urlparse(action).path).url_name for action in actions]


FORMS = "main form[method=post i]"


def empty_and_submit(form):
    """Clear what a person would type or choose, then press the form's button.

    The browser's own checks (``required``) are turned off so that the server's
    error messages are what is shown and checked.
    """
    form.evaluate(
        """form => {
          form.noValidate = true;
          for (const el of form.elements) {
            if (el.disabled) continue;
            if (el.tagName === 'TEXTAREA') el.value = '';
            else if (el.tagName === 'SELECT') {
              const blank = [...el.options].findIndex(o => o.value === '');
              if (el.multiple) [...el.options].forEach(o => { o.selected = false; });
              else if (blank >= 0) el.selectedIndex = blank;
            } else if (el.tagName === 'INPUT') {
              if (['checkbox', 'radio'].includes(el.type)) el.checked = false;
              else if (!['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(el.type))
                el.value = '';
            }
          }
        }"""
    )
    with form.page.expect_navigation():
        form.locator(
            "button:not([type=button]):not([type=reset]), input[type=submit]"
        ).first.click()


def sweep_page(page, name, check, sent: set) -> None:
    """Check the open page, then each of its forms sent empty (once per page and form:
    the same page of another row has the same form)."""
    landed = page.url
    label = f"{name} {urlparse(landed).path}"
    check(label, PAGE_CHECKS)
    for index, target in enumerate(form_targets(page)):
        if target in NOT_SUBMITTED or (name, target) in NOT_SUBMITTED or (name, target) in sent:
            continue
        sent.add((name, target))
        if page.url != landed:
            page.goto(landed)
        empty_and_submit(page.locator(FORMS).nth(index))
        check(f"{label}, its form to {target} sent empty", FORM_ERROR_CHECKS)


def confirm_password(page, url) -> None:
    """Confirm the password at url ("confirm your password", asked before two-factor set-up)."""
    page.goto(url)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Confirm", re.I)).click()


@pytest.mark.parametrize("persona", SWEPT)
def test_every_page_and_every_form_with_its_errors_passes_axe_as(
    persona,
    _allow_orm_beside_playwright,
    browser,
    live_server,
    objects,  # noqa: F811 (the fixture imported above)
    axe_check,
):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    if persona != "anonymous":
        sign_in(page, EMAILS[persona], base=base)
    reauthenticate = base + reverse("account_reauthenticate")
    violations, seen, sent = [], set(), set()

    def check(label, checks):
        violations.extend(f"{label}: {v}" for v in axe_check(page, None, fail=False))
        for page_check in checks:
            violations.extend(f"{label}: {problem}" for problem in page_check(page))

    for name, url in pages_for(persona, objects):
        if not open_page(page, base + url) or page.url in seen:
            continue  # not a page, or a page already checked
        seen.add(page.url)
        landed = page.url
        sweep_page(page, name, check, sent)
        if landed.startswith(reauthenticate + "?next="):  # then the page itself
            confirm_password(page, landed)
            if page.url not in seen:
                seen.add(page.url)
                sweep_page(page, name, check, sent)
    context.close()
    assert len(seen) > 3
    assert not violations, f"{len(violations)} problems as {persona}:\n" + "\n".join(violations)
