"""A programme manager's journey in Chromium, each page checked with axe: a
corporate peer challenge with two recommendations and three actions, a progress
update, publication, and the action plan downloaded as a PDF for scrutiny."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.browser import sign_in
from accounts.tests.factories import DEMO_PASSWORD, ProgrammeManagerFactory
from councils.tests.factories import CouncilFactory
from reviews.models import ReviewVisit, VisitStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager():
    user = ProgrammeManagerFactory(email="jo.hartley@lga.example.org", full_name="Jo Hartley")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def add_action(page, axe_check, recommendation, description, owner, due, rag, another=False):
    page.get_by_role("link", name=f"Add an action for recommendation {recommendation}").click()
    page.wait_for_url(re.compile(r"/actions/new/$"))
    axe_check(page)
    page.locator("#id_description").fill(description)
    page.locator("#id_owner").fill(owner)
    page.locator("#id_due_on").fill(due)
    page.locator("#id_rag").select_option(label=rag)
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_url(re.compile(r"/action-plan/#action-\d+$"))


def test_a_manager_runs_a_peer_challenge_to_a_published_action_plan_pdf(
    browser_page, axe_check, manager
):
    CouncilFactory(name="Rotherham Metropolitan Borough Council")
    page = browser_page
    sign_in(page, manager.email, password=DEMO_PASSWORD)

    # The list, empty, then the form for a new visit.
    page.goto(page.base + "/reviews/")
    axe_check(page)
    page.get_by_role("link", name="Add a review visit").first.click()
    page.wait_for_url(re.compile(r"/reviews/new/$"))
    axe_check(page)
    page.locator("#id_council").select_option(label="Rotherham Metropolitan Borough Council")
    page.locator("#id_kind").select_option(label="Corporate peer challenge")
    page.locator("#id_title").fill("LGA Corporate Peer Challenge")
    page.locator("#id_first_day").fill("2025-10-14")
    page.locator("#id_last_day").fill("2025-10-17")
    page.locator("#id_question").fill("Where is the Council now?")
    page.locator("#id_scope").fill("Leadership, governance, finance and capacity to improve.")
    page.locator("#id_out_of_scope").fill("Children's Services.")
    page.locator("#id_findings").fill("Strong progress since the close of intervention.")
    page.locator("#id_judgement").fill("Tell the story and sustain the progress.")
    page.locator("#id_peers-0-name").fill("Cllr Alison Grey")
    page.locator("#id_peers-0-role").fill("Lead member peer")
    page.locator("#id_peers-0-organisation").fill("A metropolitan borough council")
    page.get_by_role("button", name="Add the visit").click()
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))
    assert "It is planned." in page.content()
    axe_check(page)
    visit_url = page.url

    # Two recommendations, numbered in turn.
    page.get_by_role("link", name="Add a recommendation").click()
    axe_check(page)
    assert page.locator("#id_number").input_value() == "1"
    page.locator("#id_theme").fill("Reputation")
    page.locator("#id_text").fill("Celebrate the progress made and tell Rotherham's story.")
    page.get_by_role("button", name="Add and add another").click()
    page.wait_for_url(re.compile(r"/recommendations/new/$"))
    assert page.locator("#id_number").input_value() == "2"
    page.locator("#id_theme").fill("Young people")
    page.locator("#id_text").fill("Build pathways for young people.")
    page.get_by_role("button", name="Add the recommendation").click()
    page.wait_for_url(re.compile(re.escape(visit_url) + r"#recommendation-\d+$"))
    axe_check(page)

    # Three actions on the plan, and a progress update.
    page.get_by_role("link", name="The action plan", exact=True).click()
    page.wait_for_url(re.compile(r"/action-plan/$"))
    axe_check(page)
    add_action(
        page,
        axe_check,
        1,
        "Publish the improvement story.",
        "Assistant Chief Executive",
        "2026-03-31",
        "Amber",
    )
    add_action(
        page,
        axe_check,
        1,
        "Brief the national press.",
        "Head of Communications",
        "2026-06-30",
        "Green",
    )
    add_action(
        page,
        axe_check,
        2,
        "Launch an apprenticeship scheme.",
        "Head of Economic Strategy",
        "2026-04-30",
        "Red",
    )
    page.get_by_role("link", name=re.compile("Add an update to .Publish the improvement")).click()
    page.wait_for_url(re.compile(r"/updates/new/$"))
    axe_check(page)
    page.locator("#id_rag").select_option(label="Green")
    page.locator("#id_text").fill("Published on the council's website.")
    page.get_by_role("button", name="Add the update").click()
    page.wait_for_url(re.compile(r"/action-plan/#action-\d+$"))
    assert "The update was added; the action is Green." in page.content()
    axe_check(page)

    # Publish, after being asked.
    page.goto(visit_url)
    page.get_by_role("link", name="Publish").click()
    page.wait_for_url(re.compile(r"/status/\?to=published$"))
    axe_check(page)
    page.get_by_role("button", name="Change the status").click()
    page.wait_for_url(visit_url)
    assert "The visit is now published." in page.content()
    axe_check(page)
    visit = ReviewVisit.objects.get(title="LGA Corporate Peer Challenge")
    assert visit.status == VisitStatus.PUBLISHED
    assert visit.published_on == timezone.localdate()

    # The PDF for scrutiny.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the action plan (PDF)").click()
    assert download.value.suggested_filename.startswith(
        "action-plan-rotherham-metropolitan-borough-council-2025-10-"
    )
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in [
        "Rotherham Metropolitan Borough Council",
        "Celebrate the progress made and tell Rotherham's story.",
        "Build pathways for young people.",
        "Assistant Chief Executive",
        "Head of Communications",
        "Head of Economic Strategy",
        "Green",
        "Red",
        "Published on the council's website.",
    ]:
        assert expected in text, expected
