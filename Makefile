# The two commands in the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format migrate clean loadtest backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

run: $(INSTALLED)
	DEBUG=$${DEBUG:-true} bash scripts/serve.sh

# The tests marked `alone` (pytest.ini) first, in a single process; then the rest in one
# process per core (pytest-xdist), each taking the tests in runs, in the order pytest
# sorted them, so a module's shared fixtures are set up once per process (worksteal: an
# idle process takes half of another's remaining run). PYTEST_ARGS go to both runs;
# PYTEST_ARGS="-n 0" runs the rest in one process too (for a debugger).
test: $(INSTALLED)
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
loadtest: $(INSTALLED)
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles
