#!/usr/bin/env bash
# The second half of `make run` (scripts/serve.sh prepares the database and the demo
# first): the web server and a Celery worker with beat, until Ctrl-C. It prints the
# address and the demo sign-ins (SIGN_INS) once the server answers.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${PORT:-8000}"
ADDRESS="${ADDRESS:-http://127.0.0.1:$PORT}"
sign_ins="${SIGN_INS:-}"

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# Celery warns when its worker runs as root. On a server it does not (the image runs it
# as an unprivileged user); on a developer's container or VM `make run` often does, so
# there, and only for this worker, the warning is left out.
worker_warnings=""
if [ "$(id -u)" = 0 ]; then
  worker_warnings="ignore:You're running the worker with superuser privileges"
fi

# Each in a process group of its own (job control on while they start): Ctrl-C reaches
# this script alone, which then stops each of them the way it stops cleanly.
set -m
# --quiet: no banner. Warnings and errors still show, and each email's line.
# Celery announces its own shutdown on stdout: "Stopped." below says it once for all.
PYTHONWARNINGS="$worker_warnings" $BIN/celery -A config --quiet worker -B \
  --concurrency 1 --loglevel WARNING </dev/null \
  > >(trap '' INT; exec grep --line-buffered -v '^worker: Warm shutdown') &
worker=$!
$BIN/python manage.py runserver --skip-checks "127.0.0.1:$PORT" </dev/null &
server=$!
set +m

stop_both() {
  trap '' INT TERM HUP
  kill -TERM "$worker" 2>/dev/null || true     # a warm shutdown: the task in hand finishes
  kill -TERM -- "-$server" 2>/dev/null || true  # runserver and the process it reloads
  wait 2>/dev/null || true
}
on_signal() {
  stop_both
  echo "Stopped."
  exit 0
}
trap on_signal INT TERM HUP

# The address is shown once the server answers on it (a bare connection: no request logged).
until port_answers; do
  kill -0 "$server" 2>/dev/null || break  # it could not start: it has said why
  sleep 0.2
done
if kill -0 "$server" 2>/dev/null; then
  cat <<MSG
  Councillor mentoring programme: $ADDRESS
  Health checks:                  $ADDRESS/healthz and /readyz
  A Celery worker with beat is running on the embedded broker.
  Emails are written to ${VAR_DIR:-var}/mail/; who and what subject are listed here.

$(sed 's/^/  /' <<<"$sign_ins")

  Press Ctrl-C to stop everything.

MSG
fi

# Either one ending by itself (the port taken, an error) stops the other.
status=0
wait -n "$worker" "$server" || status=$?
stop_both
echo "Stopped: the web server or the worker ended (status $status)." >&2
exit $((status == 0 ? 1 : status))
