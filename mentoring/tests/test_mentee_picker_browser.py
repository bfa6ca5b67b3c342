"""The mentees of a new placement are tick boxes with a box that filters them by name
(static/js/filter-checkboxes.js), in Chromium with axe; without JavaScript they are
plain tick boxes that work the same."""

import re

import pytest
from django.urls import reverse

from accounts.tests.browser import sign_in
from councils.models import Council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_finds_a_councillor_by_typing_part_of_their_name(
    browser_page, axe_check, demo_programme
):
    page = browser_page
    sign_in(page, "manager@demo.example.org")
    council = Council.objects.get(slug="rotherham")
    page.goto(page.base + reverse("placement_create") + f"?council={council.pk}")
    mentees = page.get_by_role("group", name="Councillor mentees")
    everyone = mentees.get_by_role("checkbox").count()
    assert everyone > 6

    search = page.get_by_label("Filter the councillors by name")
    # The councillors' count (the other councils of a role group have a filter too).
    count = page.get_by_role("status").filter(has_text=re.compile(r"councillors? shown"))
    assert count.inner_text() == f"{everyone} councillors shown"
    axe_check(page)

    search.fill("dunn")
    assert count.inner_text() == "1 councillor shown"
    assert mentees.get_by_role("checkbox").filter(visible=True).count() == 1
    mentees.get_by_label("Cllr Chloe Dunn").check()

    # A ticked name stays shown whatever is typed next; nothing chosen is hidden.
    search.fill("zzz")
    assert mentees.get_by_label("Cllr Chloe Dunn").is_visible()
    search.fill("qqqq-nobody")
    search.press("Enter")  # does not send the form half filled in
    assert "/placements/new/" in page.url and "councillors=" not in page.url
    search.fill("")
    assert count.inner_text() == f"{everyone} councillors shown"
    axe_check(page)

    page.locator("#id_mentoring_type").select_option(label="One-to-one mentoring")
    page.locator("#id_started_on").fill("2027-01-04")
    page.get_by_role("button", name="Suggest mentors").click()
    page.wait_for_selector("text=Suggested mentors, best match first")
    assert "Cllr Chloe Dunn" in page.locator("main dl").inner_text()


def test_without_javascript_the_mentees_are_plain_tick_boxes(client_as):
    council = Council.objects.get(slug="rotherham")
    page = client_as("manager").get(reverse("placement_create") + f"?council={council.pk}")
    html = page.content.decode()
    assert "<select" not in html.split('id="div_id_councillors"', 1)[1].split("</fieldset>")[0]
    assert re.search(
        r'<input type="checkbox"[^>]*name="councillors"[^>]*data-filter="councillor"', html
    )
    assert "js/filter-checkboxes" in html
