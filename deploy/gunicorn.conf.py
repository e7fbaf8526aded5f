"""gunicorn settings of the portal behind the nginx of deploy/nginx/tanbinh-portal.conf.

Used by deploy/systemd/tanbinh-web.service, deploy/compose.yaml and the CI's nginx smoke test
(scripts/nginx-smoke.sh), so all three run the same server. An operator overrides any of these without
editing the file: GUNICORN_CMD_ARGS="--workers 3 --threads 4" in /etc/tanbinh/portal.env (gunicorn gives
that variable precedence over this file). The figures behind 2 workers × 4 threads on 2 cores are in
docs/benchmarks.md (`make loadtest`).
"""

# Loopback TCP, not a unix socket: the portal believes X-Forwarded-For only from TRUSTED_PROXIES
# (127.0.0.1), and through a unix socket REMOTE_ADDR is empty (tanbinh_portal/client_ip.py).
bind = ["127.0.0.1:8000"]
workers = 2
worker_class = "gthread"
threads = 4
# Every long job runs in Celery; a request still running after this is a fault (nginx waits 130 s).
timeout = 120
graceful_timeout = 30
# Longer than nginx's idle upstream connections (keepalive_timeout 30s in the upstream block), so that
# gunicorn never closes a connection nginx is about to reuse.
keepalive = 35
# A worker is replaced after this many requests (bounds slow memory growth), not all at once.
max_requests = 2000
max_requests_jitter = 200
# Who may set the scheme (X-Forwarded-Proto) for gunicorn itself: nginx on this machine only.
forwarded_allow_ips = "127.0.0.1"
# To the journal: the client as nginx saw it, the request, status, bytes and milliseconds.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'
# gunicorn ≥ 25 opens a control socket under $HOME (or $XDG_RUNTIME_DIR) by default: the systemd unit's
# home is read-only (ProtectSystem=strict), and every gunicorn of one user would share the path. Reload
# and stop go through signals (systemctl reload/stop) instead.
control_socket_disable = True
