import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_without_secret_key(**kwargs):
    import sys

    from django.core.exceptions import ImproperlyConfigured

    from config.env import refuse_to_serve_without_secret_key

    try:
        refuse_to_serve_without_secret_key()
    except ImproperlyConfigured as error:
        # Celery logs and ignores ordinary exceptions from signal handlers.
        sys.exit(str(error))
