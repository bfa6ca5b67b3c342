"""The calendar feed page in the user's account, and the feed itself.

The feed's address needs no sign-in (a calendar app cannot sign in): its
secret token says whose calendar it is. A revoked or unknown token is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from calendars import services
from calendars.models import CalendarFeed

# Shown once, on the page after the address is made: kept in the session until then.
NEW_URL_KEY = "calendars.new_feed_url"


def _feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.active().filter(user=user).first()


def calendar_feed(request):
    return render(
        request,
        "calendars/feed.html",
        {"feed": _feed_of(request.user), "new_url": request.session.pop(NEW_URL_KEY, None)},
    )


def calendar_feed_renew(request):
    """Make the address, or (after "are you sure") replace it with a new one."""
    feed = _feed_of(request.user)
    if request.method == "POST":
        token = services.calendar_feed_renew(user=request.user)
        request.session[NEW_URL_KEY] = request.build_absolute_uri(
            services.calendar_feed_path(token=token)
        )
        messages.success(
            request,
            "Your calendar feed has a new address: the old one no longer works."
            if feed
            else "Your calendar feed is ready.",
        )
        return redirect("calendar_feed")
    return render(request, "calendars/feed_renew.html", {"feed": feed})


def calendar_feed_revoke(request):
    """An "are you sure" page (GET), then the address stops working (POST)."""
    feed = _feed_of(request.user)
    if request.method == "POST":
        if services.calendar_feed_revoke(user=request.user):
            messages.success(
                request, "Your calendar feed was turned off: its address no longer works."
            )
        return redirect("calendar_feed")
    return render(request, "calendars/feed_revoke.html", {"feed": feed})


@login_not_required
@require_GET
def calendar_feed_ics(request, token):
    user = services.calendar_feed_user(token=token)
    if user is None:
        raise Http404("No such calendar feed.")
    body = services.calendar_ics(user=user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="councillor-mentoring.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
