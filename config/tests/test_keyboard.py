"""Each role's main task done with the keyboard alone, in Chromium.

Only ``page.keyboard`` is used once a page is open: Tab and Shift+Tab to move,
Enter and Space to press, arrow keys and typing to fill in. Every element the
focus reaches must show where the focus is (an outline or a box shadow), and the
first tab stop of each page opened is the "Skip to main content" link.
"""

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from accounts.tests.personas import EMAILS
from demo.programme import DEMO_PASSWORD
from mentoring.models import AgreementStatus, LearningAgreement, Session, SessionMode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = r"""() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName.toLowerCase(),
    name: (label || el.getAttribute('aria-label') || el.innerText || el.value || '')
      .replace(/\s+/g, ' ').trim(),
    href: el.getAttribute('href') || '',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    visible: box.width > 0 && box.height > 0,
    // The calendar button of a date field is inside the browser's own shadow tree:
    // the field is then focus-within but not focused, and Chromium draws the ring.
    insideControl: el.matches(':focus-within') && !el.matches(':focus'),
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def assert_focus_is_visible(page, seen=()):
    now = focused(page)
    assert now["tag"] != "body", f"the focus left the page at {page.url} after {list(seen)}"
    assert now["visible"] and (now["outline"] or now["shadow"] or now["insideControl"]), (
        f"no visible focus indicator on {now['tag']} {now['name']!r} at {page.url}"
    )
    return now


def tab_to(page, name=None, href=None, *, limit=80, back=False):
    """Press Tab (or Shift+Tab) until the focused element's name or link matches."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = assert_focus_is_visible(page, seen)
        seen.append(now["name"][:40])
        if (name is None or re.search(name, now["name"])) and (
            href is None or re.search(href, now["href"])
        ):
            return now
    raise AssertionError(f"no tab stop matching {name or href} at {page.url}; went through {seen}")


def press(page, key, *, to):
    """Press a key that opens the page whose path matches ``to`` (Enter on a link or
    button). A fragment is ignored: after the skip link, "#main" stays on the address."""
    with page.expect_navigation(url=lambda url: re.search(to, urlparse(url).path)):
        page.keyboard.press(key)


def skip_link_comes_first(page, *, follow=True):
    """The first Tab on a page reaches the skip link; Enter takes the focus to the main content."""
    page.keyboard.press("Tab")
    first = assert_focus_is_visible(page)
    assert first["name"] == "Skip to main content" and first["href"] == "#main", first
    if follow:
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


@pytest.fixture
def keyboard_page(_allow_orm_beside_playwright, browser, live_server):
    # Reduced motion turns Bootstrap's transitions off, so a focus ring is there at once.
    context = browser.new_context(locale="en-GB", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


def sign_in_by_keyboard(page, persona):
    page.goto(page.base + "/accounts/login/")
    skip_link_comes_first(page)
    tab_to(page, "^Email")
    page.keyboard.type(EMAILS[persona])
    tab_to(page, "^Password")
    page.keyboard.type(DEMO_PASSWORD)
    press(page, "Enter", to="^/$")


def same_day_and_month() -> datetime.date:
    """The last date whose day and month are the same number (11 November 2026):
    typed the same whichever order the browser shows day and month in."""
    day = timezone.localdate()
    while day.day != day.month:
        day -= datetime.timedelta(days=1)
    return day


def test_a_mentor_logs_a_session_with_the_keyboard_alone(keyboard_page, demo_programme):
    page = keyboard_page
    sign_in_by_keyboard(page, "mentor_a")
    skip_link_comes_first(page)
    tab_to(page, r"^Log a session for Cllr Pat Lowther with")
    press(page, "Enter", to=r"^/placements/\d+/log-session/$")

    skip_link_comes_first(page)
    held_on = same_day_and_month()
    tab_to(page, "^Date")
    page.keyboard.type(held_on.strftime("%d%m%Y"))
    tab_to(page, "^Duration")
    page.keyboard.type("60")
    tab_to(page, "^Mode")
    page.keyboard.press("ArrowDown")  # the first mode after "---------"
    tab_to(page)  # the first theme
    page.keyboard.press("Space")
    tab_to(page, "^What was discussed")
    page.keyboard.type("Budget round: how to take the Cabinet with you.")
    tab_to(page, "^Save the session")
    press(page, "Enter", to=r"^/placements/\d+/$")

    assert page.get_by_role("status").filter(has_text="The session was saved.").is_visible()
    session = Session.objects.get(held_on=held_on, logged_by__user__email=EMAILS["mentor_a"])
    assert (session.duration_minutes, session.mode) == (60, SessionMode.FACE_TO_FACE)
    assert session.topics.count() == 1
    assert session.note.notes == "Budget round: how to take the Cabinet with you."


def test_a_councillor_agrees_to_their_proposed_agreement_with_the_keyboard_alone(
    keyboard_page, demo_programme
):
    page = keyboard_page
    sign_in_by_keyboard(page, "councillor_b")
    skip_link_comes_first(page)
    tab_to(page, r"^Read and agree to your learning agreement")
    press(page, "Enter", to=r"^/agreements/\d+/$")

    skip_link_comes_first(page)
    tab_to(page, "^I agree to this learning agreement")
    press(page, "Enter", to=r"^/agreements/\d+/$")

    assert page.get_by_text(
        "Both of you have agreed: the agreement is in force."
    ).first.is_visible()
    agreed = LearningAgreement.objects.get(pk=page.url.split("/")[-2])
    assert agreed.status == AgreementStatus.ACTIVE


def test_a_manager_goes_from_the_dashboard_to_a_placement_with_the_keyboard_alone(
    keyboard_page, demo_programme
):
    page = keyboard_page
    sign_in_by_keyboard(page, "manager")
    skip_link_comes_first(page)
    tab_to(page, "^Dashboard: the programme at a glance")
    press(page, "Enter", to="^/dashboard/$")

    skip_link_comes_first(page)
    tab_to(page, href=r"^/placements/\?status=active$")
    press(page, "Enter", to=r"^/placements/$")

    skip_link_comes_first(page)
    opened = tab_to(page, href=r"^/placements/\d+/$")
    press(page, "Enter", to=f"^{opened['href']}$")
    assert page.get_by_role("heading", level=1).is_visible()


def test_a_commissioner_opens_an_action_plan_with_the_keyboard_alone(keyboard_page, demo_programme):
    page = keyboard_page
    sign_in_by_keyboard(page, "commissioner_x")
    skip_link_comes_first(page, follow=False)
    tab_to(page, "^Review visits$")  # in the site's navigation
    press(page, "Enter", to="^/reviews/$")

    skip_link_comes_first(page)
    tab_to(page, "^LGA Corporate Peer Challenge")
    press(page, "Enter", to=r"^/reviews/\d+/$")

    skip_link_comes_first(page)
    tab_to(page, "^The action plan$")
    press(page, "Enter", to=r"^/reviews/\d+/action-plan/$")
    assert "action plan" in page.get_by_role("heading", level=1).inner_text().lower()
    # Shift+Tab goes back the way it came, still with a visible focus.
    skip_link_comes_first(page)
    tab_to(page)
    tab_to(page)
    tab_to(page, "^Skip to main content$", back=True)
