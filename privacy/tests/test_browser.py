"""In Chromium, each page checked with axe: the privacy notice from the footer, and a
programme manager who finds a former councillor, downloads their data and erases it."""

import re

import pytest
from allauth.account.models import EmailAddress

from accounts.tests.browser import sign_in
from accounts.tests.factories import DEMO_PASSWORD
from councils.models import Councillor
from demo.reference import ensure_reference_data
from privacy.tests.builders import COUNCILLOR_NAME, former_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_erases_a_former_councillor(browser_page, axe_check):
    ensure_reference_data()  # an earlier browser test's flush took the roles
    people = former_people()
    manager = people.manager
    EmailAddress.objects.create(user=manager, email=manager.email, verified=True, primary=True)
    page = browser_page

    page.goto(page.base + "/accounts/login/")
    page.get_by_role("link", name="Privacy notice").click()
    page.wait_for_url(re.compile(r"/privacy/$"))
    axe_check(page)
    sign_in(page, manager.email, password=DEMO_PASSWORD)

    page.goto(page.base + "/privacy/my-data/")
    axe_check(page)
    page.goto(page.base + "/privacy/people/")
    page.get_by_label("Name or email address").fill("Quartermaine")
    page.get_by_role("button", name="Search").click()
    axe_check(page)
    page.get_by_role("table").get_by_role("link", name=COUNCILLOR_NAME).click()
    page.wait_for_url(re.compile(r"/privacy/people/councillor/\d+/$"))
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.startswith("personal-data-")

    page.get_by_role("link", name="Erase their data…").click()
    axe_check(page)
    page.get_by_label("Type their full name to confirm").fill(COUNCILLOR_NAME)
    page.get_by_role("button", name="Erase their data").click()
    page.wait_for_url(re.compile(r"/privacy/people/councillor/\d+/$"))
    assert page.get_by_text("Their personal data was erased").is_visible()
    axe_check(page)
    councillor = Councillor.objects.get(pk=people.councillor.councillor.pk)
    assert councillor.full_name == f"Former councillor #{councillor.pk}"
