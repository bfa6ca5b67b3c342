from django import template

from accounts.access import roles_of

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The signed-in person's unread notifications, counted in the query that works
    out their roles (no query of its own)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return roles_of(user).unread_notifications
