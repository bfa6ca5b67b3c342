"""The manager's journey in Chromium, checked with axe: the bell and the
notifications, a council's reports, asking for a month, the narrative."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.tests.browser import sign_in
from accounts.tests.factories import DEMO_PASSWORD, ProgrammeManagerFactory
from councils.tests.factories import CouncilFactory
from notifications.models import Notification
from notifications.rules import ReminderKind
from reports.models import MonthlyReport, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_reads_a_reminder_then_asks_for_a_report_and_writes_the_narrative(
    browser_page, axe_check, eager_tasks, reference_rows
):
    manager = ProgrammeManagerFactory(email="jo.hartley@example.org", full_name="Jo Hartley")
    EmailAddress.objects.create(user=manager, email=manager.email, verified=True, primary=True)
    council = CouncilFactory(name="Wyre Forest District Council")
    Notification.objects.create(
        recipient=manager,
        kind=ReminderKind.VISIT_IN_14_DAYS,
        title="Corporate peer challenge starts in two weeks",
        body="The corporate peer challenge of Wyre Forest District Council is on site soon.",
        link=f"/councils/{council.slug}/reports/",
    )
    page = browser_page
    sign_in(page, manager.email, password=DEMO_PASSWORD)

    page.get_by_role("link", name="Notifications 1 unread").click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    axe_check(page)
    page.get_by_role("button", name=re.compile(r"^Open\W+Corporate peer challenge")).click()
    page.wait_for_url(re.compile(rf"/councils/{council.slug}/reports/$"))
    assert page.get_by_role("link", name="Notifications", exact=True).is_visible()
    axe_check(page)

    page.get_by_label("Month").fill("2025-10")
    page.get_by_role("button", name="Ask for the report").click()
    page.wait_for_url(re.compile(rf"/councils/{council.slug}/reports/\d+/$"))
    assert page.get_by_text("The report is ready.").is_visible()
    axe_check(page)

    page.get_by_role("link", name="Edit the narrative").click()
    axe_check(page)
    page.get_by_label("Narrative").fill("A steady month: both Cabinet placements met twice.")
    page.get_by_role("button", name="Save the narrative").click()
    page.wait_for_url(re.compile(rf"/councils/{council.slug}/reports/$"))
    assert page.get_by_text("The narrative for October 2025 is saved.").is_visible()
    assert page.get_by_role("link", name="Download the PDF for October 2025").is_visible()


def test_the_progress_page_shows_the_outcome_without_reloading(
    browser_page, axe_check, reference_rows
):
    manager = ProgrammeManagerFactory(email="jo.hartley@example.org", full_name="Jo Hartley")
    EmailAddress.objects.create(user=manager, email=manager.email, verified=True, primary=True)
    council = CouncilFactory(name="Wyre Forest District Council")
    report = MonthlyReport.objects.create(council=council, month=datetime.date(2025, 10, 1))
    page = browser_page
    sign_in(page, manager.email, password=DEMO_PASSWORD)

    page.goto(page.base + f"/councils/{council.slug}/reports/{report.pk}/")
    assert page.get_by_text("This page checks again every 3 seconds.").is_visible()
    axe_check(page, None)
    page.evaluate("window.stillTheSamePage = true")
    MonthlyReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error="The PDF could not be written."
    )

    # The status, a live region, changes in place: the page is not reloaded.
    expect(page.get_by_role("status")).to_contain_text(
        "The report could not be produced.", timeout=10_000
    )
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.get_by_role("button", name="Produce it again").is_visible()
    axe_check(page, None)
