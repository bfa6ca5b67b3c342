"""A person's notifications: the list, mark one read (and open it), mark all read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import services
from notifications.filters import SORTS, NotificationFilter
from notifications.models import Notification


def notification_list(request):
    notifications = Notification.objects.visible_to(request.user)
    found = NotificationFilter(request.GET or None, queryset=notifications)
    sort = SORTS.get(request.GET.get("sort", ""), "-created_at")
    page = Paginator(found.qs.order_by(sort, "-pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "filter": found,
            "sort": request.GET.get("sort", "-created"),
        },
    )


@require_POST
def notification_read(request, pk):
    """Mark one notification read; with ``open``, go on to the page it is about."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    target = notification.link if "open" in request.POST else request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    messages.success(request, "Marked as read.")
    return redirect("notification_list")


@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        f"Marked {count} notification{'s' if count != 1 else ''} as read."
        if count
        else "Nothing was unread.",
    )
    return redirect("notification_list")
