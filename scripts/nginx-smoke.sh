#!/usr/bin/env bash
# CI: Debian's nginx with the shipped site (deploy/nginx/tanbinh-portal.conf) in front of gunicorn with
# the shipped config (deploy/gunicorn.conf.py) and production settings (DEBUG=false), then the checks of
# scripts/nginx_smoke.py through it: HTTP → HTTPS, TLS and HSTS, static files from nginx with their cache
# headers, private and media files never served, the upload limit, the login throttle keyed on the
# address nginx forwards, the 502 page.
#
# The site file is used as shipped except for what an operator edits anyway (server name, certificate,
# STATIC_ROOT, gunicorn's port) and the ports (above 1024, so no privilege is needed): each edit must
# find its text, so a change to the shipped file that this script no longer matches fails here.
# Everything lives in a temporary folder (SQLite database, VAR_DIR, a certificate made on the spot,
# nginx's pid and logs), removed at exit with the two servers this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
export PYTHONPATH=$ROOT  # scripts/nginx_smoke.py imports the portal's settings
started=$(date +%s)

bash scripts/system-deps.sh --deploy
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/tanbinh-nginx-smoke.XXXXXX)
gunicorn_pid=""
cleanup() {
  if [ -f "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
on_failure() {
  echo "nginx-smoke: failed; the logs:" >&2
  for log in "$WORK"/gunicorn.log "$WORK"/nginx-error.log; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 40 "$log" >&2; }
  done
}
trap on_failure ERR

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTPS_PORT=$(free_port)
HTTP_PORT=$(free_port)
APP_PORT=$(free_port)
HOST=portal.test

# --- Production settings, a fresh database ------------------------------------------------------------
# Not CI's PostgreSQL/Redis: a throwaway SQLite database, so that the throttle's records of one run never
# meet the next and nothing else's data is touched.
unset REDIS_URL CACHE_URL
export VAR_DIR=$WORK/var
export DATABASE_URL="sqlite:///$VAR_DIR/db.sqlite3"
export DEBUG=false
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=$HOST
export CSRF_TRUSTED_ORIGINS="https://$HOST:$HTTPS_PORT"
export TRUSTED_PROXIES=127.0.0.1
export DEMO_PASSWORD="nginx-smoke-$(date +%s)-Mk"
# A small upload limit, so that the check sends a megabyte rather than half a gigabyte; the site file's
# client_max_body_size is derived from it as an operator would (UPLOAD_MAX_BYTES + FORM_OVERHEAD).
export UPLOAD_MAX_BYTES=1048576
export DJANGO_SETTINGS_MODULE=tanbinh_portal.settings
mkdir -p "$VAR_DIR"

# The schema and the demo accounts (seed_demo refuses DEBUG=false) while collectstatic compresses.
( DEBUG=true "$PY" manage.py migrate --noinput -v 0 && DEBUG=true "$PY" manage.py seed_demo --no-dossiers -v 0 ) \
  >"$WORK/setup.log" 2>&1 &
setup_pid=$!
"$PY" manage.py collectstatic --noinput -v 0 >"$WORK/collectstatic.log" 2>&1
wait "$setup_pid" || { cat "$WORK/setup.log" >&2; exit 1; }
echo "nginx-smoke: database and static files ready after $(($(date +%s) - started)) s"

# Files nginx must never serve: one evidence file, one media file, each with a marker to look for.
mkdir -p "$VAR_DIR/private/evidence/smoke" "$VAR_DIR/media/kpi/imports"
echo "evidence-marker-$RANDOM$RANDOM" >"$VAR_DIR/private/evidence/smoke/bien-ban.txt"
echo "media-marker-$RANDOM$RANDOM" >"$VAR_DIR/media/kpi/imports/so.csv"
chmod 0700 "$VAR_DIR/private" "$VAR_DIR/media"
# nginx's workers run as www-data when this script is root (as in CI): they may walk to the static
# files and read them, and nothing else of the folder.
chmod 0711 "$WORK" "$VAR_DIR"
chmod -R go+rX "$VAR_DIR/staticfiles"

# --- TLS: a certificate for portal.test, made now ---------------------------------------------------
mkdir -p "$WORK/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST" -keyout "$WORK/tls/privkey.pem" -out "$WORK/tls/fullchain.pem" 2>/dev/null

# --- nginx: the shipped site with the operator's edits ----------------------------------------------
FORM_OVERHEAD=$("$PY" -c 'from tanbinh_portal.upload_limits import FORM_OVERHEAD; print(FORM_OVERHEAD)')
BODY_LIMIT_K=$(((UPLOAD_MAX_BYTES + FORM_OVERHEAD) / 1024))
"$PY" - "$ROOT/deploy/nginx/tanbinh-portal.conf" "$WORK/site.conf" <<EOF
import re, sys
site = open(sys.argv[1], encoding="utf-8").read()
edits = [
    ("server_name thidua.tanbinh.gov.vn;", "server_name $HOST;"),
    ("/etc/ssl/tanbinh/", "$WORK/tls/"),
    ("/srv/tanbinh/var/staticfiles/", "$VAR_DIR/staticfiles/"),
    ("/var/www/letsencrypt", "$WORK/acme"),
    ("server 127.0.0.1:8000;", "server 127.0.0.1:$APP_PORT;"),
    ("listen 80;", "listen 127.0.0.1:$HTTP_PORT;"),
    ("listen 443 ssl", "listen 127.0.0.1:$HTTPS_PORT ssl"),
]
for old, new in edits:
    if old not in site:
        sys.exit(f"nginx-smoke: the shipped site no longer has {old!r}; update scripts/nginx-smoke.sh")
    site = site.replace(old, new)
site, ipv6 = re.subn(r"^\s*listen \[::\]:.*\n", "", site, flags=re.M)  # the loopback test is IPv4 only
site, sized = re.subn(r"client_max_body_size \d+k;", "client_max_body_size ${BODY_LIMIT_K}k;", site)
if not ipv6 or sized != 1:
    sys.exit("nginx-smoke: the shipped site's IPv6 listens or its one client_max_body_size changed")
open(sys.argv[2], "w", encoding="utf-8").write(site)
EOF
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user www-data;"
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx.conf" <<EOF
# Generated by scripts/nginx-smoke.sh around the shipped site (Debian's nginx.conf has the same http {}).
$user_line
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 128; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    include $WORK/site.conf;
}
EOF
"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK"

