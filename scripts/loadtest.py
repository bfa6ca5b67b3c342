#!/usr/bin/env python3
"""Load test: simulated people of every role against gunicorn with two workers.

    .venv/bin/python scripts/loadtest.py [--users 50] [--duration 60] [--database-url URL]

It migrates and seeds the demo programme into the database (a new SQLite file in a
temporary folder unless --database-url or DATABASE_URL names one: prefer PostgreSQL,
as SQLite takes one writer at a time), starts gunicorn (config.wsgi, production
settings, two sync workers) on a free port on 127.0.0.1, and runs ``--users`` threads.
Each signs in with a demo account (several simulated people share an account; each has
its own session) and, with a pause of ``--wait`` seconds between pages, as:

- a programme manager: dashboard, placements and a placement, councils, review visits;
- a mentor: home, a placement, the log-a-session form, and logs a session (a POST);
- a councillor: home, their learning agreements;
- a commissioner: home, review visits and a visit, the council's monthly reports.

It prints requests, errors, throughput and the median and 95th percentile response
time, overall and by page, and exits 1 on any error (a status other than expected, or
no answer). Every request goes to 127.0.0.1; the run stops by itself after
``--duration`` seconds. Standard library only.
"""

import argparse
import base64
import http.cookiejar
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "mentoring-demo-2026"
# Who the simulated people are, in turn: user i signs in as ROLES[i % len(ROLES)].
ROLES = [
    ("manager", "manager@demo.example.org"),
    ("mentor", "mentor.a@demo.example.org"),
    ("councillor", "councillor.a@demo.example.org"),
    ("mentor", "mentor.b@demo.example.org"),
    ("commissioner", "commissioner@demo.example.org"),
    ("councillor", "councillor.b@demo.example.org"),
]
# Pages each role opens, and the links on them it follows.
START_PAGES = {
    "manager": ["/dashboard/", "/placements/", "/councils/", "/reviews/"],
    "mentor": ["/"],
    "councillor": ["/"],
    "commissioner": ["/", "/reviews/"],
}
FOLLOWS = {
    "manager": re.compile(r'href="(/(?:placements|councils|reviews)/\d+/)"'),
    "mentor": re.compile(r'href="(/placements/\d+/(?:log-session/)?)"'),
    "councillor": re.compile(r'href="(/agreements/\d+/)"'),
    "commissioner": re.compile(r'href="(/reviews/\d+/|/councils/[\w-]+/reports/(?:\d+/)?)"'),
}
LOG_SESSION = re.compile(r"/placements/(\d+)/log-session/")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated people (50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument(
        "--wait",
        type=float,
        nargs=2,
        default=(1.0, 2.0),
        metavar=("MIN", "MAX"),
        help="seconds each person pauses between pages (1 2)",
    )
    parser.add_argument(
        "--spawn-rate", type=float, default=5, help="people starting each second (5)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="the database to seed and serve (DATABASE_URL; a new SQLite file if unset)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    args = parser.parse_args(argv)
    if args.users < 1 or args.duration <= 0 or args.workers < 1 or args.spawn_rate <= 0:
        parser.error("--users, --duration, --spawn-rate and --workers must be positive")
    if not 0 <= args.wait[0] <= args.wait[1]:
        parser.error("--wait MIN MAX needs 0 <= MIN <= MAX")
    return args


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceiling
    return ordered[int(rank) - 1]


def label_of(method: str, path: str) -> str:
    """A page's name for the table: ids replaced by <id>."""
    path = path.split("?")[0]
    path = re.sub(r"/\d+/", "/<id>/", path)
    path = re.sub(r"/councils/[\w-]+/reports/", "/councils/<slug>/reports/", path)
    return f"{method} {path}"


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(int))
    examples: list = field(default_factory=list)

    def record(self, label: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[label].append(seconds)
            if error:
                self.errors[label] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{label}: {error}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Person:
    """One simulated person: their own cookies (session), their own address."""

    def __init__(self, index: int, base: str, results: Results, rng: random.Random, wait):
        self.role, self.email = ROLES[index % len(ROLES)]
        self.base = base
        self.results = results
        self.rng = rng
        self.wait = wait
        # Each person comes from an address of their own (documentation range, only ever
        # a header) behind the one trusted proxy, as in production: allauth limits
        # sign-ins per address.
        self.address = f"192.0.2.{index % 250 + 1}" if index < 250 else f"198.51.100.{index % 250}"
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )
        self.links: list[str] = []

    def request(self, method: str, path: str, data: dict | None = None, expect=(200,)):
        """(status, body) or (None, "") on no answer; records time and any error."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        # The base is http://127.0.0.1:<port>, never another scheme or host.
        req = urllib.request.Request(self.base + path, data=body, method=method)  # noqa: S310
        req.add_header("X-Forwarded-For", self.address)
        if method == "POST":
            req.add_header("Referer", self.base + path)
        started = time.perf_counter()
        status, text, error = None, "", None
        try:
            with self.opener.open(req, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        except OSError as exc:
            error = f"no answer ({type(exc).__name__}: {exc})"
        elapsed = time.perf_counter() - started
        if error is None and status not in expect:
            error = f"status {status}"
        self.results.record(label_of(method, path), elapsed, error)
        return status, text

    def sign_in(self) -> bool:
        status, page = self.request("GET", "/accounts/login/")
        token = CSRF.search(page)
        if status != 200 or not token:
            return False
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1), "login": self.email, "password": PASSWORD},
            expect=(302,),
        )
        return status == 302

    def browse_once(self) -> None:
        choices = START_PAGES[self.role] + self.links
        path = self.rng.choice(choices)
        if self.role == "mentor" and LOG_SESSION.search(path):
            self.log_session(path)
            return
        status, page = self.request("GET", path)
        if status == 200:
            found = set(FOLLOWS[self.role].findall(page))
            self.links = sorted(set(self.links) | found)

    def log_session(self, path: str) -> None:
        status, form = self.request("GET", path)
        token = CSRF.search(form)
        if status != 200 or not token:
            return
        mode = re.search(r'<select name="mode"[^>]*>.*?<option value="([^"]+)"', form, re.S)
        topics = re.findall(r'name="topics" value="([^"]+)"', form)
        attendees = re.findall(r'name="attendees" value="([^"]+)"', form)
        held_on = time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400))
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "held_on": held_on,
            "duration_minutes": "60",
            "mode": mode.group(1) if mode else "",
            "topics": topics[:1],
            "attendees": attendees,
            "notes": "Load test session.",
            "actions_agreed": "",
        }
        status, page = self.request("POST", path, data, expect=(302,))
        if status == 200:  # the form refused it: say why
            errors = re.findall(
                r'class="invalid-feedback[^"]*"[^>]*>\s*<strong>(.*?)</strong>', page
            )
            with self.results.lock:
                if len(self.results.examples) < 10:
                    self.results.examples.append(f"session form refused: {errors[:3]}")

    def run(self, start_at: float, stop_at: float) -> None:
        time.sleep(max(0.0, start_at - time.monotonic()))
        if time.monotonic() >= stop_at or not self.sign_in():
            return
        while time.monotonic() < stop_at:
            self.browse_once()
            pause = self.rng.uniform(*self.wait)
            time.sleep(max(0.0, min(pause, stop_at - time.monotonic())))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(args, var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        # The keys given, or a Fernet key for this run (the database is seeded afresh).
        "CONFIDENTIAL_KEYS": os.environ.get("CONFIDENTIAL_KEYS")
        or base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATICFILES_MANIFEST": "false",
        "REQUIRE_MFA_FOR_STAFF": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_BROKER_URL", None)  # no page here queues work: the embedded broker
    return env


def prepare(env: dict[str, str]) -> None:
    python = sys.executable
    for command in (["migrate", "--no-input"], ["seed_demo", "--force"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def wait_until_serving(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            login = base + "/accounts/login/"  # http://127.0.0.1:<port>
            with urllib.request.urlopen(login, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def report(results: Results, elapsed: float, args) -> int:
    all_times = [t for times in results.times.values() for t in times]
    total = len(all_times)
    errors = sum(results.errors.values())
    print()
    print(
        f"{args.users} users, {elapsed:.0f} s, gunicorn with {args.workers} workers, "
        f"pauses of {args.wait[0]:g}-{args.wait[1]:g} s, {args.spawn_rate:g} starting a second"
    )
    print(f"{'page':<44} {'requests':>8} {'errors':>6} {'median ms':>9} {'p95 ms':>7}")
    for label in sorted(results.times):
        times = results.times[label]
        print(
            f"{label:<44} {len(times):>8} {results.errors[label]:>6} "
            f"{statistics.median(times) * 1000:>9.0f} {percentile(times, 95) * 1000:>7.0f}"
        )
    if total:
        print(
            f"{'all':<44} {total:>8} {errors:>6} "
            f"{statistics.median(all_times) * 1000:>9.0f} {percentile(all_times, 95) * 1000:>7.0f}"
        )
    print()
    print(f"requests: {total}")
    print(f"errors: {errors}")
    print(f"throughput: {total / elapsed:.1f} requests/s")
    if total:
        print(f"median: {statistics.median(all_times) * 1000:.0f} ms")
        print(f"p95: {percentile(all_times, 95) * 1000:.0f} ms")
    browsing = [
        t for label, times in results.times.items() if "/accounts/" not in label for t in times
    ]
    if browsing:
        print(
            f"after signing in: {len(browsing)} requests, median "
            f"{statistics.median(browsing) * 1000:.0f} ms, p95 {percentile(browsing, 95) * 1000:.0f} ms"
        )
    for example in results.examples:
        print(f"  {example}")
    return 1 if errors or not total else 0


def main(argv=None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="mentoring-loadtest-"))
    if not args.database_url:
        args.database_url = f"sqlite:///{work / 'load.sqlite3'}"
    env = server_env(args, work / "var")
    print(f"Database: {re.sub(r'//[^@/]*@', '//', args.database_url)}")
    print("Migrating and seeding the demo programme ...", flush=True)
    prepare(env)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (work / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "30",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_serving(base, server)
        for _ in range(4 * args.workers):  # each worker's first requests load the code
            urllib.request.urlopen(base + "/accounts/login/", timeout=30).close()  # noqa: S310
        print(f"Serving on {base}; {args.users} users for {args.duration:g} s ...", flush=True)
        results = Results()
        rng = random.Random(args.seed)
        people = [
            Person(i, base, results, random.Random(rng.random()), args.wait)
            for i in range(args.users)
        ]
        started = time.monotonic()
        stop_at = started + args.duration
        threads = [
            threading.Thread(
                target=p.run, args=(started + i / args.spawn_rate, stop_at), daemon=True
            )
            for i, p in enumerate(people)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + 60)
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    code = report(results, elapsed, args)
    if code:
        tail = (work / "gunicorn.log").read_text(errors="replace").splitlines()[-30:]
        print("\ngunicorn's log ends:\n" + "\n".join(tail))
        print(f"(kept in {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
