"""Form fields' borders and the focus indicator stand out from what is around them: at
least 3:1 (WCAG 2.2, 1.4.11 non-text contrast), measured in Chromium.

The colours are read from the browser (getComputedStyle) after the keyboard has moved the
focus, so what is measured is what a person sees, whichever style sheet set it.
"""

import re

import pytest

from accounts.tests.browser import sign_in
from accounts.tests.personas import EMAILS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMUM = 3.0

# The focused element (or the one given): its outline and border, and the colour behind it
# and behind its parent (where the outline is drawn), each the backgrounds of the element
# and its ancestors laid over white, as they are painted.
COLOURS = r"""given => {
  const el = given || document.activeElement;
  const parse = text => {
    const parts = (text.match(/rgba?\(([^)]*)\)/) || [null, ''])[1].split(/[\s,\/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    return parts.length > 3 ? parts.slice(0, 4).map(Number) : [...parts.map(Number), 1];
  };
  const behind = start => {
    const layers = [];
    for (let node = start; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour[3] > 0) {
        layers.push(colour);
        if (colour[3] >= 1) break;
      }
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
      out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    }
    return out;
  };
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || '',
    name: (label || el.getAttribute('aria-label') || el.innerText || el.value || '')
      .replace(/\s+/g, ' ').trim().slice(0, 40),
    inHeader: !!el.closest('header'),
    outline: parse(style.outlineColor),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    border: parse(style.borderTopColor),
    borderWidth: parseFloat(style.borderTopWidth),
    inside: behind(el),
    around: behind(el.parentElement),
  };
}"""


def luminance(rgb) -> float:
    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tab_stops(page, limit=60) -> list[dict]:
    """Each element the Tab key reaches from the top of the page, with its colours."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(COLOURS, None)
        if now["tag"] == "body":  # past the last one
            break
        if not stops or now != stops[-1]:  # a date field takes a Tab for each of its parts
            stops.append(now)
    return stops


def focus_problems(stops) -> list[str]:
    problems = []
    for stop in stops:
        what = f"{stop['tag']} {stop['name']!r}"
        if stop["outlineStyle"] in ("none", "hidden") or stop["outlineWidth"] < 2:
            problems.append(f"{what}: no solid focus outline of 2 px or more")
            continue
        ratio = contrast(stop["outline"], stop["around"])
        if ratio < MINIMUM:
            problems.append(f"{what}: focus outline {ratio:.1f}:1 against its background")
    return problems


def border_problems(page, selector) -> list[str]:
    problems = []
    for field in page.locator(selector).all():
        found = field.evaluate(COLOURS)
        for side, background in (("outside", found["around"]), ("inside", found["inside"])):
            ratio = contrast(found["border"], background)
            if ratio < MINIMUM:
                problems.append(
                    f"{found['tag']} {found['name']!r}: border {ratio:.1f}:1 against {side}"
                )
    return problems


@pytest.fixture
def fresh_page(_allow_orm_beside_playwright, browser, live_server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


def test_on_the_sign_in_page_field_borders_and_every_focus_outline_reach_3_to_1(fresh_page):
    page = fresh_page
    page.goto(page.base + "/accounts/login/")

    assert not border_problems(page, "main input:not([type=hidden])")

    stops = tab_stops(page)
    kinds = {(s["tag"], s["inHeader"]) for s in stops}
    # A link on the dark header, a link and a field on the page, and the Sign in button.
    assert {("a", True), ("a", False), ("input", False), ("button", False)} <= kinds, stops
    assert not focus_problems(stops)


def test_on_the_session_form_every_kind_of_field_and_its_focus_reach_3_to_1(
    fresh_page, demo_programme
):
    page = fresh_page
    sign_in(page, EMAILS["mentor_a"], base=page.base)
    page.get_by_role("link", name=re.compile("^Log a session")).first.click()
    page.wait_for_url(re.compile(r"/log-session/$"))

    fields = "main :is(input:not([type=hidden]), select, textarea)"
    assert not border_problems(page, fields)

    page.get_by_role("main").focus()
    stops = tab_stops(page)
    kinds = {(s["tag"], s["type"]) for s in stops}
    assert {("select", "select-one"), ("textarea", "textarea"), ("input", "checkbox")} <= kinds
    assert not focus_problems(stops)
