from django import template

from notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The signed-in person's unread notifications: one query, at most once per request."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    count = getattr(request, "_unread_notification_count", None)
    if count is None:
        count = Notification.objects.visible_to(user).unread().count()
        if request is not None:
            request._unread_notification_count = count
    return count
