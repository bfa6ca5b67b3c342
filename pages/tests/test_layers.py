"""The apps depend on each other one way: each module imports only apps at or below
its own layer, ``core`` imports no app, and no module outside ``config`` imports it.

Every ``.py`` file of the project is read (with ``ast``, nothing is imported), tests
included: a test may not import ``config`` either, and application code may not import
a test. Tests are otherwise free of the order (see ``TESTS_MAY_IMPORT_ANY_APP``).

Only ``import`` statements are seen, wherever they are (a function body, a
``TYPE_CHECKING`` block). A dotted path in a string is not an import: settings name
``config.urls`` and the apps by their paths, ``config/urls.py`` includes each app's
``urls`` by name, and councils reads placements through reverse relations and
``apps.get_model`` rather than importing mentoring. Imports within one app (such as
``mentoring.access`` and ``mentoring.models``, which import each other) are its own
business and not checked here.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Lowest first. An app may import the apps of its own layer and of the layers below.
LAYERS = [
    {"core"},  # model-free helpers: imports no app
    {"accounts"},  # users, roles and sign-in: every app uses it
    {"notifications"},
    {"councils"},
    {"funding"},  # funders, financial years and budgets
    {"mentoring"},
    {"reviews"},
    # Induction buddies' pairings and training events; cohort matching's drafts.
    {"induction", "cohorts"},
    # The rest, built on all of the above.
    {"calendars", "reports", "privacy", "operations", "pages", "demo", "benchmarks"},
]
# Settings, URLs, the Celery app, WSGI/ASGI and the environment: on top, imported by no one.
CONFIG = "config"
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}

# (importing module, imported module): why the import runs against the order.
EXCEPTIONS = {
    ("accounts.access", "notifications.models"): (
        "roles_of() reads the unread notifications for the bell in the same query as "
        "the user's roles, so every page costs one query for both; notifications sits "
        "above accounts (a notification's recipient is a user). The import is inside "
        "the function, so loading accounts never loads notifications."
    ),
}

TESTS_MAY_IMPORT_ANY_APP = (
    "A test module (anything in a tests package, a conftest.py or a test_*.py) may import "
    "any app, its code and its test helpers alike (factories, personas, builders, the "
    "browser sign-in): a test checks its app in the site built on it. The access matrix "
    "signs every persona in on every app's pages; the reminders are about placements "
    "and actions; accounts' sign-in tests use the demo programme."
)

SKIPPED_DIRS = {".venv", "var", "node_modules", "static", "templates", "docs"}


def project_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in parts[:-1]):
            continue
        yield path


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_test(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts[:-1] or path.name == "conftest.py" or path.name.startswith("test_")


def imports_of(path: Path, root: Path = ROOT):
    """(line, module) for each module the file imports, relative imports resolved."""
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module is None:  # from . import x: x is a module of the package
                for alias in node.names:
                    yield node.lineno, f"{module}.{alias.name}"
            else:
                yield node.lineno, module


def project_packages() -> set[str]:
    return {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}


def violations():
    apps = project_packages()
    found, used = [], set()
    for path in project_files():
        importer = module_name(path)
        own_app = importer.split(".")[0] if importer.split(".")[0] in apps else None
        test = is_test(path)
        for line, imported in imports_of(path):
            target = imported.split(".")[0]
            if target not in apps or target == own_app:
                continue
            where = f"{path.relative_to(ROOT)}:{line} imports {imported}"
            if target == CONFIG:
                found.append(f"{where}: nothing outside config imports it")
                continue
            if test:
                continue  # TESTS_MAY_IMPORT_ANY_APP
            if "tests" in imported.split(".")[1:]:
                found.append(f"{where}: application code imports no test module")
                continue
            if own_app is None or own_app == CONFIG:
                continue  # manage.py, gunicorn.conf.py, scripts/ and config sit on top
            if LAYER_OF[target] <= LAYER_OF[own_app]:
                continue
            key = next(
                (k for k in EXCEPTIONS if importer == k[0] and imported.startswith(k[1])), None
            )
            if key:
                used.add(key)
                continue
            found.append(
                f"{where}: {own_app} (layer {LAYER_OF[own_app]}) is below "
                f"{target} (layer {LAYER_OF[target]})"
            )
    return found, used


def test_every_app_has_its_place_in_the_layers():
    declared = set(LAYER_OF) | {CONFIG}
    assert project_packages() - declared == set(), "add the new app to LAYERS"
    assert declared - project_packages() == set(), "an app in LAYERS no longer exists"


def test_every_import_follows_the_layers_and_no_one_imports_config():
    found, _ = violations()
    assert found == [], "\n".join(found)


def test_every_exception_is_still_needed_and_says_why():
    _, used = violations()
    assert set(EXCEPTIONS) - used == set(), "remove the exceptions no import needs any more"
    assert all(reason.strip() for reason in EXCEPTIONS.values())
    assert TESTS_MAY_IMPORT_ANY_APP.strip()


def test_the_walk_sees_imports_in_function_bodies_and_relative_ones(tmp_path):
    # A check of the checker: an AppConfig's ready() imports inside its body.
    package = tmp_path / "pkg"
    package.mkdir()
    module = package / "mod.py"
    module.write_text("def f():\n    from reviews import models\nfrom . import sibling\n")
    assert sorted(imports_of(module, tmp_path)) == [(2, "reviews"), (3, "pkg.sibling")]
