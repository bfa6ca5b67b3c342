"""With the broker unreachable every page still answers; asking for a report says
plainly that it could not be queued (and records it), and /readyz names the broker while
/healthz (liveness) still answers."""

import pytest
from celery import current_app
from django.urls import reverse

from councils.tests.factories import CouncilFactory
from reports.models import MonthlyReport, ReportStatus
from reports.views import NOT_QUEUED

# The project's app (config/celery.py), which Celery's Django fix-up makes the default.
celery_app = current_app._get_current_object()

# Port 9 on loopback: nothing listens there, so every connection is refused at once.
NOWHERE = "redis://127.0.0.1:9/0"


@pytest.fixture
def broker_down(monkeypatch):
    # setitem, not setattr: broker_write_url is a property of Celery's settings, and
    # monkeypatch.setattr would leave the bad address behind for later tests.
    for key in ("broker_url", "broker_write_url"):
        monkeypatch.setitem(celery_app.conf, key, NOWHERE)
    # Forget any producer already connected to the working broker.
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)


# Not wrapped in a test transaction: the task is sent when the request's work commits,
# as it is in production.
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_asking_for_a_report_says_it_could_not_be_queued(
    broker_down, manager_client
):
    council = CouncilFactory(name="Wyre Forest District Council")
    reports_page = reverse("report_list", args=[council.slug])

    assert manager_client.get(reports_page).status_code == 200
    response = manager_client.post(
        reverse("report_request", args=[council.slug]), {"month": "2025-10"}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(reports_page, 302)]
    body = response.content.decode()
    assert NOT_QUEUED.replace("'", "&#x27;") in body
    assert NOT_QUEUED == "The report could not be queued just now; try again in a few minutes."
    report = MonthlyReport.objects.get()
    assert report.status == ReportStatus.FAILED
    assert "could not be queued" in report.error
    assert "Failed" in body  # the list shows it, with its error for the manager
    assert (
        manager_client.get(reverse("report_detail", args=[council.slug, report.pk])).status_code
        == 200
    )

    ready = manager_client.get("/readyz")
    assert ready.status_code == 503
    assert ready.content.decode() == "database: ok\nbroker: failed\n"
    assert manager_client.get("/healthz").status_code == 200
