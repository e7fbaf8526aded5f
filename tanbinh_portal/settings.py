"""Settings for the Tân Bình campaign portal, read from the environment (see README)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from tanbinh_portal.client_ip import parse_networks
from tanbinh_portal.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PORT = env_int("PORT", 8000, minimum=1)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "tanbinh_portal",
    "campaigns",
    "kpi",
    "rewards",
    "documents",
]
# The demo (demo/: seed_demo, demo_accounts, create_demo_certificate and the builders they run) is
# development-only: installed when DEMO_DATA is on, which it is by default exactly when DEBUG is. A
# production server (DEBUG=false, DEMO_DATA unset) does not load it, so those commands do not exist
# there; DEMO_DATA=true loads it under production settings on purpose (a load test, a training copy),
# never on the commune's real server. The tests always load it (tests/settings.py).
DEMO_DATA = env_bool("DEMO_DATA", DEBUG)
if DEMO_DATA:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.place: the commune, district or province the user works at (roles are held per place).
    "campaigns.middleware.PlaceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tanbinh_portal.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "tanbinh_portal.accounts.SessionLifetimeMiddleware",
    "tanbinh_portal.accounts.PasswordChangeDueMiddleware",
]

ROOT_URLCONF = "tanbinh_portal.urls"
# A refused form (stale page, cookies blocked) explains itself in Vietnamese, not with Django's English page.
CSRF_FAILURE_VIEW = "tanbinh_portal.errors.csrf_failure"
WSGI_APPLICATION = "tanbinh_portal.wsgi.application"
ASGI_APPLICATION = "tanbinh_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tanbinh_portal.context_processors.portal",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL is None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": parse_database_url(DATABASE_URL).as_django()}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Keep each worker thread's connection (a new PostgreSQL connection per request cost the worker
    # ~5–10 ms of CPU and PostgreSQL a backend start); checked before reuse, so a restart is survived.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several request threads and the embedded Celery worker share one file.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "tanbinh_portal.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "tanbinh_portal.passwords.MinimumLengthValidator"},
    {"NAME": "tanbinh_portal.passwords.CommonPasswordValidator"},
    {"NAME": "tanbinh_portal.passwords.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g. 127.0.0.1 for
# the nginx of the README). Empty: REMOTE_ADDR is the client. See tanbinh_portal/client_ip.py.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
parse_networks(TRUSTED_PROXIES)  # a typo stops the process instead of trusting nobody (or everybody)
# Login throttling, not lockout: LOGIN_FAILURE_LIMIT wrong passwords for one username from one client
# address make that pair wait LOGIN_COOLOFF_MINUTES; the same account from another client still logs in.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tanbinh_portal.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "tanbinh_portal.accounts.lockout_response"
AXES_RESET_ON_SUCCESS = True

# Sessions on a shared office computer: they end after SESSION_IDLE_MINUTES without a request (the
# expiry slides with activity), SESSION_MAX_HOURS after the login whatever the activity, and when the
# browser closes. A password change ends the user's other sessions (tanbinh_portal/accounts.py).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_MAX_AGE_SECONDS = env_int("SESSION_MAX_HOURS", 12, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tanbinh_portal.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Evidence files of nominations: outside MEDIA_ROOT and the static files, served only by a view that
# checks who may see the nomination (tanbinh_portal/private_storage.py, docs/security.md).
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(VAR_DIR / "private")))
EVIDENCE_FILE_MAX_BYTES = env_int("EVIDENCE_FILE_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
EVIDENCE_FILES_PER_NOMINATION = env_int("EVIDENCE_FILES_PER_NOMINATION", 30, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest upload the portal takes (a one-stop log, kpi/forms.py). The nginx of deploy/ refuses a larger
# body before it reaches gunicorn: its client_max_body_size is this plus FORM_OVERHEAD (upload_limits.py).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 512 * 1024 * 1024, minimum=1024)

# What an uploaded spreadsheet may make the server unpack or hold (docs/security.md). A
# worksheet is streamed; every other part of an XLSX (shared strings, styles…) is read whole.
SPREADSHEET_MAX_TOTAL_BYTES = env_int("SPREADSHEET_MAX_TOTAL_BYTES", 2 * 1024**3, minimum=1024)
SPREADSHEET_MAX_SHEET_BYTES = env_int("SPREADSHEET_MAX_SHEET_BYTES", 1024**3, minimum=1024)
SPREADSHEET_MAX_PART_BYTES = env_int("SPREADSHEET_MAX_PART_BYTES", 32 * 1024**2, minimum=1024)
SPREADSHEET_MAX_SHARED_STRINGS = env_int("SPREADSHEET_MAX_SHARED_STRINGS", 1_000_000, minimum=1)
# One-stop log imports: a CSV line (in characters) and a row (in cells) beyond these is refused.
IMPORT_MAX_LINE_CHARS = env_int("IMPORT_MAX_LINE_CHARS", 1024**2, minimum=1024)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 500, minimum=16)
# A file from this size on, imported for a commune without dossiers, is COPYed straight into the
# dossier table (PostgreSQL; kpi/importer/pipeline.py::load_direct); smaller files are staged.
IMPORT_DIRECT_MIN_BYTES = env_int("IMPORT_DIRECT_MIN_BYTES", 1024**2, minimum=0)
# CSV files are read in column batches (PyArrow, kpi/importer/columnar.py); false: row by row with the
# csv module (the same records, errors and warnings; slower).
IMPORT_COLUMNAR = env_bool("IMPORT_COLUMNAR", True)
# Files of rejected imports are deleted by the nightly job this many days after the import.
IMPORT_REJECTED_RETENTION_DAYS = env_int("IMPORT_REJECTED_RETENTION_DAYS", 30, minimum=0)

# Citizens' ratings (kpi.ratings_tokens, kpi.services.ratings; docs/kpi.md "Ratings: one set"): a
# dossier's QR code opens its rating page until RATING_VALID_DAYS after the result is returned; a
# second rating replaces the first within RATING_REPLACE_HOURS of the first; the page takes at most
# RATING_POSTS_PER_ADDRESS submissions per address and RATING_POSTS_PER_TOKEN per code in
# RATING_LIMIT_WINDOW_SECONDS (and as many unknown codes per address). Ratings in a burst recompute a
# campaign once, RATING_RECOMPUTE_DELAY_SECONDS after the first (0: at once, for each).
RATING_VALID_DAYS = env_int("RATING_VALID_DAYS", 30, minimum=1)
RATING_REPLACE_HOURS = env_int("RATING_REPLACE_HOURS", 24, minimum=0)
RATING_POSTS_PER_ADDRESS = env_int("RATING_POSTS_PER_ADDRESS", 20, minimum=1)
RATING_POSTS_PER_TOKEN = env_int("RATING_POSTS_PER_TOKEN", 5, minimum=1)
RATING_LIMIT_WINDOW_SECONDS = env_int("RATING_LIMIT_WINDOW_SECONDS", 600, minimum=1)
RATING_RECOMPUTE_DELAY_SECONDS = env_int("RATING_RECOMPUTE_DELAY_SECONDS", 60, minimum=0)
# Another channel for a citizen whose code has expired (the 410 page, the desk's paper): the
# province's public-service portal and its hotline, if configured; the commune's own counter
# (address, phone) is a setting of the commune (Commune.one_stop_address / one_stop_phone).
RATING_PROVINCE_PORTAL_URL = env_str("RATING_PROVINCE_PORTAL_URL", "") or ""
RATING_PROVINCE_HOTLINE = env_str("RATING_PROVINCE_HOTLINE", "") or ""

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: always a real worker (`make run` starts it, see tanbinh_portal/management/commands/serve.py).
# With REDIS_URL the broker is Redis; without it (the embedded default) a folder under var/ that the web
# process writes and the worker polls (kombu's filesystem transport: no service to install or start).
# Tasks run in-process only in tests (tests/settings.py). See docs/decisions.md.
REDIS_URL = env_str("REDIS_URL")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The folder broker's files and the embedded beat's schedule (`manage.py serve`).
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
else:
    CELERY_BROKER_URL = "filesystem://localhost/"  # the host is ignored; naming one avoids a warning
    # One folder is both the inbox and the outbox: the web process writes a file per message, the
    # worker takes the oldest. Nothing reads task results, so none are stored.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "control_folder": str(CELERY_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_IGNORE_RESULT = True
    for _folder in ("queue", "control"):
        (CELERY_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BEAT_SCHEDULE: dict = {
    # kpi: recompute every stored indicator nightly (idempotent; imports and monthly figures also
    # queue their own recomputation).
    "kpi-recompute-nightly": {"task": "kpi.tasks.recompute_all", "schedule": crontab(hour=1, minute=30)},
    # kpi: imports whose worker died become "Bị gián đoạn" (retryable) instead of "running" forever.
    "kpi-mark-interrupted-imports": {"task": "kpi.tasks.mark_interrupted_imports", "schedule": 300.0},
    # kpi: files of rejected imports are deleted IMPORT_REJECTED_RETENTION_DAYS after the import.
    "kpi-purge-rejected-import-files": {
        "task": "kpi.tasks.purge_rejected_import_files",
        "schedule": crontab(hour=2, minute=15),
    },
}

# Cache: rendered page fragments keyed by their data version (tanbinh_portal/pagecache.py). Shared by
# all gunicorn workers through Redis when REDIS_URL is set (CACHE_URL overrides it, "locmem://" forces
# per-process memory); otherwise each process keeps its own copy (correct too: keys name the data).
CACHE_URL = env_str("CACHE_URL", REDIS_URL or "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "tanbinh",
            "TIMEOUT": 3600,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tanbinh",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cong-thi-dua@tanbinh.local")

# Production hardening: only when DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

DEMO_PASSWORD = env_str("DEMO_PASSWORD")

# Digital signature of the district bundle (documents/engine/signing.py). Without SIGNING_P12_PATH the
# self-signed demo certificate created by `make setup` under var/signing/ is used.
SIGNING_P12_PATH = env_str("SIGNING_P12_PATH", str(VAR_DIR / "signing" / "demo-signing.p12"))
SIGNING_P12_PASSPHRASE = env_str("SIGNING_P12_PASSPHRASE")
SIGNING_P12_PASSPHRASE_FILE = env_str(
    "SIGNING_P12_PASSPHRASE_FILE",
    None if env_str("SIGNING_P12_PATH") else str(VAR_DIR / "signing" / "demo-signing.pass"),
)
# SIGNING_KEY_STORE=pkcs11 signs with a USB token or HSM through its PKCS#11 library instead of the PKCS#12
# file; the PIN is asked from the signer each time, never configured or stored.
SIGNING_KEY_STORE = env_str("SIGNING_KEY_STORE", "pkcs12").lower()
if SIGNING_KEY_STORE not in {"pkcs12", "pkcs11"}:
    raise ImproperlyConfigured(f"SIGNING_KEY_STORE={SIGNING_KEY_STORE!r}: use pkcs12 or pkcs11")
SIGNING_PKCS11_MODULE = env_str("SIGNING_PKCS11_MODULE", "")
SIGNING_PKCS11_TOKEN_LABEL = env_str("SIGNING_PKCS11_TOKEN_LABEL", "")
SIGNING_PKCS11_KEY_LABEL = env_str("SIGNING_PKCS11_KEY_LABEL", "")
if SIGNING_KEY_STORE == "pkcs11" and not (
    SIGNING_PKCS11_MODULE and SIGNING_PKCS11_TOKEN_LABEL and SIGNING_PKCS11_KEY_LABEL
):
    raise ImproperlyConfigured(
        "SIGNING_KEY_STORE=pkcs11 needs SIGNING_PKCS11_MODULE, SIGNING_PKCS11_TOKEN_LABEL and SIGNING_PKCS11_KEY_LABEL"
    )

# Verification trusts only these certificates (documents/engine/signing.py: files or directories of PEM/DER
# certificates, comma-separated). With DEBUG the demo's list is var/signing/trust/, where `make setup`
# (create_demo_certificate) puts the demo certificate; in production nothing is trusted until it is set.
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS", [str(VAR_DIR / "signing" / "trust")] if DEBUG else [])

# Bounds of bundle verification (documents/engine/bundle.py): the uploaded file, the total of its members
# once unpacked (counted while reading, not taken from the headers) and the number of members. A bundle of
# 50 nominees is a 2.6 MB ZIP of 53 files (docs/benchmarks-documents.md).
BUNDLE_VERIFY_MAX_BYTES = env_int("BUNDLE_VERIFY_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES = env_int("BUNDLE_VERIFY_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024, minimum=1024)
BUNDLE_VERIFY_MAX_MEMBERS = env_int("BUNDLE_VERIFY_MAX_MEMBERS", 1000, minimum=3)
