"""A programme manager invites a mentor starting from the general "Invite someone"
form: it says where mentors are invited from, and that way works to the end."""

import re

import pytest

from accounts.models import Invitation
from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_invites_a_mentor_from_the_general_form_without_a_dead_end(
    page, live_server, axe_check, demo_programme, _allow_orm_beside_playwright
):
    page.set_default_timeout(10_000)
    sign_in(page, EMAILS["manager"], base=live_server.url)
    page.goto(live_server.url + "/accounts/invitations/")
    page.get_by_role("link", name="Invite someone").click()
    page.wait_for_url(re.compile(r"/accounts/invitations/new/$"))
    axe_check(page)
    # The form offers only the roles it can invite, none chosen for the manager.
    role = page.get_by_label("Role")
    assert role.input_value() == ""
    offered = role.locator("option").all_inner_texts()
    assert "Mentor" not in offered and "Programme manager" in offered

    page.get_by_text("To invite a mentor, open their record in the").get_by_role(
        "link", name="mentor pool"
    ).click()
    page.wait_for_url(re.compile(r"/mentors/"))
    page.get_by_label("Search").fill("Derek Whyte")
    page.get_by_role("button", name=re.compile("^(Filter|Apply|Search)")).first.click()
    page.get_by_role("link", name="Derek Whyte").click()
    page.get_by_role("link", name="Invite to sign in").click()

    page.wait_for_url(re.compile(r"/accounts/invitations/new/\?"))
    assert page.get_by_role("heading", name="Invite a mentor to sign in").is_visible()
    assert page.get_by_label("Role").input_value() == "mentor"
    assert page.get_by_label("Full name").input_value() == "Derek Whyte"
    if not page.get_by_label("Email address").input_value():
        page.get_by_label("Email address").fill("derek.whyte@walsall.example.org")
    axe_check(page)
    page.get_by_role("button", name="Send invitation").click()

    page.wait_for_url(re.compile(r"/accounts/invitations/$"))
    assert page.get_by_role("status").filter(has_text="Invitation sent to").is_visible()
    invitation = Invitation.objects.get(user__full_name="Derek Whyte")
    assert invitation.role == "mentor"
    assert invitation.user.mentor.full_name == "Derek Whyte"
