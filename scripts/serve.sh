#!/usr/bin/env bash
# `make run`: migrate, load the demo data, then serve the site and run a real
# Celery worker with beat on the embedded broker, all in one process group so
# that Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

export REQUIRE_MFA_FOR_STAFF="${REQUIRE_MFA_FOR_STAFF:-false}"  # the demo turns it off
$BIN/python manage.py migrate --no-input
$BIN/python manage.py seed_demo

stop_all() {
  trap - EXIT
  trap '' INT TERM
  kill 0 2>/dev/null
  wait
}
trap stop_all INT TERM EXIT

$BIN/celery -A config worker -B --concurrency 1 --loglevel INFO &
$BIN/python manage.py runserver 127.0.0.1:8000 &

cat <<MSG

  Councillor mentoring programme: http://127.0.0.1:8000
  Health check:                   http://127.0.0.1:8000/healthz
  A Celery worker with beat is running on the embedded broker.
  Emails are written to var/mail/; who and what subject are echoed here.
  Press Ctrl-C to stop everything.

MSG
# Stop everything as soon as either process ends.
wait -n
