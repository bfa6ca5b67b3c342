"""The money journey in Chromium: mentor A claims two half days and an expense with
its receipt; the programme manager queries one claim and approves the other; the
mentor's statement PDF for the month shows the approved fee, the expense and their
total. axe checks each new page on the way."""

import re

import pytest
from django.db.models import Sum
from pypdf import PdfReader

from accounts.models import User
from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS
from core.pdf import render_pdf
from mentoring.models import ClaimExpense, DayClaim, Placement
from mentoring.tests.test_claims_browser import _claim, _free_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pounds(amount) -> str:
    return f"£{amount:,.2f}"


def test_a_mentor_claims_days_and_an_expense_the_manager_decides_and_the_statement_adds_up(
    browser_page, axe_check, demo_programme, browser, tmp_path
):
    mentor_user = User.objects.get(email=EMAILS["mentor_a"])
    placement = Placement.objects.of_member(User.objects.get(email=EMAILS["councillor_a"])).get(
        mentors__user=mentor_user
    )
    # Two free days in one month, so both claims fall in the same statement.
    days = _free_days(placement, mentor_user.mentor, n=6)
    first_day, second_day = next(
        (a, b) for a, b in zip(days, days[1:]) if (a.year, a.month) == (b.year, b.month)
    )
    receipt = tmp_path / "train-ticket.pdf"
    receipt.write_bytes(
        render_pdf(
            '<html lang="en"><head><title>Receipt</title></head>'
            "<body><p>Northern Rail: Leeds to Rotherham return, £23.40</p></body></html>"
        )
    )

    page = browser_page
    sign_in(page, EMAILS["mentor_a"])
    page.goto(page.base + f"/placements/{placement.pk}/claims/new/")
    queried = _claim(page, first_day, "Reading the cabinet papers before our session")
    page.goto(page.base + f"/placements/{placement.pk}/claims/new/")
    page.get_by_label("Date").fill(second_day.isoformat())
    page.get_by_label("Half day").check()
    page.get_by_label("Observing a meeting").check()
    page.get_by_label("Description").fill("Observing the scrutiny committee")
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    approved = int(re.search(r"/claims/(\d+)/$", page.url).group(1))

    # An expense over the threshold needs its receipt; the form keeps what was typed.
    page.get_by_role("link", name="Add an expense").click()
    axe_check(page)
    page.get_by_label("Travel").check()
    page.get_by_label("Description").fill("Train, Leeds to Rotherham and back")
    page.get_by_label("Amount in pounds").fill("23.40")
    page.get_by_role("button", name="Add the expense").click()
    page.wait_for_selector("text=Attach the receipt")
    axe_check(page)
    assert page.get_by_label("Amount in pounds").input_value() == "23.40"
    page.get_by_label("Receipt").set_input_files(str(receipt))
    page.get_by_role("button", name="Add the expense").click()
    page.wait_for_url(re.compile(rf"/claims/{approved}/$"))
    assert "Train, Leeds to Rotherham and back" in page.content()
    page.get_by_role("button", name="Send for approval").click()
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    assert "The claim was sent for approval." in page.content()

    manager = browser.new_context().new_page()
    manager.set_default_timeout(10_000)
    manager.base = page.base
    sign_in(manager, EMAILS["manager"])
    manager.goto(page.base + f"/claims/{queried}/")
    manager.get_by_label("Send it back with a question").check()
    manager.get_by_label("Message to the mentor").fill("Was this the morning or the afternoon?")
    manager.get_by_role("button", name="Save the decision").click()
    manager.wait_for_url(re.compile(r"/claims/$"))
    manager.goto(page.base + f"/claims/{approved}/")
    with manager.expect_download() as download:
        manager.get_by_role("link", name=re.compile("^Download")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    manager.get_by_label("Approve the claim").check()
    reason = manager.get_by_label(re.compile("Why agree more days"))
    if reason.count():
        reason.fill("The council asked for more support before the budget meeting.")
    manager.get_by_role("button", name="Save the decision").click()
    manager.wait_for_url(re.compile(r"/claims/$"))
    assert "The claim was approved." in manager.content()

    claim = DayClaim.objects.get(pk=approved)
    assert claim.status == DayClaim.Status.APPROVED and claim.fee is not None
    assert DayClaim.objects.get(pk=queried).status == DayClaim.Status.QUERIED

    # The mentor finds the month's statement from the navigation and downloads its PDF.
    page.goto(page.base + "/")
    page.get_by_role("link", name="Statements", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name=f"{second_day:%B %Y}", exact=True).click()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(download.value.path()).pages
    )
    month = DayClaim.objects.filter(
        mentor=mentor_user.mentor,
        status=DayClaim.Status.APPROVED,
        worked_on__year=second_day.year,
        worked_on__month=second_day.month,
    )
    fees = month.aggregate(total=Sum("fee"))["total"]
    expenses = ClaimExpense.objects.filter(claim__in=month).aggregate(total=Sum("amount"))["total"]
    assert "Observing the scrutiny committee" in text
    assert "Reading the cabinet papers" not in text  # queried: not on the statement
    assert "Train, Leeds to Rotherham and back" in text and "£23.40" in text
    assert _pounds(claim.fee) in text
    assert _pounds(fees) in text and _pounds(expenses) in text
    assert _pounds(fees + expenses) in text
    # Nothing of the mentee's on a statement that may go to a finance team.
    assert "Cllr" not in text
