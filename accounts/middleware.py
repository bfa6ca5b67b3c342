from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

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
    "healthz",
    "accessibility",
    "privacy_notice",
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
    """At sign-in, so the first page after it does not write the session again."""
    import time

    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Sign out after SESSION_IDLE_SECONDS without a request (the session cookie
    itself ends after SESSION_COOKIE_AGE, 12 hours, however active).

    The last-seen time is written at most once a minute, so most requests add
    no query.
    """

    KEY = "last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.KEY, now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)
