"""scripts/loadtest.py's arguments and arithmetic (the run itself takes minutes and is
not part of the suite: `make loadtest`)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "loadtest.py"


@pytest.fixture(scope="module")
def loadtest():
    spec = importlib.util.spec_from_file_location("loadtest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_defaults_are_fifty_people_for_a_minute_on_two_workers(loadtest, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    args = loadtest.parse_args([])
    assert (args.users, args.duration, args.workers) == (50, 60, 2)
    assert args.database_url is None  # a new SQLite file
    assert tuple(args.wait) == (1.0, 2.0)


def test_the_database_comes_from_database_url_unless_given(loadtest, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_load")
    assert loadtest.parse_args([]).database_url.endswith("/mentoring_load")
    args = loadtest.parse_args(["--database-url", "sqlite:////tmp/x.sqlite3", "--users", "5"])
    assert args.database_url == "sqlite:////tmp/x.sqlite3" and args.users == 5


@pytest.mark.parametrize(
    "argv", [["--users", "0"], ["--duration", "-1"], ["--wait", "2", "1"], ["--workers", "0"]]
)
def test_nonsense_arguments_are_refused(loadtest, argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        loadtest.parse_args(argv)
    assert exit_.value.code == 2


def test_the_95th_percentile_is_the_nearest_rank(loadtest):
    assert loadtest.percentile(list(range(1, 101)), 95) == 95
    assert loadtest.percentile([0.3], 95) == 0.3
    assert loadtest.percentile([5, 1, 4, 2, 3], 50) == 3


def test_pages_are_named_without_their_ids(loadtest):
    assert loadtest.label_of("GET", "/placements/12/log-session/") == (
        "GET /placements/<id>/log-session/"
    )
    assert loadtest.label_of("GET", "/councils/rotherham/reports/3/?x=1") == (
        "GET /councils/<slug>/reports/<id>/"
    )


def test_every_role_is_simulated(loadtest):
    assert {role for role, _ in loadtest.ROLES} == {
        "manager",
        "mentor",
        "councillor",
        "commissioner",
    }
