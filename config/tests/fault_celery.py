"""The project's Celery app for workers started by the fault tests: the same app and
settings, with Redis redelivering an unacknowledged task after seconds, not an hour,
so a test can see a killed worker's task taken up again (a task still running after
that may be run twice, which every task allows)."""

from config.celery import app

app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
