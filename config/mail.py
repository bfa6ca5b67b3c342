"""The default email backend for a machine with no mail server."""

import sys

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FolderAndConsoleEmailBackend(FileBackend):
    """Writes each message to EMAIL_FILE_PATH and echoes it to the console.

    The folder keeps a copy to open later; the console shows it at once to
    whoever runs ``make run`` (for example the link in an invitation).
    """

    def write_message(self, message):
        super().write_message(message)
        sys.stdout.write(message.message().as_string() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()
