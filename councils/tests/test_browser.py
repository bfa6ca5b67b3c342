"""A programme manager's journey through the councillors pages in Chromium,
with axe checking each page visited."""

import datetime
import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps

from accounts.tests.browser import sign_in
from accounts.tests.factories import DEMO_PASSWORD, ProgrammeManagerFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory, role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roles():
    """The roles the data migration seeds; an earlier browser test's flush removes them."""
    seed = importlib.import_module("councils.migrations.0002_roles")
    seed.add_roles(apps, None)


def test_a_manager_filters_councillors_by_council_and_adds_a_role(browser_page, axe_check, roles):
    manager = ProgrammeManagerFactory(email="pm@example.org")
    EmailAddress.objects.create(user=manager, email=manager.email, verified=True, primary=True)
    cumberland = CouncilFactory(name="Cumberland Council", slug="cumberland")
    CouncillorFactory(council=cumberland, full_name="Mary Moor", ward="Egremont")
    CouncillorFactory(council=CouncilFactory(name="Halton"), full_name="Sam Okafor")
    chair = role("chair")

    page = browser_page
    sign_in(page, manager.email, password=DEMO_PASSWORD)

    page.get_by_role("link", name="Councillors", exact=True).click()
    page.wait_for_url(re.compile(r"/councillors/$"))
    assert page.get_by_role("heading", name="Councillors", level=1).is_visible()
    axe_check(page)
    assert page.get_by_role("link", name="Sam Okafor").is_visible()

    page.get_by_label("Council", exact=True).select_option(label="Cumberland Council")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"council=cumberland"))
    axe_check(page)
    assert page.get_by_role("link", name="Sam Okafor").count() == 0
    assert "council=cumberland" in page.get_by_role(
        "link", name=re.compile("Download CSV")
    ).get_attribute("href")

    page.get_by_role("link", name="Mary Moor").click()
    page.wait_for_url(re.compile(r"/councillors/\d+/$"))
    assert page.get_by_role("heading", name="Cllr Mary Moor", level=1).is_visible()
    axe_check(page)

    page.get_by_role("combobox", name=re.compile(r"^Role")).select_option(label=chair.name)
    page.get_by_label("Committee or portfolio").fill("Planning Panel")
    page.get_by_label(re.compile(r"Started on")).fill("2026-05-20")
    page.get_by_role("button", name="Add role").click()
    page.wait_for_url(re.compile(r"/councillors/\d+/#roles$"))
    assert page.get_by_text("Cllr Mary Moor now holds Chair, Planning Panel.").is_visible()
    axe_check(page)
    appointment = chair.appointments.get(councillor__full_name="Mary Moor")
    assert appointment.started_on == datetime.date(2026, 5, 20)
