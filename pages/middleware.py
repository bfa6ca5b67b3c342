"""The health checks, answered before anything else looks at the request.

A container platform or load balancer asks by the container's own address
(``Host: 127.0.0.1:8000``, ``Host: 172.18.0.5:8000``), never by the site's name, so
Django's host check (ALLOWED_HOSTS) would answer 400 and log a DisallowedHost
traceback each time. This middleware comes first in settings.MIDDLEWARE and answers
the two paths itself, without request.get_host(): no host check, no HTTPS redirect,
no session or cookie.

- ``/healthz``, liveness: the process answers. It checks nothing else, so a database
  or broker outage does not get web containers restarted while they still serve pages.
- ``/readyz``, readiness: the database and the broker answer (pages.health); 503
  naming the one that did not otherwise.

Both are plain text, never cached, and GET only (as every platform's probe asks).
"""

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from pages import health

LIVENESS = "/healthz"
READINESS = "/readyz"


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text + "\n", content_type="text/plain; charset=utf-8", status=status)
    add_never_cache_headers(response)
    return response


def liveness() -> HttpResponse:
    return _plain("ok")


def readiness() -> HttpResponse:
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    lines = [f"{name}: {'ok' if ok else 'failed'}" for name, ok in checks.items()]
    return _plain("\n".join(lines), status=200 if all(checks.values()) else 503)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in (LIVENESS, READINESS):
            return self.get_response(request)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return liveness() if request.path_info == LIVENESS else readiness()
