"""Settings for the test suite: the real settings, with development defaults and fast hashing.

Under pytest-xdist each worker process (PYTEST_XDIST_WORKER = "gw0", "gw1", …) gets its own Redis
database (REDIS_URL's number plus the worker's index: redis://…/10 gives gw0 10 and gw1 11) and its own
Celery queue, so tests that go through a real worker (marked ``worker``) never take each other's tasks
or results. REDIS_URL is rewritten in the environment itself: the tests that start a worker or a
`make run` child read it from there. Each worker's SQL test database is pytest-django's business
(test_<name>_gw0, … on PostgreSQL; in memory per process on SQLite).
"""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def worker_redis_url(url: str, worker: str) -> str:
    """``url`` with its database number raised by the xdist worker's index ("gw3" → +3)."""
    if not worker:
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + int(worker.removeprefix('gw'))}"))


if os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], XDIST_WORKER)

from tanbinh_portal.settings import *  # noqa: E402,F403

# The demo app is always loaded in the tests, whatever DEBUG or DEMO_DATA say (tanbinh_portal/settings.py):
# the seed_demo tests, the full-demo fixture and the browser journeys run its builders.
DEMO_DATA = True
if "demo" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("demo")  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_PASSWORD = "demo-password-for-tests"
# Tasks run in-process in tests, whatever REDIS_URL says; tests marked `worker` use a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# A queue per xdist worker as well as a database: a worker started by one process never consumes another's.
CELERY_TASK_DEFAULT_QUEUE = f"tanbinh-tests-{XDIST_WORKER or 'main'}"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Page fragments: per-process memory, emptied before each test (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
# Evidence files (private storage) of the tests: a directory of this run, removed at exit.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="tanbinh-test-private-"))  # noqa: F405
atexit.register(shutil.rmtree, PRIVATE_FILES_ROOT, ignore_errors=True)
# Mutation runs (scripts/mutation.py) start one pytest session per mutant: a file database kept with
# --reuse-db spares each session building the schema again. Never set for the ordinary suite.
if os.environ.get("MUTATION_TEST_DB") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["MUTATION_TEST_DB"]}  # noqa: F405
