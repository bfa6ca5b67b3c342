# The two commands in the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamps: the runtime lock installed (make run), or the runtime and dev lock (make test).
INSTALLED := $(VENV)/.installed-runtime
INSTALLED_DEV := $(VENV)/.installed-dev
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: run test lint format migrate clean loadtest backup restore lock audit

$(BIN)/python:
	@echo "Creating the virtual environment in $(VENV)..."
	$(PYTHON) -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip

# Every package is pinned with its hashes (requirements*.txt, compiled by `make lock`):
# pip refuses anything that is not exactly what was locked.
$(INSTALLED): requirements.txt | $(BIN)/python
	@echo "Installing what the site needs into $(VENV) (a minute or two the first time)..."
	@$(PIP) install --quiet --require-hashes -r requirements.txt
	@touch $(INSTALLED)

$(INSTALLED_DEV): requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "Installing the site and its test tools into $(VENV) (a minute or two the first time)..."
	@$(PIP) install --quiet --require-hashes -r requirements-dev.txt
	@touch $(INSTALLED) $(INSTALLED_DEV)

run: $(INSTALLED)
	@DEBUG=$${DEBUG:-true} exec bash scripts/serve.sh

# The tests marked `alone` (pytest.ini) first, in a single process; then the rest in one
# process per core (pytest-xdist), each taking the tests in runs, in the order pytest
# sorted them, so a module's shared fixtures are set up once per process (worksteal: an
# idle process takes half of another's remaining run). PYTEST_ARGS go to both runs;
# PYTEST_ARGS="-n 0" runs the rest in one process too (for a debugger).
test: $(INSTALLED_DEV)
	$(BIN)/python -m pytest $(PYTEST_ARGS) -n 0 -m alone || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

# One archive of the database and media files in var/backups/ (docs/operations.md, "Backups");
# BACKUP_ARGS="--to DIR". `make restore ARCHIVE=path` refuses to replace data
# unless RESTORE_ARGS=--yes.
backup: | $(INSTALLED)
	$(BIN)/python manage.py backup $(BACKUP_ARGS)

restore: | $(INSTALLED)
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=var/backups/mentoring-YYYYmmdd-HHMMSS.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)" $(RESTORE_ARGS)

# 50 simulated people for 60 s against gunicorn with two workers (docs/operations.md, "Load test");
# DATABASE_URL=postgres://... to use PostgreSQL, LOADTEST_ARGS="--users 5 --duration 10".
loadtest: $(INSTALLED_DEV)
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

lint: $(INSTALLED_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED_DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-pin every package at its newest release that fits requirements*.in, with hashes.
lock: $(INSTALLED_DEV)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

# Known vulnerabilities in the locked packages (PyPI's advisory database; needs to reach pypi.org).
audit: $(INSTALLED_DEV)
	bash scripts/audit.sh

clean:
	rm -rf $(VENV) var staticfiles
