#!/usr/bin/env bash
# `make run`: the development server with a real Celery worker (and its beat schedule), so background
# work (imports, recomputes, documents, e-mails) runs and reports progress exactly as in production.
# Without REDIS_URL it uses the local Redis (started here, with no persistence, if none answers on
# 127.0.0.1:6379, and stopped again with the server). Ctrl-C stops the server, the worker and that Redis.
# Only when no redis-server is installed do tasks fall back to running inside the web process.
set -euo pipefail
PORT="${1:-8000}"
BIN=".venv/bin"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

if [ -z "${REDIS_URL:-}" ]; then
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    export REDIS_URL="redis://127.0.0.1:6379/0"
  elif command -v redis-server >/dev/null 2>&1; then
    mkdir -p var/redis
    redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir var/redis \
      --logfile "$PWD/var/redis/redis.log" &
    pids+=("$!")
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
    export REDIS_URL="redis://127.0.0.1:6379/0"
  else
    echo "redis-server is not installed (make system-deps installs it): background tasks run inside the" >&2
    echo "web process, so a page waits for its task and shows no progress." >&2
  fi
fi

if [ -n "${REDIS_URL:-}" ]; then
  mkdir -p var
  "$BIN/celery" -A tanbinh_portal worker --beat --schedule var/celerybeat-schedule --concurrency 2 \
    --loglevel INFO --logfile var/celery-worker.log &
  pids+=("$!")
  echo "Celery worker started (log: var/celery-worker.log), broker $REDIS_URL"
fi
# In the background too, so that a TERM to this script (not only Ctrl-C) stops everything at once.
"$BIN/python" manage.py runserver "127.0.0.1:$PORT" &
server=$!
pids+=("$server")
wait "$server"
