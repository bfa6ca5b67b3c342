import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from accounts.access import roles_of

# Pages a user who must set up MFA can still reach: the set-up itself,
# re-authentication it asks for, confirming an email, and signing out.
MFA_SETUP_PAGES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_authenticate",
    "account_reauthenticate",
    "account_logout",
    "account_login",
    "account_email",
    "account_confirm_email",
    "accessibility",
    "privacy_notice",
    "session_status",
    "session_keep_alive",
}


def must_set_up_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    if not (user.is_authenticated and settings.REQUIRE_MFA_FOR_STAFF):
        return False
    roles = roles_of(user)
    if not (roles.is_programme_manager or roles.is_commissioner or user.is_superuser):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireStaffMFAMiddleware:
    """Programme managers, commissioners and site administrators can do nothing
    until they have set up an authenticator app (when REQUIRE_MFA_FOR_STAFF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and must_set_up_mfa(user):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in MFA_SETUP_PAGES:
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for signed-in people show personal or confidential data: no caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


def start_idle_clock(sender, request, user, **kwargs):
    """At sign-in, so the first page after it does not write the session again,
    and so the 12 hours in all count from here."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[IdleTimeoutMiddleware.KEY] = int(now)
        # To the microsecond: it also tells one sign-in from the next (the drafts).
        request.session[IdleTimeoutMiddleware.STARTED_KEY] = now


def time_left(session) -> tuple[int, int]:
    """Seconds until the idle sign-out and until the 12-hour one, for the warning
    the page gives (static/js/session-timeout.js)."""
    now = time.time()
    idle = settings.SESSION_IDLE_SECONDS - (now - session.get(IdleTimeoutMiddleware.KEY, now))
    total = settings.SESSION_COOKIE_AGE - (
        now - session.get(IdleTimeoutMiddleware.STARTED_KEY, now)
    )
    return max(int(idle), 0), max(int(total), 0)


class IdleTimeoutMiddleware:
    """Sign out after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE
    (12 hours) after signing in, however active: the cookie's own age starts again
    each time the session is saved, so it cannot hold the limit alone.

    The last-seen time is written at most once a minute, so most requests add
    no query. Asking how long is left (GET session_status) is not activity: the
    page asks before it warns, and that must not keep an idle session alive.
    """

    KEY = "last_seen"
    STARTED_KEY = "signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = time.time()
            # A session from before the 12-hour stamp existed counts from its next
            # request: at most 12 hours more, once, after the change is deployed.
            started = session.setdefault(self.STARTED_KEY, now)
            last_seen = session.get(self.KEY, now)
            idle = now - last_seen > settings.SESSION_IDLE_SECONDS
            if idle or now - started >= settings.SESSION_COOKIE_AGE:
                logout(request)
                if self._is_status_check(request):
                    return self.get_response(request)
                messages.info(request, self._why(idle))
                if request.path_info == reverse("account_login"):
                    # The page's own warning brings people here when time runs out.
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            # Once a minute (SESSION_ACTIVITY_WRITE_SECONDS), or more often when the
            # idle time is short (tests).
            every = min(
                settings.SESSION_ACTIVITY_WRITE_SECONDS, settings.SESSION_IDLE_SECONDS // 10
            )
            stale = self.KEY not in session or now - last_seen >= every
            if stale and not self._is_status_check(request):
                session[self.KEY] = int(now)
        return self.get_response(request)

    @staticmethod
    def _why(idle: bool) -> str:
        if idle:
            minutes = settings.SESSION_IDLE_SECONDS // 60
            return (
                f"You were signed out because nothing was done for {minutes} minutes, "
                "to protect your information. Sign in again to carry on."
            )
        hours = settings.SESSION_COOKIE_AGE // 3600
        return (
            f"You were signed out because you had been signed in for {hours} hours, "
            "to protect your information. Sign in again to carry on."
        )

    @staticmethod
    def _is_status_check(request) -> bool:
        return request.method == "GET" and request.path_info == reverse("session_status")
