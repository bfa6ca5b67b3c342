from django import template
from django.conf import settings
from django.utils.crypto import salted_hmac

from accounts.middleware import IdleTimeoutMiddleware, time_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_timeout(context) -> dict:
    """What static/js/session-timeout.js needs to warn before a sign-out and to keep
    typed work through one.

    ``account`` and ``session`` tell the script whether a draft kept in the tab
    was typed by the same person, and in an earlier session: keyed hashes of the
    user's id and of when they signed in, so the page shows neither.
    """
    request = context["request"]
    user_id = request.user.pk
    started = request.session.get(IdleTimeoutMiddleware.STARTED_KEY)
    idle_left, ends_in = time_left(request.session)
    return {
        "idle_seconds": settings.SESSION_IDLE_SECONDS,
        "warning_seconds": settings.SESSION_WARNING_SECONDS,
        "hours": settings.SESSION_COOKIE_AGE // 3600,
        "idle_left": idle_left,
        "ends_in": ends_in,
        "account": salted_hmac("accounts.drafts.account", str(user_id)).hexdigest()[:32],
        "session": salted_hmac("accounts.drafts.session", f"{user_id}:{started}").hexdigest()[:32],
    }
