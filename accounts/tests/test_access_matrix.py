"""Every URL pattern of the project, requested as every persona.

The expected answer of each pattern is declared once in EXPECTED. A pattern
added to the URLconf without a line here fails ``test_every_url_pattern_is_declared``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Invitation, InvitationRole
from accounts.tests.personas import ANY, LOGIN, PERSONAS, SIGNED_IN, everyone, only, signed_in
from calendars.tests import access as calendars_access
from cohorts.tests import access as cohorts_access
from councils.tests import access as councils_access
from funding.tests import access as funding_access
from induction.tests import access as induction_access
from mentoring.tests import access as mentoring_access
from notifications.tests import access as notifications_access
from privacy.tests import access as privacy_access
from reports.tests import access as reports_access
from reviews.tests import access as reviews_access

pytestmark = pytest.mark.django_db

# name: (how to build the URL's arguments from the objects, expected per persona)
EXPECTED = {
    "home": (None, signed_in()),
    "dashboard": (None, only("manager")),
    "accessibility": (None, everyone(200)),
    "account_login": (None, {"anonymous": 200, **dict.fromkeys(SIGNED_IN, ANY)}),
    "account_logout": (None, signed_in()),
    "account_inactive": (None, everyone(200)),
    "account_signup": (None, {"anonymous": 200, **dict.fromkeys(SIGNED_IN, ANY)}),
    "account_reauthenticate": (None, signed_in()),
    # Re-authenticating by an emailed code (allauth 65.22); it answers as it sees fit.
    "account_request_reauthentication_code": (None, signed_in(ANY)),
    "account_confirm_reauthentication_code": (None, signed_in(ANY)),
    "account_email": (None, signed_in()),
    "account_email_verification_sent": (None, everyone(200)),
    "account_change_password": (None, signed_in()),
    "account_set_password": (None, signed_in(ANY)),
    "account_reset_password": (None, everyone(200)),
    "account_confirm_login_code": (None, signed_in(ANY)),
    "account_request_login_code": (None, {"anonymous": 200, **dict.fromkeys(SIGNED_IN, ANY)}),
    "account_confirm_email": (lambda o: {"key": "not-a-key"}, everyone(200)),
    "account_reset_password_from_key_done": (None, everyone(200)),
    "account_reset_password_from_key": (
        lambda o: {"uidb36": "1", "key": "bad-key"},
        everyone(200),
    ),
    "account_reset_password_done": (None, everyone(200)),
    "mfa_index": (None, signed_in()),
    "mfa_authenticate": (None, signed_in(ANY)),
    "mfa_reauthenticate": (None, signed_in(ANY)),
    "mfa_activate_totp": (None, signed_in(ANY)),
    # Nothing to deactivate or view until an authenticator is set up.
    "mfa_deactivate_totp": (None, signed_in(404)),
    "mfa_view_recovery_codes": (None, signed_in(404)),
    "mfa_generate_recovery_codes": (None, signed_in(ANY)),
    "mfa_download_recovery_codes": (None, signed_in(404)),
    "usersessions_list": (None, signed_in()),
    "invitation_list": (None, only("manager")),
    "invitation_create": (None, only("manager")),
    "invitation_resend": (lambda o: {"pk": o["invitation"].pk}, only("manager", code=405)),
    "invitation_revoke": (lambda o: {"pk": o["invitation"].pk}, only("manager", code=405)),
    "invitation_accept": (lambda o: {"token": "no-such-token"}, everyone(404)),
    # How long the session has left (signed out: it says so); "Stay signed in" is a POST.
    "session_status": (None, everyone(200)),
    "session_keep_alive": (None, signed_in(405)),
    # The Django admin is for site administrators (none of the personas): its
    # pages send to its login, which goes through allauth's sign-in.
    "admin:login": (None, {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 403)}),
    "admin:*": (None, everyone(("redirect", ("/admin/login/", "/accounts/login/")))),
}

APPS = [
    councils_access,
    funding_access,
    mentoring_access,
    reviews_access,
    induction_access,
    calendars_access,
    notifications_access,
    reports_access,
    privacy_access,
    cohorts_access,
]
for _app in APPS:
    assert not set(_app.EXPECTED) & set(EXPECTED), "a URL name is declared twice"
    EXPECTED.update(_app.EXPECTED)

# Further objects tried on the same pages: a row each persona may or may not see.
EXTRA = [extra for _app in APPS for extra in _app.EXTRA]


def url_names():
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return sorted(set(walk(get_resolver().url_patterns)))


def table_key(name):
    return "admin:*" if name.startswith("admin:") and name not in EXPECTED else name


@pytest.fixture
def objects(demo_programme, persona_users):
    invitation = Invitation.objects.create(
        user=persona_users["mentor_b"],
        role=InvitationRole.MENTOR,
        token_hash="x" * 64,
        sent_at="2026-11-01T10:00Z",
        expires_at="2026-11-08T10:00Z",
    )
    found = {"invitation": invitation}
    for app in APPS:
        found.update(app.objects(persona_users))
    return found


def check(response, expected, label):
    code = response.status_code
    if isinstance(expected, tuple):
        assert code == 302 and response["Location"].startswith(expected[1]), (
            f"{label}: expected a redirect to {expected[1]}, got {code}"
        )
    elif expected == LOGIN:
        assert code == 302 and response["Location"].startswith("/accounts/login/"), (
            f"{label}: expected a redirect to sign-in, got {code} {response.get('Location', '')}"
        )
    elif expected == ANY:
        assert code == 200 or (
            code == 302 and not response["Location"].startswith("/accounts/login/")
        ), f"{label}: expected 200 or a redirect, got {code} {response.get('Location', '')}"
    else:
        assert code == expected, f"{label}: expected {expected}, got {code}"


def test_every_url_pattern_is_declared():
    missing = [n for n in url_names() if table_key(n) not in EXPECTED]
    assert not missing, f"URL patterns with no access rule declared: {missing}"


def test_every_url_answers_each_persona_as_declared(client_as, objects):
    names = [n for n in url_names() if not n.startswith("admin:")]
    names += ["admin:index", "admin:login", "admin:mentoring_placement_changelist"]
    failures = []
    for persona in PERSONAS:
        client = client_as(persona)
        for name in names:
            build, expected = EXPECTED[table_key(name)]
            url = reverse(name, kwargs=build(objects) if build else None)
            try:
                check(client.get(url), expected[persona], f"{persona} GET {url} ({name})")
            except AssertionError as failure:
                failures.append(str(failure).split("\n")[0])
        for name, build, expected in EXTRA:
            url = reverse(name, kwargs=build(objects))
            try:
                check(client.get(url), expected[persona], f"{persona} GET {url} ({name})")
            except AssertionError as failure:
                failures.append(str(failure).split("\n")[0])
    assert not failures, "\n".join(failures)
