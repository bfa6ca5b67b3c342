"""`make run` as a person runs it, in a terminal: a short console with the demo sign-ins
last, and Ctrl-C stops everything with one line and exit status 0."""

import os
import pty
import select
import shutil
import signal
import time
from pathlib import Path

import pytest

from config.tests.faults import free_port

# Alone, as a person runs it: once, beside the rest of the suite, beat's start-up
# catch-up could not be queued (logged, and retried by its schedule), and the check of a
# quiet console below failed on that.
pytestmark = [pytest.mark.slow, pytest.mark.alone]

ROOT = Path(__file__).resolve().parents[2]


def run_in_terminal(command: list[str], env: dict, until: bytes, timeout: float = 240):
    """Run command in a pseudo-terminal; once `until` is printed, press Ctrl-C.

    Returns everything printed and the exit status."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, as if typed at a shell prompt
        os.chdir(ROOT)
        # A shell at a prompt leaves Ctrl-C's signal at its default. A test run started
        # in the background of a script inherits it ignored, and a shell cannot trap a
        # signal ignored when it started: make run's own handler would never run.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execvpe(command[0], command, env)
    printed, pressed_at, deadline = b"", None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the terminal closed: everything has ended
                break
            if not chunk:
                break
            printed += chunk
        if pressed_at is None and until in printed:
            time.sleep(1)
            os.write(fd, b"\x03")  # Ctrl-C, as the terminal sends it
            pressed_at = time.monotonic()
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return printed.decode(errors="replace").replace("\r\n", "\n"), os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_shows_the_sign_ins_last_and_ctrl_c_exits_0(tmp_path):
    port = free_port()
    # The embedded set-up of a fresh clone, whatever this test run uses (CI's PostgreSQL
    # and Redis belong to the suite).
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "TERM": "dumb",
        "PORT": str(port),
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    printed, status = run_in_terminal(["make", "run"], env, until=b"Press Ctrl-C")

    assert status == 0, printed
    for noise in ("Traceback", "ERROR", "make:"):
        assert noise not in printed, printed
    started = printed.split("Starting the web server and the worker")[1]
    before_ctrl_c, after = started.split("Press Ctrl-C to stop everything.")
    # From the start of the servers to the prompt: one screen, the sign-ins at its end.
    assert len(before_ctrl_c.splitlines()) <= 30, before_ctrl_c
    assert f"http://127.0.0.1:{port}" in before_ctrl_c
    assert before_ctrl_c.rstrip().splitlines()[-1].strip().startswith("commissioner@demo")
    # Each email on one line, before the address.
    assert "Subject:" not in printed and "Content-Type" not in printed
    assert [line for line in after.splitlines() if line.strip() and line != "^C"] == ["Stopped."]
