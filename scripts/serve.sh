#!/usr/bin/env bash
# `make run`: prepare the database, load the demo programme and send what is due, then
# start scripts/serve-processes.sh: the site and a real Celery worker with beat on the embedded broker, until
# Ctrl-C. The console stays short: a line per step and per email (core/mail.py), the
# address and the demo sign-ins last, then runserver's line per request.
# PORT=8001 serves on another port.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${PORT:-8000}"
ADDRESS="http://127.0.0.1:$PORT"

export REQUIRE_MFA_FOR_STAFF="${REQUIRE_MFA_FOR_STAFF:-false}"  # the demo turns it off
export SITE_URL="${SITE_URL:-$ADDRESS}"  # the links in emails
export DJANGO_RUNSERVER_HIDE_WARNING=true  # the address below says what this server is for

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
if port_answers; then
  echo "Something is already answering on port $PORT: stop it, or choose another port" \
    "(PORT=8001 make run)." >&2
  exit 1
fi

echo "Preparing the database…"
$BIN/python manage.py migrate --no-input -v 0
echo "Loading the demo programme…"
# Kept to be shown last, where it stays visible.
sign_ins="$($BIN/python manage.py seed_demo)"
echo "Sending the reminders and reports that are due…"
# What the worker sends when beat starts, sent here so that its lines come before the
# address; the worker then finds nothing more to send.
$BIN/python manage.py send_due

echo "Starting the web server and the worker…"
export PORT ADDRESS SIGN_INS="$sign_ins"
if [ -t 0 ]; then
  # Ctrl-C signals the terminal's foreground process group: make, this script and what
  # it runs. make, once interrupted, says "Interrupt" and exits 130 whatever its recipe
  # does; so the processes run as a job of their own (job control on), which the
  # terminal puts in the foreground: Ctrl-C reaches that job alone, it stops both
  # processes and exits 0, and so do this script and make.
  set -m
fi
bash scripts/serve-processes.sh
