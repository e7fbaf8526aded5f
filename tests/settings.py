"""Settings for the test suite: the real settings, with development defaults and fast hashing."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from tanbinh_portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_PASSWORD = "demo-password-for-tests"
# Tasks run in-process in tests, whatever REDIS_URL says; tests marked `worker` use a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Page fragments: per-process memory, emptied before each test (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
# Evidence files (private storage) of the tests: a directory of this run, removed at exit.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="tanbinh-test-private-"))  # noqa: F405
atexit.register(shutil.rmtree, PRIVATE_FILES_ROOT, ignore_errors=True)
