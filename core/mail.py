"""The default email backend for a machine with no mail server."""

import sys
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend

from core.files import private_dir, private_file


class FolderAndConsoleEmailBackend(FileBackend):
    """Writes each message to EMAIL_FILE_PATH and says on the console who it went to.

    The folder keeps the whole message, links and all, readable by the owner only.
    The console shows only the recipients, the subject and the file to open: a
    console is copied into logs and terminals other people see, and a message's
    body may hold a link with a token (an invitation, a password reset, a sign-in
    code) that would let whoever reads it in.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        private_dir(self.file_path)

    def open(self):
        if self.stream is None:
            self.stream = private_file(self._get_filename(), "ab")
            return True
        return False

    def write_message(self, message):
        super().write_message(message)
        subject = " ".join(str(message.subject).split())
        sys.stdout.write(
            f"Email to {', '.join(message.recipients())}: {subject} "
            f"(the whole message is in {_shown(self._get_filename())})\n"
        )
        sys.stdout.flush()


def _shown(path):
    """var/mail/... rather than the whole path, when the folder is under the one the site
    runs in: one email, one line on a terminal."""
    path = Path(path).absolute()
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
