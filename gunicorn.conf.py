"""Gunicorn reads this file from its working directory (the project, /app in the image)
whatever command starts it (docker-compose.yml, the Dockerfile, make loadtest).

Its access log is off unless asked for (--access-logfile); when it is on, each line
holds the request path and the referring page, so the same filter as Django's
handlers (core/logging.py) takes tokens out of gunicorn's own log lines.
"""

from gunicorn.glogging import Logger

from core.logging import RedactSecretsFilter


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # On the loggers, not their handlers: whatever handler gunicorn or a
        # --log-config adds later still receives only redacted records.
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactSecretsFilter) for f in log.filters):
                log.addFilter(RedactSecretsFilter())


logger_class = RedactingLogger
