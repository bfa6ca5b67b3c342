import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.env import refuse_to_serve_without_keys  # noqa: E402

refuse_to_serve_without_keys()

application = get_wsgi_application()
