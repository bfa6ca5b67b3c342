"""A logging filter that takes secrets out of log lines before any handler writes them.

Some of the site's addresses are themselves the key to what they open: a
calendar feed's address, an invitation link, allauth's password-reset and
email-confirmation links. Request logs (runserver's ``django.server``,
``django.request``'s "Not Found: <path>", gunicorn's access log when it is on)
write the path, and a log is kept longer and read by more people than the
address was meant for. The filter rewrites the record's message (and any
traceback) so every handler after it writes "[redacted]" in their place.

Keep PATTERNS in step with the URLconf: config/tests/test_log_redaction.py
reverses each of these URL names and fails if its token would reach a log.
"""

import logging
import re

REDACTED = "[redacted]"
_SEGMENT = r"[^/\s\"'?#]+"  # one path segment, up to a quote, space, query or fragment

PATTERNS = [
    # calendars: calendar_feed_ics, /calendar/<token>.ics
    (re.compile(rf"(/calendar/){_SEGMENT}?(\.ics)"), rf"\g<1>{REDACTED}\g<2>"),
    # accounts: invitation_accept, /accounts/invitation/<token>/ (not /invitations/)
    (re.compile(rf"(/invitation/){_SEGMENT}"), rf"\g<1>{REDACTED}"),
    # allauth: account_reset_password_from_key, /accounts/password/reset/key/<uidb36>-<key>/
    (re.compile(rf"(/password/reset/key/)(?!done/){_SEGMENT}"), rf"\g<1>{REDACTED}"),
    # allauth: account_confirm_email, /accounts/confirm-email/<key>/
    (re.compile(rf"(/confirm-email/){_SEGMENT}"), rf"\g<1>{REDACTED}"),
    # A secret in a query string (a sign-in code or token added to a link by hand).
    (
        re.compile(r"([?&](?:token|key|code|password|secret)=)[^&\s\"'#]+", re.IGNORECASE),
        rf"\g<1>{REDACTED}",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Attached to handlers (config/settings.py LOGGING) and to gunicorn's loggers
    (gunicorn.conf.py); it never drops a record, it only rewrites it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True  # a malformed record: the handler reports it as usual
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so the traceback is redacted too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
