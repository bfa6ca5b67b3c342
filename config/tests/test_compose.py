"""No Docker engine runs here, so the production compose file is checked by reading it."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_runs_web_worker_beat_postgres_and_redis():
    services = load()["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}


def test_every_service_has_a_healthcheck():
    for name, service in load()["services"].items():
        assert "healthcheck" in service, name


def test_exactly_one_beat_and_no_other_service_runs_beat():
    services = load()["services"]
    assert services["beat"]["deploy"]["replicas"] == 1
    for name, service in services.items():
        if name != "beat":
            assert " beat" not in str(service.get("command", "")), name
            assert "-B" not in str(service.get("command", "")).split(), name


def test_database_and_media_live_on_named_volumes():
    compose = load()
    assert {"pgdata", "media"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    assert any(v.startswith("media:") for v in compose["services"]["web"]["volumes"])


def test_app_services_share_the_settings_layer():
    services = load()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["CELERY_BROKER_URL"].startswith("redis://"), name


def test_the_image_has_pg_dump_and_pg_restore_of_the_databases_major_version():
    """`make backup` / `make restore` run pg_dump and pg_restore inside the image."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    base = re.search(r"^FROM \S+-(\w+)$", dockerfile, re.MULTILINE).group(1)
    assert base == "bookworm"  # Debian 12 ships PostgreSQL 15's client
    major = load()["services"]["db"]["image"].split(":")[1].split(".")[0]
    installs = " ".join(re.findall(r"apt-get install ([^&]+)", dockerfile.replace("\\\n", " ")))
    assert f"postgresql-client-{major}" in installs.split()


def test_the_app_trusts_the_one_proxy_in_front_for_client_addresses():
    """TLS ends at one proxy in front (docs/operations.md); without this every person would share
    the proxy's address and its per-address sign-in limits."""
    for name in ("web", "worker", "beat"):
        value = load()["services"][name]["environment"]["TRUSTED_PROXY_COUNT"]
        assert value == "${TRUSTED_PROXY_COUNT:-1}", name
