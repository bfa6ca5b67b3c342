"""Files the site writes for itself are readable by the account that runs it, nobody else.

var/ (mail with its links, uploaded documents and reports, the embedded broker's
queue, the development key, backups) and the SQLite database hold personal and
confidential data; on a shared machine the usual umask (022) would let every
user read them.
"""

import os
import stat
from pathlib import Path

OWNER_ONLY = 0o077  # the group and other permission bits, taken away


def narrow_to_owner(path) -> None:
    """Take away group and other permissions from ``path`` if it has any.

    Only a file or folder of the account we run as is changed: a folder set up
    by someone else (a mounted volume, a shared path) is theirs to decide.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if info.st_mode & OWNER_ONLY and info.st_uid == os.geteuid():
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~OWNER_ONLY)


def private_dir(path) -> Path:
    """Create ``path`` (and any missing parents) readable by its owner only,
    or narrow it if it exists with wider permissions (made before this rule)."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    narrow_to_owner(path)
    return path


def private_file(path, mode: str = "ab"):
    """Open ``path`` for writing, created 0600 (not left to the umask and fixed after)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    return os.fdopen(os.open(path, flags, 0o600), mode)


def keep_sqlite_private(sender, connection, **kwargs) -> None:
    """On each new database connection (signal connection_created): the SQLite file,
    and its write-ahead log beside it, readable by the owner only.

    Done here rather than by a umask in scripts/serve.sh because every way of opening
    the database passes here (make run, manage.py commands, gunicorn on SQLite, the
    worker, tests on a file), and a file made before this rule is narrowed too. The
    cost is a stat() per connection.
    """
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return
    for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        narrow_to_owner(path)
