"""Email backends for tests: one that fails like a mail server that is down, one
that is slow (so two runs at once overlap)."""

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingEmailBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPException("451 The mail server is not accepting mail just now")


SENT_LOCK = threading.Lock()


class SlowEmailBackend(LocmemBackend):
    def send_messages(self, messages):
        time.sleep(0.02)
        with SENT_LOCK:
            return super().send_messages(messages)
