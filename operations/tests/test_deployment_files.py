"""The production image and services keep the promises docs/operations.md makes for them.

Docker may not be on the machine that runs the tests, so these read the files as Docker would:
docker-compose.yml through PyYAML, the Dockerfile instruction by instruction, .dockerignore with
Docker's matching rules. Where `docker compose` is installed, it checks the file too.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")
# The newest PostgreSQL a council's managed database may run: pg_dump refuses a newer server.
NEWEST_SERVER = 17
INTERPOLATION = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?\}$")


# -- reading the files ---------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def services() -> dict:
    return compose()["services"]


def command_words(service: dict) -> list[str]:
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else list(command)


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions in order, as (INSTRUCTION, arguments), with
    continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, arguments = current.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def dockerfile_index(keyword: str, contains: str = "") -> int:
    for index, (instruction, arguments) in enumerate(dockerfile()):
        if instruction == keyword and contains in arguments:
            return index
    raise AssertionError(f"no {keyword} instruction containing {contains!r} in the Dockerfile")


def dockerfile_args() -> dict[str, str]:
    args = {}
    for instruction, arguments in dockerfile():
        if instruction == "ARG" and "=" in arguments:
            name, _, value = arguments.partition("=")
            args[name] = value
    return args


def dockerignore_excludes(path: str) -> bool:
    """Whether `docker build` leaves ``path`` (relative to the project) out of the context:
    each pattern matches the path or a folder above it, `**` any number of folders, `*` and
    `?` within one name, and the last matching pattern wins (`!` includes again)."""
    excluded = False
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/?|\*|\?)", pattern):
            if part.startswith("**"):
                regex += "(.*/)?" if part.endswith("/") else ".*"
            elif part == "*":
                regex += "[^/]*"
            elif part == "?":
                regex += "[^/]"
            else:
                regex += re.escape(part)
        if re.fullmatch(regex + "(/.*)?", path):
            excluded = not negate
    return excluded


def postgres_major(image: str) -> int:
    match = re.fullmatch(r"postgres:(\d+)(\.\d+)*(-[\w.-]+)?", image)
    assert match, f"the db image {image!r} does not name a PostgreSQL major version"
    return int(match.group(1))


# -- .dockerignore and .gitignore ----------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        ".venv/bin/python",
        ".git/HEAD",
        "var/confidential.key",
        "var/backups/mentoring-20261125-020000.tar.gz",
        "var/media/reports/2026-11.pdf",
        "var/mail/20261125-120000-1.eml",
        "staticfiles/staticfiles.json",
        "db.sqlite3",
        ".pytest_cache/v/cache/lastfailed",
        ".hypothesis/examples/x",
        "bench-20261125.json",
        "test-results/trace.zip",
        "operations/__pycache__/backups.cpython-311.pyc",
    ],
)
def test_the_image_never_receives_secrets_local_data_or_test_artefacts(path):
    assert dockerignore_excludes(path), f"{path} would be copied into the image"


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "gunicorn.conf.py",
        "requirements.txt",
        "config/settings.py",
        "templates/base.html",
        "static/js/report-progress.js",
        "operations/backups.py",
    ],
)
def test_the_image_receives_the_code(path):
    assert not dockerignore_excludes(path), f"{path} would be left out of the image"


def test_git_ignores_env_files_but_not_the_example():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")

    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0

    assert ignored(".env")
    assert ignored(".env.production")
    assert not ignored(".env.example")


# -- the Dockerfile ------------------------------------------------------------


def test_the_image_installs_runtime_dependencies_from_the_hashed_lock_only():
    installs = [a for i, a in dockerfile() if i == "RUN" and "pip install" in a]
    assert installs, "the Dockerfile installs no Python packages"
    for arguments in installs:
        assert "--require-hashes" in arguments
        assert re.search(r"-r\s+requirements\.txt\b", arguments)
    assert not any("requirements-dev" in arguments for _, arguments in dockerfile())


def test_the_media_folder_belongs_to_the_app_user_before_the_image_drops_root():
    user = dockerfile()[dockerfile_index("USER")][1]
    assert user not in ("root", "0"), "the image runs as root"
    prepare = dockerfile_index("RUN", "/app/var/media")
    arguments = dockerfile()[prepare][1]
    assert "mkdir -p /app/var/media" in arguments
    assert re.search(rf"chown (-R )?{re.escape(user)}(:{re.escape(user)})? .*/app/var", arguments)
    assert prepare < dockerfile_index("USER"), "the media folder is made after USER"


def test_the_image_collects_static_files():
    # With DEBUG off every page, and the 500 page, needs the manifest collectstatic writes.
    dockerfile_index("RUN", "collectstatic")


def test_the_image_health_check_is_liveness():
    healthcheck = dockerfile()[dockerfile_index("HEALTHCHECK")][1]
    assert "/healthz" in healthcheck
    assert "/readyz" not in healthcheck


def test_pg_dump_in_the_image_can_back_up_the_newest_server_it_may_meet():
    packages = " ".join(a for i, a in dockerfile() if i == "RUN")
    match = re.search(r"postgresql-client-(\$\{?\w+\}?|\d+)", packages)
    assert match, "the image installs no PostgreSQL client (pg_dump, for backups)"
    version = match.group(1)
    if version.startswith("$"):
        version = dockerfile_args()[version.strip("${}")]
    client = int(version)
    assert client >= NEWEST_SERVER, f"pg_dump {client} cannot back up PostgreSQL {NEWEST_SERVER}"
    assert postgres_major(services()["db"]["image"]) <= client
    if client > 15:
        # Debian bookworm ships 15 only; newer majors come from the PostgreSQL apt repository.
        assert "apt.postgresql.org" in packages


# -- docker-compose.yml --------------------------------------------------------


def test_migrations_run_once_before_web_worker_and_beat():
    migrate = services()["migrate"]
    assert command_words(migrate)[:3] == ["python", "manage.py", "migrate"]
    assert str(migrate["restart"]) == "no"
    for name in APP_SERVICES:
        depends_on = services()[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert "migrate" not in command_words(services()[name]), f"{name} runs migrations"


def test_web_runs_gunicorn_only():
    words = command_words(services()["web"])
    assert words[0] == "gunicorn"
    assert "&&" not in words and "sh" not in words


def test_web_is_published_on_this_machine_only():
    for port in services()["web"].get("ports", []):
        if isinstance(port, dict):
            assert port.get("host_ip") == "127.0.0.1", port
        else:
            assert str(port).startswith("127.0.0.1:"), port


def test_no_secret_is_written_in_the_compose_file():
    assert INTERPOLATION.match(services()["db"]["environment"]["POSTGRES_PASSWORD"])
    for name, service in services().items():
        environment = service.get("environment", {})
        if isinstance(environment, list):
            environment = dict(item.partition("=")[::2] for item in environment)
        for key, value in environment.items():
            value = str(value)
            if re.search(r"PASSWORD|SECRET|TOKEN|_KEYS?$", key):
                assert INTERPOLATION.match(value), f"{name}: {key} is written in the file"
            # A URL's password (scheme://user:password@host) comes from .env too.
            for password in re.findall(r"://[^:/@\s]+:([^@\s]+)@", value):
                assert INTERPOLATION.match(password), f"{name}: {key} holds a password"


def test_app_services_read_their_secrets_from_env_file():
    for name in (*APP_SERVICES, "migrate"):
        assert services()[name]["env_file"] in (".env", [".env"]), name


def test_redis_keeps_its_queue_on_a_volume():
    redis = services()["redis"]
    assert "--appendonly yes" in " ".join(command_words(redis))
    mounts = [str(volume).split(":") for volume in redis.get("volumes", [])]
    assert any(len(m) >= 2 and m[1] == "/data" and m[0] in compose()["volumes"] for m in mounts)


def test_each_worker_pings_only_itself():
    worker = services()["worker"]
    words = command_words(worker)
    node = "celery"  # the worker's default node name is celery@<host name>
    for option in ("-n", "--hostname"):
        if option in words:
            node = words[words.index(option) + 1].split("@")[0]
    test = worker["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL", "the node name needs the shell's $HOSTNAME"
    ping = test[1].split()
    assert ping[:5] == ["celery", "-A", "config", "inspect", "ping"]
    option = "--destination" if "--destination" in ping else "-d"
    # $$ in compose is a literal $: the container's own host name, read when the check runs.
    assert ping[ping.index(option) + 1] == f"{node}@$$HOSTNAME"


def test_web_health_check_is_liveness():
    test = " ".join(services()["web"]["healthcheck"]["test"])
    assert "/healthz" in test


def test_it_runs_migrate_web_worker_beat_postgres_and_redis():
    assert set(services()) == {"migrate", "web", "worker", "beat", "db", "redis"}


def test_every_long_running_service_has_a_health_check():
    for name, service in services().items():
        if name != "migrate":
            assert "test" in service["healthcheck"], name


def test_exactly_one_beat_and_no_other_service_runs_beat():
    assert services()["beat"]["deploy"]["replicas"] == 1
    for name, service in services().items():
        if name != "beat":
            words = command_words(service)
            assert "beat" not in words and "-B" not in words and "--beat" not in words, name


def test_database_and_media_live_on_named_volumes():
    assert {"pgdata", "media"} <= set(compose()["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in services()["db"]["volumes"]
    for name in ("web", "worker"):
        assert "media:/app/var/media" in services()[name]["volumes"], name


def test_app_services_share_the_database_and_broker():
    for name in (*APP_SERVICES, "migrate"):
        environment = services()[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert "@db:5432/" in environment["DATABASE_URL"], name
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:"), name


def test_the_app_trusts_the_one_proxy_in_front_for_client_addresses():
    """TLS ends at one proxy in front (docs/operations.md); without this every person would share
    the proxy's address and its per-address sign-in limits."""
    for name in APP_SERVICES:
        value = services()[name]["environment"]["TRUSTED_PROXY_COUNT"]
        assert value == "${TRUSTED_PROXY_COUNT:-1}", name


