"""The rendering task through a real Celery worker and Redis (CI and production set REDIS_URL)."""

import os

import pytest

from documents.models import DocumentStatus, GeneratedDocument

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


@pytest.fixture
def real_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from tanbinh_portal.celery import app

    app.conf.update(task_always_eager=False, broker_url=os.environ["REDIS_URL"], result_backend=os.environ["REDIS_URL"])
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(task_always_eager=True)


@pytest.mark.django_db(transaction=True)
def test_plan_is_rendered_by_a_real_worker_after_commit(real_worker, settings, tmp_path):
    from demo.campaigns import build_demo
    from documents.services import document_request
    from documents.tasks import render_document

    settings.MEDIA_ROOT = str(tmp_path)
    demo = build_demo()
    document = document_request(actor=demo["users"]["vanphong"], campaign=demo["campaign"], kind="ke-hoach")
    # The on-commit hook queued the task (no surrounding transaction here); wait for it through a second,
    # idempotent call that the worker runs after the first.
    render_document.delay(document.pk).get(timeout=60)
    document = GeneratedDocument.objects.get(pk=document.pk)
    assert document.status == DocumentStatus.DONE and document.sha256
