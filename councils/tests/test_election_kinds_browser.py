"""A programme manager imports a by-election in Chromium: the kind is asked first, the
preview says who leaves and why, and the mentor who lost their seat is flagged in the
pool. Axe checks each page, whatever the impact of what it finds."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress

from accounts.tests.browser import sign_in
from accounts.tests.factories import DEMO_PASSWORD, ProgrammeManagerFactory
from councils.models import Councillor
from councils.tests.factories import CouncilFactory, CouncillorFactory, PartyFactory
from mentoring.tests.factories import MentorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULT = (
    "name,council,party,ward,elected_on,email\n"
    "Dana Whitfield,rotherham,Labour,Boston Castle,07/05/2026,\n"
)


def test_a_manager_imports_a_by_election_that_retires_only_its_wards_member(
    browser_page, axe_check, tmp_path
):
    manager = ProgrammeManagerFactory(email="pm@example.org")
    EmailAddress.objects.create(user=manager, email=manager.email, verified=True, primary=True)
    labour = PartyFactory(name="Labour")
    rotherham = CouncilFactory(name="Rotherham Metropolitan Borough Council", slug="rotherham")
    previous = CouncillorFactory(
        council=rotherham, full_name="Lee Outgoing", ward="Boston Castle", party=labour
    )
    CouncillorFactory(council=rotherham, full_name="Sam Stays", ward="Sitwell", party=labour)
    MentorFactory(full_name="Lee Outgoing", council=rotherham, councillor=previous)
    results = tmp_path / "by-election.csv"
    results.write_text(RESULT)

    page = browser_page
    sign_in(page, manager.email, password=DEMO_PASSWORD)
    page.goto(page.base + "/elections/import/")
    page.get_by_label("CSV file of councillors").set_input_files(str(results))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_text(
        "Choose the kind of election: all-out, by thirds or by-election."
    ).count()
    axe_check(page, impacts=None)

    page.get_by_role("radio", name=re.compile("By-election:")).check()
    page.get_by_label("CSV file of councillors").set_input_files(str(results))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url(re.compile(r"/elections/import/preview/$"))
    assert page.get_by_role(
        "cell", name="Not in the file for Boston Castle ward (by-election)"
    ).is_visible()
    assert page.get_by_text("Sam Stays").count() == 0
    axe_check(page, impacts=None)

    page.get_by_role("button", name="Save: 1 new councillor, 1 leaving office").click()
    page.wait_for_url(re.compile(r"/councils/\d+/"))
    assert Councillor.objects.get(pk=previous.pk).left_office_on == datetime.date(2026, 5, 7)
    assert Councillor.objects.get(full_name="Sam Stays").left_office_on is None

    page.goto(page.base + "/mentors/")
    flag = page.get_by_text("Not a practising councillor since 7 May 2026")
    assert flag.is_visible()
    axe_check(page, impacts=None)
    page.get_by_role("link", name="Lee Outgoing").click()
    assert page.get_by_text(
        re.compile("^Not a practising councillor since 7 May 2026")
    ).is_visible()
    axe_check(page, impacts=None)
