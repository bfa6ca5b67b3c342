"""The site's navigation shows every item at every width, and each role's home page fits a
phone; the home pages are saved as screenshots for a reviewer to look at without signing in.

From 1200 px the navigation is laid out in full under the site's name; below that it folds
behind the menu button. At 1280 px (a common laptop) the manager's links, the bell and the
account menu must all be on screen; at 992 px the menu button must open them all.
Screenshots go to var/screenshots/<role>-<width>.png (var/ is not in git).
"""

import re

import pytest
from django.conf import settings

from accounts.models import User
from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"

# Everything the manager's navigation offers: its links, the bell (named "Notifications")
# and the account menu (named after the person) with what is in it.
MANAGER_LINKS = [
    "Home",
    "Placements",
    "Review visits",
    "Councils",
    "Councillors",
    "Dashboard",
    "Mentor pool",
    "Invitations",
    "Notifications",
]
ACCOUNT_MENU = [
    ("link", "Change password"),
    ("link", "Calendar feed"),
    ("link", "Who read my notes"),
    ("button", "Sign out"),
]

# Where an element's middle is, and whether that point shows the element itself (not
# covered, not clipped by a box around it, not off the screen).
ON_SCREEN = """el => {
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const top = document.elementFromPoint(x, y);
  return {
    left: box.left, right: box.right, top: box.top, bottom: box.bottom,
    width: window.innerWidth, height: window.innerHeight,
    shown: box.width > 0 && box.height > 0 && !!top && (top === el || el.contains(top)),
  };
}"""


def assert_on_screen(item, name):
    item.scroll_into_view_if_needed()
    where = item.evaluate(ON_SCREEN)
    assert where["shown"], f"{name!r} is hidden or covered: {where}"
    inside = (
        where["left"] >= 0
        and where["top"] >= 0
        and where["right"] <= where["width"]
        and where["bottom"] <= where["height"]
    )
    assert inside, f"{name!r} is off screen: {where}"


def manager_name():
    return str(User.objects.get(email=EMAILS["manager"]))


def nav(page):
    return page.get_by_role("navigation", name="Main")


@pytest.fixture
def manager_page(_allow_orm_beside_playwright, browser, live_server, demo_programme):
    # Reduced motion: the menu opens at once, without Bootstrap's animation.
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, EMAILS["manager"], base=live_server.url)
    yield page
    context.close()


def test_at_1280_px_every_item_of_the_managers_navigation_is_on_screen(manager_page):
    page = manager_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    assert not nav(page).get_by_role("button", name="Show or hide navigation").is_visible()
    for name in MANAGER_LINKS:
        assert_on_screen(nav(page).get_by_role("link", name=re.compile(f"^{name}")), name)
    account = nav(page).get_by_role("button", name=manager_name())
    assert_on_screen(account, "the account menu")
    account.click()
    for role, name in ACCOUNT_MENU:
        assert_on_screen(nav(page).get_by_role(role, name=name), name)


def test_at_992_px_the_menu_button_opens_every_item_of_the_managers_navigation(manager_page):
    page = manager_page
    page.set_viewport_size({"width": 992, "height": 800})
    page.reload()
    assert not nav(page).get_by_role("link", name="Invitations").is_visible()
    nav(page).get_by_role("button", name="Show or hide navigation").click()
    for name in MANAGER_LINKS:
        assert_on_screen(nav(page).get_by_role("link", name=re.compile(f"^{name}")), name)
    nav(page).get_by_role("button", name=manager_name()).click()
    for role, name in ACCOUNT_MENU:
        assert_on_screen(nav(page).get_by_role(role, name=name), name)


# Each role, and what their home page leads with: on a phone it must be on screen in full
# (the mentor's "Log a session" buttons were once off its right edge).
ROLES = {
    "manager": ("heading", "Programme management"),
    "mentor_a": ("link", re.compile("^Log a session")),
    "councillor_a": ("heading", "My placements"),
    "commissioner_x": ("heading", "Councils you oversee"),
}


def test_each_roles_home_page_fits_a_phone_and_is_saved_at_1280_and_390_px(
    _allow_orm_beside_playwright, browser, live_server, demo_programme
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for role, (kind, name) in ROLES.items():
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, EMAILS[role], base=live_server.url)
        page.screenshot(path=SCREENSHOTS / f"{role}-1280.png", full_page=True)

        page.set_viewport_size({"width": 390, "height": 844})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{role}'s home page is {width} px wide at 390 px"
        main = page.get_by_role("main")
        assert_on_screen(main.get_by_role(kind, name=name).first, f"{role}: {name}")
        page.screenshot(path=SCREENSHOTS / f"{role}-390.png", full_page=True)
        context.close()
    assert {p.name for p in SCREENSHOTS.glob("*.png")} >= {
        f"{role}-{width}.png" for role in ROLES for width in (1280, 390)
    }