def test_the_env_example_names_every_variable_compose_requires():
    """`cp .env.example .env` (the README) gives a file with a line for each value compose
    refuses to start without."""
    required = set(re.findall(r"\$\{([A-Z_]+):\?", (ROOT / "docker-compose.yml").read_text()))
    assert required, "compose requires nothing from .env"
    example = (ROOT / ".env.example").read_text()
    for name in required | {"SECRET_KEY", "CONFIDENTIAL_KEYS", "ALLOWED_HOSTS"}:
        assert re.search(rf"^{name}=", example, re.MULTILINE), name


# -- docker compose itself, where installed ------------------------------------


def _docker_compose() -> list[str]:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("docker is not installed")
    if subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("docker compose is not installed")
    return [docker, "compose", "-f", "docker-compose.yml"]


@pytest.fixture
def compose_project(tmp_path):
    """A copy of the compose file beside a .env of dummy values (no engine needed)."""
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    shutil.copy(ROOT / "Dockerfile", tmp_path)
    (tmp_path / ".env").write_text(
        "POSTGRES_PASSWORD=dummy0password\nSECRET_KEY=dummy\nCONFIDENTIAL_KEYS=dummy\n"
    )
    return tmp_path


def test_docker_compose_accepts_the_file(compose_project):
    result = subprocess.run(
        [*_docker_compose(), "config", "--quiet"],
        cwd=compose_project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_start_without_a_database_password(compose_project):
    (compose_project / ".env").write_text("SECRET_KEY=dummy\n")
    result = subprocess.run(
        [*_docker_compose(), "config", "--quiet"],
        cwd=compose_project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr
