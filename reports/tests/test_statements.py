"""Mentors' monthly statements, the recharge schedules, their monthly email (once), and
the cost against budget in the commissioners' monthly report.

October 2026: mentor A worked a whole day (£300, with £24.50 of travel and £8.20 of
subsistence) and a half day (£150) at Barnsley, paid by one funder; a day of September
and a day still waiting for approval are not on October's statement."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory
from funding.tests.factories import BudgetFactory, FinancialYearFactory, FunderFactory, funder_rate
from mentoring.claims import day_claim_approve
from mentoring.models import ClaimExpense, DayClaim
from mentoring.tests.factories import (
    DayClaimFactory,
    MentorFactory,
    PlacementFactory,
    SessionFactory,
    SessionNoteFactory,
)
from reports import services
from reports.models import StatementEmail
from reports.pdf import monthly_report_pdf
from reports.statements import recharge_schedule_of, statement_of

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 10, 1)
MENTEE = "Zebedee Quixley"
NOTE_MARKER = "MARKER-NOTE-7c1e52"


def pdf_text(data: bytes) -> str:
    """The text of every page, lines joined: a cell that wraps reads as one phrase."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def claim(placement, mentor, day, *, length="whole", manager, status="approved", **kwargs):
    made = DayClaimFactory(
        placement=placement,
        mentor=mentor,
        worked_on=day,
        length=length,
        status=DayClaim.Status.SUBMITTED,
        **kwargs,
    )
    if status == "approved":
        made = day_claim_approve(made, by=manager)
    return made


@pytest.fixture
def built(db):
    manager = UserFactory(is_programme_manager=True, email="jo.hartley@example.org")
    funder = FunderFactory(name="Department for Local Government")
    funder_rate(funder, "300.00")
    council = CouncilFactory(name="Barnsley Council")
    mentor_user = UserFactory(email="pat.mentor@example.org")
    mentor = MentorFactory(full_name="Pat Mentor", user=mentor_user)
    other_user = UserFactory(email="sam.other@example.org")
    other = MentorFactory(full_name="Sam Other", user=other_user)
    mentee = CouncillorFactory(council=council, full_name=MENTEE)
    placement = PlacementFactory(
        council=council,
        funder=funder,
        mentors=[mentor],
        mentees=[mentee],
        started_on=datetime.date(2026, 4, 6),
        planned_end_on=datetime.date(2027, 3, 31),
    )
    session = SessionFactory(placement=placement, held_on=datetime.date(2026, 10, 6))
    SessionNoteFactory(session=session, notes=NOTE_MARKER, actions_agreed=NOTE_MARKER)
    whole = claim(
        placement,
        mentor,
        datetime.date(2026, 10, 6),
        manager=manager,
        description="Budget scrutiny committee",
        session=session,
    )
    ClaimExpense.objects.create(
        claim=whole, kind="travel", description="Train to Barnsley", amount=Decimal("24.50")
    )
    ClaimExpense.objects.create(
        claim=whole, kind="subsistence", description="Lunch", amount=Decimal("8.20")
    )
    half = claim(
        placement,
        mentor,
        datetime.date(2026, 10, 20),
        length="half",
        manager=manager,
        description="Reading the cabinet papers",
    )
    claim(placement, mentor, datetime.date(2026, 9, 15), manager=manager, description="September")
    claim(
        placement,
        mentor,
        datetime.date(2026, 10, 27),
        manager=manager,
        status="submitted",
        description="Still waiting",
    )
    return SimpleNamespace(**locals())


def statement_url(name, mentor, month=MONTH):
    return reverse(name, kwargs={"mentor_pk": mentor.pk, "year": month.year, "month": month.month})


def recharge_url(name, built, month=MONTH):
    return reverse(
        name,
        kwargs={
            "council_slug": built.council.slug,
            "funder_pk": built.funder.pk,
            "year": month.year,
            "month": month.month,
        },
    )


def test_the_statement_adds_up_the_month_s_approved_days_fees_and_expenses(built):
    statement = statement_of(mentor=built.mentor, month=MONTH)
    assert [c.description for c in statement.claims] == [
        "Budget scrutiny committee",
        "Reading the cabinet papers",
    ]
    assert statement.totals.days == Decimal("1.5")
    assert statement.totals.fees == Decimal("450.00")
    assert statement.totals.expenses == Decimal("32.70")
    assert statement.totals.total == Decimal("482.70")


