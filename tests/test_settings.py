"""The test settings give each pytest-xdist worker its own Redis database and Celery queue."""

import os

from django.conf import settings

from tests.settings import worker_redis_url


def test_each_xdist_worker_takes_the_next_redis_database():
    assert worker_redis_url("redis://127.0.0.1:6379/10", "gw0") == "redis://127.0.0.1:6379/10"
    assert worker_redis_url("redis://127.0.0.1:6379/10", "gw1") == "redis://127.0.0.1:6379/11"
    assert worker_redis_url("redis://:secret@redis.local:6380", "gw2") == "redis://:secret@redis.local:6380/2"


def test_without_xdist_the_redis_url_is_left_alone():
    assert worker_redis_url("redis://127.0.0.1:6379/10", "") == "redis://127.0.0.1:6379/10"


def test_this_process_uses_its_own_queue_and_the_rewritten_url_everywhere():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    assert f"tanbinh-tests-{worker or 'main'}" == settings.CELERY_TASK_DEFAULT_QUEUE
    # The broker, the result store and the tests that start a worker read the same URL.
    assert (os.environ.get("REDIS_URL") or None) == settings.REDIS_URL
    if settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL == settings.CELERY_RESULT_BACKEND
