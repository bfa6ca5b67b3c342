"""What ``/readyz`` checks (pages/middleware.py): the database and the broker answer."""

from celery import current_app as celery_app
from django.db import connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return False
    return True


def broker_ok() -> bool:
    # The project's app (config/celery.py): Celery's Django fix-up makes it the default.
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        return False
    return True
