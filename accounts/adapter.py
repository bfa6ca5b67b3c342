import logging
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from allauth.core.internal import ratelimit  # as allauth's own adapter does (65.x, pinned)
from django import forms
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)

# Shown when a password sign-in is refused by the failed-login limits. It keeps
# allauth's opening words and says the way in that still works: a guesser who knows
# someone's email address can pause their password, but not their emailed code.
LOCKED_OUT = (
    "Too many failed login attempts. Signing in with a password is paused for a while. "
    "You can still sign in with a code sent to your email address: choose "
    "“Email me a sign-in code” below."
)


def per_account_rates() -> str:
    """The per-account part of the failed-login limit (ACCOUNT_RATE_LIMITS), e.g. "5/15m/key"."""
    rates = account_settings.RATE_LIMITS.get("login_failed") or ""
    return ",".join(part.strip() for part in rates.split(",") if part.strip().endswith("/key"))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are by invitation from a programme manager only.
        return False

    def is_reauthentication_required(self, *, app, **kwargs):
        """Setting up an authenticator app asks for the password again, unless the person
        signed in with an emailed code in the last few minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT).

        Staff must set one up before anything else (REQUIRE_MFA_FOR_STAFF); without this,
        someone guessing their password, which pauses it, would keep them from doing so.
        The code proved, just now, what the password would: control of the account.
        """
        if app == "allauth.mfa" and self._signed_in_by_code_recently():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _signed_in_by_code_recently(self) -> bool:
        from allauth.account.internal.flows.login import get_authentication_records

        request = self.request
        if request is None or not request.user.is_authenticated:
            return False
        since = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
        return any(
            record.get("method") == "code" and record.get("at", 0) > since
            for record in get_authentication_records(request, request.user)
        )

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            if request.user.is_authenticated:
                raise  # confirming a password while signed in: allauth's own words
            raise forms.ValidationError(LOCKED_OUT, code="too_many_login_attempts") from None

    def authentication_failed(self, request, **credentials):
        """After each wrong password: when this one used up the account's allowance,
        tell the owner, once per lockout window."""
        super().authentication_failed(request, **credentials)
        rates = per_account_rates()
        if not rates or not credentials.get("email"):
            return
        key = self._get_login_attempts_cache_key(request, **credentials)
        # A dry run asks "would one more attempt be allowed?" without counting one.
        if ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed",
            config={"login_failed": rates},
            key=key,
            dry_run=True,
        ):
            return
        users = filter_users_by_email(credentials["email"], is_active=True, prefer_verified=True)
        if not users:
            return  # no such account: nobody to tell, and nothing is revealed
        window = max(r.duration for r in ratelimit.parse_rates(rates))
        user = users[0]
        # cache.add is atomic: of several web processes, only one sends.
        if cache.add(f"lockout-warning:{user.pk}", True, timeout=window):
            self.send_lockout_warning(request, user=user, minutes=round(window / 60))

    def send_lockout_warning(self, request, *, user, minutes):
        """No password, code or link with a token: only where to sign in and what to do."""
        email = EmailAddress.objects.get_primary_email(user) or user.email
        context = {
            "user": user,
            "minutes": minutes,
            "when": timezone.localtime(),
            "login_code_url": request.build_absolute_uri(reverse("account_request_login_code")),
            "reset_url": request.build_absolute_uri(reverse("account_reset_password")),
        }
        try:
            self.send_mail("account/email/lockout_warning", email, context)
        except Exception:
            # A mail server that is down must not turn a refused sign-in into an error page.
            logger.exception("Could not send the lockout warning to user %s.", user.pk)
