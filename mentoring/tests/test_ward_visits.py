"""Ward visits: the mentor records the ward map and the report; the councillor reads
them on screen and as a PDF; programme managers read them too; nobody else does."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.tests.factories import ProgrammeManagerFactory
from councils.tests.factories import CommissionerAppointmentFactory, CouncillorFactory
from mentoring.models import WardIssue, WardPriority, WardVisitReport
from mentoring.services import ward_issue_save
from mentoring.tests.factories import PlacementFactory, SessionNoteFactory
from mentoring.tests.pairs import mentee_account, mentor_account
from mentoring.ward_pdf import ward_visit_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit():
    councillor = CouncillorFactory(ward="Rotherham East")
    return PlacementFactory(kind="ward-visit", council=councillor.council, mentees=[councillor])


@pytest.fixture
def visit_with_map(visit):
    WardIssue.objects.create(
        placement=visit,
        description="Fly-tipping in the back lane",
        place="Behind Broad Street",
        priority=WardPriority.MEDIUM,
        order=0,
    )
    WardIssue.objects.create(
        placement=visit,
        description="Speeding past the primary school",
        place="Doncaster Road",
        priority=WardPriority.HIGH,
        order=1,
    )
    WardIssue.objects.create(
        placement=visit,
        description="Broken play equipment",
        place="Clifton Park",
        priority=WardPriority.LOW,
        order=2,
    )
    WardVisitReport.objects.create(
        placement=visit,
        observations="Residents stopped us to talk about the school run.",
        priorities="Road safety first; then the state of the back lanes.",
        matters_for_action="Ask highways for a speed survey on Doncaster Road.",
    )
    return visit


@pytest.fixture
def mentor(client, visit):
    client.force_login(mentor_account(visit))
    return client


@pytest.fixture
def councillor(client, visit):
    client.force_login(mentee_account(visit.mentees.get()))
    return client


def text_of_pdf(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# The mentor records -------------------------------------------------------------------------


def test_the_mentor_adds_an_issue_to_the_ward_map(mentor, visit):
    response = mentor.post(
        reverse("ward_issue_create", args=[visit.pk]),
        {"description": "Potholes on the high street", "place": "High Street", "priority": "high"},
    )
    assert response.status_code == 302
    issue = WardIssue.objects.get(placement=visit)
    assert response["Location"] == (
        reverse("ward_visit_detail", args=[visit.pk]) + f"#issue-{issue.pk}"
    )
    assert (issue.place, issue.priority) == ("High Street", "high")
    page = mentor.get(response["Location"]).content.decode()
    assert "The issue was added to the ward map." in page
    assert "Potholes on the high street" in page


def test_add_and_add_another_comes_back_to_an_empty_form(mentor, visit):
    response = mentor.post(
        reverse("ward_issue_create", args=[visit.pk]),
        {"description": "Litter", "place": "Market", "priority": "low", "add_another": "1"},
    )
    assert response["Location"] == reverse("ward_issue_create", args=[visit.pk])


def test_an_issue_needs_a_description_and_a_place_and_keeps_what_was_typed(mentor, visit):
    response = mentor.post(
        reverse("ward_issue_create", args=[visit.pk]),
        {"description": "", "place": "", "priority": "high"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe the issue." in page
    assert "Say where in the ward it is." in page
    assert 'value="high"' in page and "checked" in page
    assert not WardIssue.objects.exists()


def test_the_mentor_changes_then_removes_an_issue_after_confirming(mentor, visit_with_map):
    issue = WardIssue.objects.get(place="Clifton Park")
    response = mentor.post(
        reverse("ward_issue_edit", args=[issue.pk]),
        {"description": "Broken swings", "place": "Clifton Park", "priority": "medium"},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.description, issue.priority) == ("Broken swings", "medium")
    confirm = mentor.get(reverse("ward_issue_delete", args=[issue.pk])).content.decode()
    assert "Are you sure you want to remove this issue?" in confirm
    assert WardIssue.objects.filter(pk=issue.pk).exists()
    response = mentor.post(reverse("ward_issue_delete", args=[issue.pk]))
    assert response.status_code == 302
    assert not WardIssue.objects.filter(pk=issue.pk).exists()
    page = mentor.get(response["Location"]).content.decode()
    assert "The issue was removed from the ward map." in page


def test_the_mentor_writes_the_report(mentor, visit):
    url = reverse("ward_report_edit", args=[visit.pk])
    response = mentor.post(
        url,
        {
            "observations": "A close-knit ward with strong residents' groups.",
            "priorities": "Road safety.",
            "matters_for_action": "Meet the highways team.",
        },
    )
    assert response.status_code == 302
    report = WardVisitReport.objects.get(placement=visit)
    assert report.priorities == "Road safety."
    page = mentor.get(response["Location"]).content.decode()
    assert "The visit report was saved." in page
    assert "A close-knit ward with strong residents" in page


def test_an_empty_report_is_refused(mentor, visit):
    response = mentor.post(
        reverse("ward_report_edit", args=[visit.pk]),
        {"observations": " ", "priorities": "", "matters_for_action": ""},
    )
    assert "Write at least one part of the report." in response.content.decode()
    assert not WardVisitReport.objects.exists()


def test_an_issue_belongs_to_a_ward_visit_placement_only():
    one_to_one = PlacementFactory()
    with pytest.raises(ValidationError, match="ward visit placement"):
        ward_issue_save(issue=WardIssue(placement=one_to_one, description="x", place="y"))


def test_new_issues_go_last(visit_with_map):
    issue = ward_issue_save(issue=WardIssue(placement=visit_with_map, description="n", place="p"))
    assert issue.order == 3


# Who reads and who changes ---------------------------------------------------------------------


def test_the_councillor_reads_the_map_highest_priority_first_and_the_report(
    councillor, visit_with_map
):
    page = councillor.get(reverse("ward_visit_detail", args=[visit_with_map.pk])).content.decode()
    assert "Ward visit: Rotherham East" in page
    high, medium, low = (
        page.index("Speeding past the primary school"),
        page.index("Fly-tipping in the back lane"),
        page.index("Broken play equipment"),
    )
    assert high < medium < low
    assert "Ask highways for a speed survey" in page
    assert "1 high, 1 medium, 1 low priority." in page
    assert "Add an issue" not in page and "Change the report" not in page


def test_only_the_mentor_may_change_the_map_or_the_report(client, visit_with_map):
    issue = WardIssue.objects.filter(placement=visit_with_map).first()
    change_urls = [
        reverse("ward_issue_create", args=[visit_with_map.pk]),
        reverse("ward_report_edit", args=[visit_with_map.pk]),
        reverse("ward_issue_edit", args=[issue.pk]),
        reverse("ward_issue_delete", args=[issue.pk]),
    ]
    for user in [
        mentee_account(visit_with_map.mentees.get()),
        ProgrammeManagerFactory(),
        mentor_account(PlacementFactory(kind="ward-visit")),
    ]:
        client.force_login(user)
        for url in change_urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(change_urls[3]).status_code == 404
    assert WardIssue.objects.filter(pk=issue.pk).exists()


def test_a_manager_reads_it_but_another_mentor_and_a_commissioner_get_a_404(client, visit_with_map):
    url = reverse("ward_visit_detail", args=[visit_with_map.pk])
    client.force_login(ProgrammeManagerFactory())
    assert client.get(url).status_code == 200
    client.force_login(mentor_account(PlacementFactory(kind="ward-visit")))
    assert client.get(url).status_code == 404
    assert client.get(reverse("ward_visit_pdf", args=[visit_with_map.pk])).status_code == 404
    client.force_login(CommissionerAppointmentFactory(council=visit_with_map.council).commissioner)
    assert client.get(url).status_code == 404


def test_a_placement_of_another_type_has_no_ward_visit_page(mentor):
    other = PlacementFactory()
    assert mentor.get(reverse("ward_visit_detail", args=[other.pk])).status_code == 404


def test_empty_states_say_what_to_do(mentor, councillor, visit):
    url = reverse("ward_visit_detail", args=[visit.pk])
    page = councillor.get(url).content.decode()
    assert "The mentor has not recorded the ward map yet." in page
    assert "The mentor has not written the report yet." in page


def test_the_mentor_sees_how_to_start(mentor, visit):
    page = mentor.get(reverse("ward_visit_detail", args=[visit.pk])).content.decode()
    assert "Add the first issue" in page and "Write the report" in page


# The PDF ---------------------------------------------------------------------------------------


def test_the_pdf_holds_the_map_and_the_report_with_page_numbers(visit_with_map):
    data = ward_visit_pdf(placement=visit_with_map)
    assert data.startswith(b"%PDF")
    text = text_of_pdf(data)
    assert "Ward visit report: Rotherham East" in text
    assert "Speeding past the primary school" in text and "Doncaster Road" in text
    assert "Residents stopped us to talk about the school run." in text
    assert "Ask highways for a speed survey on Doncaster Road." in text
    assert "Page 1 of 1" in text
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith("Ward visit report: Rotherham East")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers


def test_the_councillor_downloads_the_pdf_and_it_carries_no_session_notes(
    councillor, visit_with_map
):
    note = SessionNoteFactory(
        session__placement=visit_with_map, notes="SECRET-NOTE-123", actions_agreed="SECRET-ACT"
    )
    response = councillor.get(reverse("ward_visit_pdf", args=[visit_with_map.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of_pdf(b"".join(response.streaming_content))
    assert "Speeding past the primary school" in text
    assert note.notes not in text and note.actions_agreed not in text


# Query counts ----------------------------------------------------------------------------------


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


def grow(visit, count):
    start = WardIssue.objects.filter(placement=visit).count()
    WardIssue.objects.bulk_create(
        WardIssue(
            placement=visit,
            description=f"Issue {n}",
            place=f"Street {n}",
            priority=WardPriority.values[n % 3],
            order=n,
        )
        for n in range(start, start + count)
    )


@pytest.mark.parametrize("url_name", ["ward_visit_detail", "ward_visit_pdf"])
def test_the_ward_visit_pages_run_the_same_few_queries_with_5_or_205_issues(
    councillor, visit_with_map, url_name
):
    url = reverse(url_name, args=[visit_with_map.pk])
    grow(visit_with_map, 2)  # 3 + 2 = 5
    small = queries(councillor, url)
    grow(visit_with_map, 200)
    large = queries(councillor, url)
    assert small == large <= 12


@pytest.mark.parametrize("url_name", ["ward_issue_create", "ward_report_edit"])
def test_the_mentors_forms_run_the_same_few_queries_with_5_or_205_issues(
    mentor, visit_with_map, url_name
):
    url = reverse(url_name, args=[visit_with_map.pk])
    grow(visit_with_map, 2)
    small = queries(mentor, url)
    grow(visit_with_map, 200)
    large = queries(mentor, url)
    assert small == large <= 12
