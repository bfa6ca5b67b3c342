import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_without_keys(**kwargs):
    import sys

    from django.core.exceptions import ImproperlyConfigured

    from config.env import refuse_to_serve_without_keys

    try:
        refuse_to_serve_without_keys()
    except ImproperlyConfigured as error:
        # Celery logs and ignores ordinary exceptions from signal handlers.
        sys.exit(str(error))


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _redact_secrets(logger, **kwargs):
    """The worker replaces the root logger's handlers with its own: they get the same
    filter as the web server's (core/logging.py), so no token reaches its log either."""
    from core.logging import RedactSecretsFilter

    for handler in logger.handlers:
        if not any(isinstance(f, RedactSecretsFilter) for f in handler.filters):
            handler.addFilter(RedactSecretsFilter())
