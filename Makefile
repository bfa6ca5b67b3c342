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

test: $(INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# One archive of the database and media files in var/backups/ (README, "Backups");
# BACKUP_ARGS="--to DIR". `make restore ARCHIVE=path` refuses to replace data
# unless RESTORE_ARGS=--yes.
backup: | $(INSTALLED)
	$(BIN)/python manage.py backup $(BACKUP_ARGS)

restore: | $(INSTALLED)
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=var/backups/mentoring-YYYYmmdd-HHMMSS.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)" $(RESTORE_ARGS)

# 50 simulated people for 60 s against gunicorn with two workers (README, "Load test");
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