def test_the_statement_pdf_shows_the_figures_and_no_mentee_or_session_note(client, built):
    client.force_login(built.mentor_user)
    response = client.get(statement_url("statement_pdf", built.mentor))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for shown in (
        "Statement for Pat Mentor, October 2026",
        "Barnsley Council",
        "Budget scrutiny committee",
        "Train to Barnsley",
        "£300.00",
        "£150.00",
        "£24.50",
        "£32.70",
        "£450.00",
        "£482.70",
        "1.5",
    ):
        assert shown in text, shown
    for hidden in ("Zebedee", "Quixley", NOTE_MARKER, "September", "Still waiting"):
        assert hidden not in text, hidden


def test_the_statement_csv_has_a_row_a_day_and_the_totals(client, built):
    client.force_login(built.mentor_user)
    response = client.get(statement_url("statement_csv", built.mentor))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Date"
    assert rows[1][0] == "2026-10-06"
    assert rows[1][1].startswith("Barnsley Council, ")
    assert rows[1][6:] == ["300.00", "32.70", "332.70"]
    assert rows[2][6:] == ["150.00", "0.00", "150.00"]
    assert rows[-1] == ["Total", "", "", "1.5", "", "", "450.00", "32.70", "482.70"]
    body = response.content.decode()
    assert "Quixley" not in body and NOTE_MARKER not in body


