"""Two journeys of issue 19 in Chromium: a mentor changes a session from its page, and a
councillor sees what changed in a new version of their agreement and agrees after
reading it (the button comes after the agreement)."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS
from mentoring import services
from mentoring.models import (
    AgreementStatus,
    LearningAgreement,
    MemberAgreement,
    Mentor,
    Session,
)
from mentoring.tests.factories import GoalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, base, persona):
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, EMAILS[persona], base=base)
    return page


def test_a_mentor_changes_a_session_from_its_page(
    browser, live_server, axe_check, demo_programme, _allow_orm_beside_playwright
):
    mentor = Mentor.objects.get(user__email=EMAILS["mentor_a"])
    placement = mentor.placements.filter(status="active").order_by("pk").first()
    session = Session.objects.create(
        placement=placement,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        duration_minutes=45,
        mode="telephone",
        logged_by=mentor,
    )
    page = signed_in_page(browser, live_server.url, "mentor_a")
    # From the home page's list of sessions still open to change, to the session.
    page.locator("#to-change-heading").scroll_into_view_if_needed()
    page.locator(f'section a[href="/sessions/{session.pk}/"]').click()
    page.wait_for_url(re.compile(rf"/sessions/{session.pk}/$"))
    axe_check(page)
    page.get_by_role("link", name="Change this session").click()
    page.wait_for_url(re.compile(rf"/sessions/{session.pk}/edit/$"))
    page.locator("#id_duration_minutes").fill("75")
    page.get_by_role("button", name="Save the session").click()

    page.wait_for_url(re.compile(rf"/sessions/{session.pk}/$"))
    assert page.get_by_text("The session was saved.").is_visible()
    assert page.get_by_text("75 minutes").is_visible()
    axe_check(page)
    session.refresh_from_db()
    assert session.duration_minutes == 75


def test_a_councillor_sees_what_changed_and_agrees_after_reading(
    browser, live_server, axe_check, demo_programme, _allow_orm_beside_playwright
):
    # Councillor B's first version, agreed by both; the mentor proposes a second.
    first = LearningAgreement.objects.get(
        placement__mentees__councillor__user__email=EMAILS["councillor_b"],
        status=AgreementStatus.PROPOSED,
    )
    now = timezone.now()
    LearningAgreement.objects.filter(pk=first.pk).update(
        status=AgreementStatus.ACTIVE, mentee_agreed_at=now, mentor_agreed_at=now
    )
    first.refresh_from_db()
    for member in first.placement.mentees.all():  # each member agrees for themself
        MemberAgreement.objects.create(agreement=first, mentee=member, agreed_at=now)
    second = services.agreement_new_version(agreement=first)
    GoalFactory(agreement=second, goal="Speak for the group at full council with confidence.")
    services.agreement_propose(agreement=second)

    page = signed_in_page(browser, live_server.url, "councillor_b")
    # The home page has no button to agree, only the way to read the agreement first.
    assert page.get_by_role("button", name=re.compile("Agree")).count() == 0
    page.get_by_role("link", name=re.compile("^Read and agree to your learning agreement")).click()
    page.wait_for_url(re.compile(rf"/agreements/{second.pk}/$"))
    axe_check(page)

    changes = page.get_by_role("region", name="What changed since version 1")
    assert changes.get_by_text(
        "Added: “Speak for the group at full council with confidence.”"
    ).is_visible()
    agree = page.get_by_role("button", name="I agree to this learning agreement")
    reviews = page.get_by_role("heading", name="Review dates")
    assert agree.bounding_box()["y"] > reviews.bounding_box()["y"]
    agree.click()

    page.wait_for_url(re.compile(rf"/agreements/{second.pk}/$"))
    assert (
        page.get_by_role("status")
        .filter(has_text=re.compile(r"^You agreed\. Waiting for .+ to agree\.$"))
        .is_visible()
    )
    axe_check(page)
    second.refresh_from_db()
    assert second.mentee_agreed_at and second.status == AgreementStatus.PROPOSED