# --- gunicorn with the shipped config (only the port and the logs changed) ---------------------------
GUNICORN_CMD_ARGS="--bind 127.0.0.1:$APP_PORT --workers 1 --threads 4 --access-logfile $WORK/gunicorn-access.log --error-logfile $WORK/gunicorn.log" \
  "$ROOT/.venv/bin/gunicorn" --config deploy/gunicorn.conf.py tanbinh_portal.wsgi:application &
gunicorn_pid=$!
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"
for _ in $(seq 1 60); do
  "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $APP_PORT), timeout=1)" 2>/dev/null && break
  kill -0 "$gunicorn_pid" 2>/dev/null || { echo "nginx-smoke: gunicorn exited" >&2; exit 1; }
  sleep 0.5
done

LOG_LEVEL=WARNING "$PY" scripts/nginx_smoke.py --host "$HOST" --https-port "$HTTPS_PORT" --http-port "$HTTP_PORT" \
  --ca "$WORK/tls/fullchain.pem" --gunicorn-log "$WORK/gunicorn-access.log" --gunicorn-pid "$gunicorn_pid" \
  --var-dir "$VAR_DIR" --private-file "$VAR_DIR/private/evidence/smoke/bien-ban.txt" \
  --media-file "$VAR_DIR/media/kpi/imports/so.csv" --password "$DEMO_PASSWORD" \
  --upload-max-bytes "$UPLOAD_MAX_BYTES" --form-overhead "$FORM_OVERHEAD"
echo "nginx-smoke: $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $(($(date +%s) - started)) s in all"
