"""Goes through a real Celery worker and Redis when REDIS_URL is set (CI and production)."""

import os

import pytest
from django.contrib.auth.models import User

from tanbinh_portal.models import Notification

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


@pytest.fixture
def real_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from tanbinh_portal.celery import app

    app.conf.update(
        task_always_eager=False,
        broker_url=os.environ["REDIS_URL"],
        result_backend=os.environ["REDIS_URL"],
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(task_always_eager=True)


@pytest.mark.django_db(transaction=True)
def test_notification_task_runs_in_a_real_worker_through_redis(real_worker):
    from tanbinh_portal.tasks import send_notification_emails

    user = User.objects.create_user("worker-test", email="w@tanbinh.local", password="x")
    ids = [n.pk for n in Notification.objects.bulk_create([Notification(recipient=user, title="Qua Redis")])]
    result = send_notification_emails.delay(ids)
    assert result.get(timeout=30) == 1
    assert Notification.objects.get(pk=ids[0]).emailed_at is not None
