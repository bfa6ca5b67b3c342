"""The Content Security Policy: sent on every page, and no page needs inline code.

The policy refuses inline script, event handler attributes, javascript: links
and style attributes, so the pages must carry none: every page the access
matrix visits is fetched as every persona (and the admin as a site
administrator) and its HTML is checked.
"""

import contextlib
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from accounts.tests import test_access_matrix as matrix
from accounts.tests.browser import sign_in
from accounts.tests.personas import PERSONAS

# The access matrix's fixture: the objects its URLs are built from.
objects = matrix.objects

# <script type="application/json"> holds data the browser never runs (allauth uses it).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineCodeFinder(HTMLParser):
    """Collects what the policy would refuse: inline script, on*= handlers,
    javascript: URLs and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            if (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.found.append(f"inline <script> at line {self.getpos()[0]}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name == "style":
                self.found.append(f'<{tag} style="{value}"> at line {self.getpos()[0]}')
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def check_page(client, url, label, failures, seen):
    response = client.get(url)
    if "Content-Security-Policy" not in response:
        failures.append(f"{label}: no Content-Security-Policy header")
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    seen.append(url)
    failures.extend(f"{label}: {found}" for found in inline_code(response.content.decode()))


@pytest.mark.django_db
def test_the_policy_allows_only_this_site_and_no_inline_script(client):
    response = client.get(reverse("account_login"))
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert not any("unsafe" in value for values in directives.values() for value in values)


@pytest.mark.django_db
def test_the_policy_is_sent_to_signed_in_people_and_on_errors(client_as):
    client = client_as("manager")
    for url in ("/", "/dashboard/", "/no-such-page/"):
        response = client.get(url)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert policy(response)["script-src"] == ["'self'"], url


def test_the_finder_spots_inline_code():
    html = (
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<script type="application/json">{}</script>'
        '<button onclick="go()">Go</button><a href="javascript:go()">Go</a>'
        '<div style="color: red"></div>'
    )
    found = inline_code(html)
    assert len(found) == 4, found
    assert inline_code('<script src="/static/a.js" defer></script><a href="/x">x</a>') == []


@pytest.mark.django_db
def test_no_page_carries_inline_script_handlers_or_styles(client_as, objects):
    failures, seen = [], []
    names = [n for n in matrix.url_names() if not n.startswith("admin:")]
    for persona in PERSONAS:
        client = client_as(persona)
        for name in names:
            build, _ = matrix.EXPECTED[matrix.table_key(name)]
            url = reverse(name, kwargs=build(objects) if build else None)
            check_page(client, url, f"{persona} GET {url} ({name})", failures, seen)
        for name, build, _ in matrix.EXTRA:
            url = reverse(name, kwargs=build(objects))
            check_page(client, url, f"{persona} GET {url} ({name})", failures, seen)
    assert not failures, "\n".join(failures)
    # A sanity check that the sweep saw real pages, not only redirects.
    assert len(set(seen)) > 50, len(set(seen))


@pytest.mark.django_db
def test_no_admin_page_carries_inline_script_handlers_or_styles(client, demo_programme):
    client.force_login(User.objects.get(email="admin@demo.example.org"))
    # Only what a page sends is checked here; whether it answers is for other tests.
    client.raise_request_exception = False
    failures, seen = [], []
    check_page(client, reverse("admin:index"), "admin index", failures, seen)
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls = [reverse(f"{prefix}_changelist")]
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"{prefix}_add"))
        first = model._default_manager.first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
        for url in urls:
            check_page(client, url, f"admin GET {url}", failures, seen)
    assert not failures, "\n".join(failures)
    assert len(seen) > 10, seen


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_reports_no_policy_violations_on_main_pages(browser_page, demo_programme):
    from accounts.tests.personas import EMAILS
    from mentoring.tests import access as mentoring_access
    from reviews.tests import access as reviews_access

    users = {name: User.objects.get(email=email) for name, email in EMAILS.items()}
    found = {**reviews_access.objects(users), **mentoring_access.ward_objects(users)}
    page = browser_page
    violations = []
    # Chromium 156 reports violations as DevTools issues, not console messages, so
    # each page also reports its securitypolicyviolation events to the test.
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Refused to" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    page.expose_function(
        "reportCspViolation",
        lambda url, directive, blocked: violations.append(
            f"{url}: refused by {directive}: {blocked}"
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) =>"
        " window.reportCspViolation(e.documentURI, e.effectiveDirective, e.blockedURI));"
    )

    # The listener hears a violation: an inline script added to a page is refused.
    page.goto(page.base + "/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.ran") is None
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in violations), violations
    violations.clear()

    sign_in(page, EMAILS["manager"])
    for path in (
        "/",
        "/dashboard/",
        "/placements/",
        reverse("action_plan", kwargs={"pk": found["peer_challenge"].pk}),
        reverse("confidence_detail", kwargs={"pk": found["confidence_mentee_a"].pk}),
    ):
        assert page.goto(page.base + path).status == 200, path
    # The collapsed navigation opens (Bootstrap's script runs under the policy).
    page.set_viewport_size({"width": 500, "height": 800})
    page.goto(page.base + "/")
    page.get_by_role("button", name="Show or hide navigation").click()
    page.get_by_role("link", name="Dashboard").first.wait_for(state="visible")

    page.context.clear_cookies()
    sign_in(page, "admin@demo.example.org")
    placement = found["confidence_mentee_a"].placement
    for path in (
        "/admin/",
        reverse("admin:mentoring_placement_changelist"),
        reverse("admin:mentoring_placement_change", args=[placement.pk]),
        reverse("admin:accounts_user_change", args=[users["manager"].pk]),
    ):
        assert page.goto(page.base + path).status == 200, path
        assert page.locator("#site-name").is_visible(), path
    page.wait_for_timeout(200)  # the last page's reports arrive
    assert not violations, "\n".join(violations)
