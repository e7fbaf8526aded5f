#!/usr/bin/env bash
# Backs up the PostgreSQL database in DATABASE_URL with pg_dump, restores it into a fresh database
# and compares the row count of every table. Exits non-zero on any difference.
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/tanbinh scripts/check_backup_restore.sh
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to a postgres:// URL}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "not a PostgreSQL URL" >&2; exit 2;; esac

base="${DATABASE_URL%/*}"
restore_db="restore_check_$$"
dump="$(mktemp -d)/backup.dump"
cleanup() { dropdb --if-exists --maintenance-db="$base/postgres" "$restore_db" >/dev/null 2>&1 || true; rm -rf "$(dirname "$dump")"; }
trap cleanup EXIT

pg_dump --format=custom --no-owner --file="$dump" "$DATABASE_URL"
createdb --maintenance-db="$base/postgres" "$restore_db"
pg_restore --no-owner --exit-on-error --dbname="$base/$restore_db" "$dump"

count_rows() {
  psql "$1" -At -c "SELECT table_name FROM information_schema.tables WHERE table_schema='public' AND table_type='BASE TABLE' ORDER BY 1" |
    while read -r table; do
      printf '%s %s\n' "$table" "$(psql "$1" -At -c "SELECT count(*) FROM \"$table\"")"
    done
}
original="$(count_rows "$DATABASE_URL")"
restored="$(count_rows "$base/$restore_db")"
if [ "$original" != "$restored" ]; then
  echo "backup-restore: row counts differ" >&2
  diff <(echo "$original") <(echo "$restored") >&2 || true
  exit 1
fi
echo "backup-restore: $(echo "$original" | wc -l) tables, $(echo "$original" | awk '{s+=$2} END {print s}') rows restored identically"
