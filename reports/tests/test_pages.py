"""A council's reports pages: the list, asking for a month, its progress, the PDF
for those allowed, and the narrative."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import CommissionerAppointmentFactory, CouncilFactory
from reports.models import MonthlyReport, ReportNarrative, ReportStatus
from reports.pdf import monthly_report_html
from reports.tests.builders import MONTH, council_with_a_month_of_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="Wyre Forest District Council")


def done_report(council, month=MONTH) -> MonthlyReport:
    report = MonthlyReport(council=council, month=month, status=ReportStatus.DONE)
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 a report"), save=False)
    report.size = 17
    report.rendered_at = timezone.now()
    report.save()
    return report


def signed_in_commissioner(client, council):
    commissioner = UserFactory()
    CommissionerAppointmentFactory(council=council, commissioner=commissioner)
    client.force_login(commissioner)
    return commissioner


def test_the_manager_sees_the_reports_and_can_ask_for_a_month(manager_client, council):
    done_report(council)

    body = manager_client.get(reverse("report_list", args=[council.slug])).content.decode()

    assert "October 2025" in body
    assert "Download the PDF" in body
    assert "Ask for a month&#x27;s report" in body or "Ask for a month's report" in body
    assert reverse("narrative_edit", args=[council.slug, *_this_and_last_month()[0]]) in body


def _this_and_last_month():
    today = timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return [(last.year, last.month), (today.year, today.month)]


def test_a_commissioner_sees_their_councils_reports_but_not_the_ask_form(client, council):
    signed_in_commissioner(client, council)
    report = done_report(council)

    body = client.get(reverse("report_list", args=[council.slug])).content.decode()
    download = client.get(reverse("report_download", args=[council.slug, report.pk]))

    assert "October 2025" in body
    assert "Ask for a month" not in body
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        "monthly-report-wyre-forest-district-council-2025-10.pdf" in download["Content-Disposition"]
    )


def test_another_councils_commissioner_gets_not_found(client, council):
    signed_in_commissioner(client, CouncilFactory())
    report = done_report(council)

    for url in [
        reverse("report_list", args=[council.slug]),
        reverse("report_detail", args=[council.slug, report.pk]),
        reverse("report_download", args=[council.slug, report.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_the_list_says_what_happens_when_there_is_no_report_yet(manager_client, council):
    body = manager_client.get(reverse("report_list", args=[council.slug])).content.decode()
    assert "No reports yet. Last month's report is produced on the 1st of each month" in body


def test_asking_for_a_report_queues_it_and_shows_its_progress_then_the_pdf(
    manager_client, eager_tasks, django_capture_on_commit_callbacks
):
    built = council_with_a_month_of_activity()
    url = reverse("report_request", args=[built.council.slug])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = manager_client.post(url, {"month": "2025-10"})
    report = MonthlyReport.objects.get()
    progress = manager_client.get(response["Location"]).content.decode()
    for callback in callbacks:  # the transaction commits: the task runs
        callback()
    done = manager_client.get(response["Location"]).content.decode()

    assert response["Location"] == reverse("report_detail", args=[built.council.slug, report.pk])
    assert 'data-poll-seconds="3"' in progress and "js/report-progress.js" in progress
    assert "Stop checking" in progress
    assert "data-poll-seconds" not in done and "report-progress.js" not in done
    assert "The report is ready." in done
    assert reverse("report_download", args=[built.council.slug, report.pk]) in done
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.requested_by is not None


def test_the_progress_page_can_stop_checking(manager_client, council):
    report = MonthlyReport.objects.create(council=council, month=MONTH)
    url = reverse("report_detail", args=[council.slug, report.pk])

    body = manager_client.get(url, {"refresh": "off"}).content.decode()

    assert "data-poll-seconds" not in body
    assert "Check again" in body


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("October", "Enter a month like 2026-10."),
        ("2025-13", "Enter a month like 2026-10."),
        ("2999-01", "A report can only cover a month that has begun."),
    ],
)
def test_a_month_that_cannot_be_reported_is_refused_beside_the_field(
    manager_client, council, typed, message
):
    response = manager_client.post(reverse("report_request", args=[council.slug]), {"month": typed})

    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'value="{typed}"' in body
    assert not MonthlyReport.objects.exists()


def test_a_failed_report_shows_its_error_to_the_manager_only(manager_client, council):
    report = MonthlyReport.objects.create(
        council=council, month=MONTH, status=ReportStatus.FAILED, error="RuntimeError: no fonts"
    )
    url = reverse("report_detail", args=[council.slug, report.pk])
    client = Client()
    signed_in_commissioner(client, council)

    manager_page = manager_client.get(url).content.decode()
    commissioner_page = client.get(url).content.decode()

    assert "RuntimeError: no fonts" in manager_page
    assert "Produce it again" in manager_page
    assert "could not be produced" in commissioner_page
    assert "RuntimeError" not in commissioner_page


def test_a_report_without_its_file_is_not_found(manager_client, council):
    report = done_report(council)
    report.file.storage.delete(report.file.name)

    response = manager_client.get(reverse("report_download", args=[council.slug, report.pk]))

    assert response.status_code == 404


def test_the_manager_writes_the_narrative_and_it_is_printed_in_the_report(manager_client, council):
    url = reverse("narrative_edit", args=[council.slug, 2025, 10])

    response = manager_client.post(url, {"text": "  A strong month for the Cabinet.  "})

    assert response.status_code == 302
    narrative = ReportNarrative.objects.get(council=council, month=MONTH)
    assert narrative.text == "A strong month for the Cabinet."
    assert "A strong month for the Cabinet." in manager_client.get(url).content.decode()
    assert "A strong month for the Cabinet." in monthly_report_html(council=council, month=MONTH)


def test_a_month_that_does_not_exist_has_no_narrative_page(manager_client, council):
    url = reverse("narrative_edit", args=[council.slug, 2025, 13])
    assert manager_client.get(url).status_code == 404


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def months(start: int, n: int):
    for i in range(start, start + n):
        yield datetime.date(1990 + i // 12, i % 12 + 1, 1)


@pytest.mark.parametrize("as_commissioner", [False, True])
def test_the_reports_list_runs_the_same_few_queries_with_5_or_205_reports(
    client, manager, council, as_commissioner
):
    if as_commissioner:
        signed_in_commissioner(client, council)
    else:
        client.force_login(manager)
    url = reverse("report_list", args=[council.slug])
    MonthlyReport.objects.bulk_create(
        MonthlyReport(council=council, month=m, status=ReportStatus.QUEUED) for m in months(0, 5)
    )
    small = queries_for(client, url)
    MonthlyReport.objects.bulk_create(
        MonthlyReport(council=council, month=m, status=ReportStatus.QUEUED) for m in months(5, 200)
    )
    large = queries_for(client, url)
    assert small == large <= 12


def test_a_report_of_the_month_not_yet_ended_is_in_progress_not_ready(manager_client, council):
    this_month = timezone.localdate().replace(day=1)
    current = done_report(council, month=this_month)
    done_report(council)  # a past month's: ready

    listed = manager_client.get(reverse("report_list", args=[council.slug])).content.decode()
    detail = manager_client.get(reverse("report_detail", args=[council.slug, current.pk]))

    assert "In progress (the month has not ended)" in listed
    assert "Ready" in listed  # the past month's
    assert "The month has not ended, so its figures are not final" in detail.content.decode()
    # No hash is shown to people (the admin keeps the file's checksum).
    assert "SHA-256" not in detail.content.decode()
