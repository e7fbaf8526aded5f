#!/usr/bin/env bash
# Ctrl-C on `make run` leaves no process behind. Starts `make run` (setup skipped: run `make setup`
# once before) on a fresh database in a temporary VAR_DIR, waits until the web server and the Celery
# worker are up, sends SIGINT to the whole foreground process group as a terminal does, and fails if
# anything the run started is still alive 30 s later.
# Usage: scripts/check_run_stops.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8799}"
export VAR_DIR; VAR_DIR="$(mktemp -d)"
trap 'rm -rf "$VAR_DIR"' EXIT
unset DATABASE_URL REDIS_URL CACHE_URL
DEBUG=true .venv/bin/python manage.py migrate --noinput -v 0

setsid make -o setup run PORT="$port" >"$VAR_DIR/run.log" 2>&1 &
make_pid=$!
for _ in $(seq 1 240); do
  grep -q " ready\." "$VAR_DIR/run.log" && grep -q "Quit the server" "$VAR_DIR/run.log" && break
  sleep 0.5
done
pids="$(ps -eo pid=,sid= | awk -v s="$make_pid" '$2 == s {print $1}')"
# The runner's children each lead their own session: collect every process below the make.
for _ in 1 2 3 4; do
  pids="$(echo "$pids" $(ps -eo pid=,ppid= | awk -v p="$(echo $pids | tr ' ' '|')" '$2 ~ "^(" p ")$" {print $1}') | tr ' ' '\n' | sort -u)"
done
echo "running: $(echo $pids | wc -w) processes"
kill -INT -- "-$make_pid"
# make may return before the runner has finished stopping the worker (warm shutdown): allow 30 s.
for _ in $(seq 1 60); do
  left=""
  for pid in $pids; do kill -0 "$pid" 2>/dev/null && left="$left $pid"; done
  [ -z "$left" ] && break
  sleep 0.5
done
if [ -n "$left" ]; then
  echo "still running after Ctrl-C:$left" >&2
  ps -o pid,stat,cmd -p "$(echo $left | tr " " ,)" >&2 || true
  kill -9 $left 2>/dev/null || true
  exit 1
fi
tail -n 1 "$VAR_DIR/run.log"
echo "make run: Ctrl-C stopped every process."