@pytest.mark.parametrize("name", ["statement_detail", "statement_pdf", "statement_csv"])
def test_only_the_mentor_and_programme_managers_open_a_statement(client, built, name):
    url = statement_url(name, built.mentor)
    client.force_login(built.other_user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(built.manager)
    assert client.get(url).status_code == 200
    client.force_login(built.mentor_user)
    assert client.get(url).status_code == 200


def test_a_mentor_lists_their_own_months_and_a_manager_every_mentor_s(client, built):
    client.force_login(built.mentor_user)
    page = client.get(reverse("statement_list")).content.decode()
    assert statement_url("statement_detail", built.mentor) in page
    assert statement_url("statement_detail", built.mentor, datetime.date(2026, 9, 1)) in page
    assert page.index("October 2026") < page.index("September 2026")
    client.force_login(built.other_user)
    page = client.get(reverse("statement_list")).content.decode()
    assert "You have no statements yet." in page
    client.force_login(built.manager)
    page = client.get(reverse("statement_list"), {"month": "2026-10", "mentor": "pat"})
    assert statement_url("statement_detail", built.mentor) in page.content.decode()
    assert "September 2026" not in page.content.decode()
    bad = client.get(reverse("statement_list"), {"month": "October"}).content.decode()
    assert "Enter a month like 2026-10." in bad
    assert 'value="October"' in bad


def test_someone_who_is_neither_mentor_nor_manager_has_no_statements_page(client, built):
    client.force_login(UserFactory())
    assert client.get(reverse("statement_list")).status_code == 404


def _grow(built, n):
    """n more approved days for mentor A in October and n for other mentors."""
    for i in range(n):
        placement = PlacementFactory(
            council=built.council,
            funder=built.funder,
            mentors=[built.mentor],
            started_on=datetime.date(2025, 4, 7),
            planned_end_on=datetime.date(2027, 3, 31),
        )
        c = claim(
            placement,
            built.mentor,
            datetime.date(2025 + (i % 2), 10, 10 + i),
            length="half",
            manager=built.manager,
        )
        ClaimExpense.objects.create(claim=c, kind="travel", description="Bus", amount=1)
        other = PlacementFactory(
            council=built.council,
            funder=built.funder,
            started_on=datetime.date(2026, 4, 6),
            planned_end_on=datetime.date(2027, 3, 31),
        )
        claim(other, other.mentors.first(), datetime.date(2026, 10, 1 + i), manager=built.manager)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("who", ["mentor_user", "manager"])
def test_the_statement_pages_run_the_same_queries_for_one_row_or_many(client, built, who):
    client.force_login(getattr(built, who))
    urls = [
        reverse("statement_list"),
        statement_url("statement_detail", built.mentor),
        statement_url("statement_csv", built.mentor),
    ]
    if who == "manager":
        urls += [reverse("recharge_list"), recharge_url("recharge_csv", built)]
    small = [_queries(client, url) for url in urls]
    _grow(built, 6)
    large = [_queries(client, url) for url in urls]
    assert large == small


def test_the_recharge_schedule_sums_the_council_s_claims_the_funder_pays(client, built):
    other_funder = FunderFactory(name="Regional Improvement Body")
    elsewhere = PlacementFactory(
        council=built.council,
        funder=other_funder,
        started_on=datetime.date(2026, 4, 6),
        planned_end_on=datetime.date(2027, 3, 31),
    )
    claim(elsewhere, elsewhere.mentors.first(), datetime.date(2026, 10, 8), manager=built.manager)
    schedule = recharge_schedule_of(council=built.council, funder=built.funder, month=MONTH)
    assert len(schedule.claims) == 2
    assert schedule.totals.days == Decimal("1.5")
    assert schedule.totals.total == Decimal("482.70")

    client.force_login(built.manager)
    rows = list(
        csv.reader(
            io.StringIO(client.get(recharge_url("recharge_csv", built)).content.decode("utf-8-sig"))
        )
    )
    assert rows[0] == ["Date", "Mentor", "Mentoring type", "Days", "Fee", "Expenses", "Total"]
    assert rows[1][:2] == ["2026-10-06", "Pat Mentor"]
    assert rows[-1] == ["Total", "", "", "1.5", "450.00", "32.70", "482.70"]
    text = pdf_text(client.get(recharge_url("recharge_pdf", built)).content)
    assert "Recharge schedule: Barnsley Council, October 2026" in text
    assert "Department for Local Government" in text and "£482.70" in text
    assert "Quixley" not in text and NOTE_MARKER not in text
    listing = client.get(reverse("recharge_list")).content.decode()
    assert "Regional Improvement Body" in listing


@pytest.mark.parametrize("name", ["recharge_list", "recharge_csv", "recharge_pdf"])
def test_recharge_schedules_are_for_programme_managers_only(client, built, name):
    url = reverse(name) if name == "recharge_list" else recharge_url(name, built)
    client.force_login(built.mentor_user)
    assert client.get(url).status_code == 404


def test_the_month_s_links_are_emailed_once_with_no_figures(built):
    first = services.statements_email(month=MONTH)
    second = services.statements_email(month=MONTH)
    assert first == {"statements": 1, "recharges": 1}
    assert second == {"statements": 0, "recharges": 0}
    assert StatementEmail.objects.count() == 2
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["jo.hartley@example.org", "pat.mentor@example.org"]
    statement_mail = next(m for m in mail.outbox if m.to == ["pat.mentor@example.org"])
    assert "October 2026" in statement_mail.subject
    assert statement_url("statement_detail", built.mentor) in statement_mail.body
    for m in mail.outbox:
        assert "£" not in m.body and "Quixley" not in m.body


def test_a_failed_email_is_sent_again_on_the_next_run(built, settings, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise OSError("The mail server did not answer")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(OSError):
        services.statements_email(month=MONTH)
    assert StatementEmail.objects.count() == 0
    monkeypatch.undo()
    assert services.statements_email(month=MONTH)["statements"] == 1


def test_the_commissioner_report_shows_cost_to_date_against_budget(built):
    year = FinancialYearFactory(start_year=2026)
    BudgetFactory(
        funder=built.funder, council=built.council, financial_year=year, allocated="2000.00"
    )
    # A day worked after October is not spent "to date" in October's report.
    claim(built.placement, built.mentor, datetime.date(2026, 11, 3), manager=built.manager)
    text = pdf_text(monthly_report_pdf(council=built.council, month=MONTH))
    assert "Cost to date against budget" in text
    assert "2026/27" in text
    assert "Department for Local Government" in text
    # September's £300 and October's £482.70; not November's day.
    assert "£2,000.00" in text and "£782.70" in text and "£1,217.30" in text
    assert "39%" in text


def test_the_commissioner_report_has_no_budget_section_without_a_budget(built):
    text = pdf_text(monthly_report_pdf(council=built.council, month=MONTH))
    assert "Cost to date against budget" not in text


def test_the_statement_page_shows_the_days_expenses_and_totals(client, built):
    client.force_login(built.mentor_user)
    page = client.get(statement_url("statement_detail", built.mentor)).content.decode()
    for shown in ("Budget scrutiny committee", "Train to Barnsley", "£482.70", "£32.70"):
        assert shown in page, shown
    assert "Quixley" not in page and NOTE_MARKER not in page and "Still waiting" not in page


def test_the_worker_emails_last_month_s_statements_on_the_1st(built, settings):
    from reports.tasks import monthly_statements_task

    entry = settings.CELERY_BEAT_SCHEDULE["monthly-statements"]
    assert entry["task"] == "reports.tasks.monthly_statements_task"
    assert entry["schedule"].day_of_month == {1}
    assert monthly_statements_task.apply(args=["2026-10-01"]).get() == {
        "statements": 1,
        "recharges": 1,
    }
    assert monthly_statements_task.apply(args=["2026-10-01"]).get() == {
        "statements": 0,
        "recharges": 0,
    }
    assert len(mail.outbox) == 2
