"""A real Celery worker SIGKILLed in the middle of an import (PostgreSQL + Redis, as in production).

The worker is a separate ``celery -A tanbinh_portal worker`` process on the test database. One
dossier already exists and the big file changes it; a second connection holds that row's lock, so the
worker is caught inside its single apply statement (the new rows already inserted in its open
transaction, the update of the locked row waiting) at a moment we can see in ``pg_stat_activity`` – no
sleeps, no timing. Then the worker is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess  # nosec B404
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from kpi.models import Dossier, DossierImport, ImportStatus
from kpi.services import dossier_import_create
from tests.kpi.conftest import row, write_csv

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"),
]

ROWS = 20_000
LOCKED = f"K{ROWS // 2:06d}"  # the dossier in the middle of the file
ROOT = Path(__file__).resolve().parents[2]


def _dsn() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait(predicate, what: str, limit: float = 120.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def _forget_cached_queues(app) -> None:
    """Celery caches the default queue, the queue set and the router on first use: after changing
    ``task_default_queue`` they must be rebuilt, or later tasks of this process still go to the old queue."""
    for cached in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(cached, None)


@pytest.fixture
def worker_queue(settings, tmp_path):
    """A queue of our own on the broker, and a way to start real worker processes consuming it."""
    from tanbinh_portal.celery import app

    queue = f"rel-test-{uuid.uuid4().hex[:8]}"
    previous_queue = app.conf.task_default_queue  # this xdist worker's own (tests/settings.py)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    app.conf.update(
        task_always_eager=False,
        broker_url=os.environ["REDIS_URL"],
        result_backend=os.environ["REDIS_URL"],
        task_default_queue=queue,
    )
    _forget_cached_queues(app)
    env = {
        **os.environ,
        "DATABASE_URL": _dsn(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "true",
        "SECRET_KEY": "worker-test-secret",
        "DJANGO_SETTINGS_MODULE": "tanbinh_portal.settings",
    }
    processes: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker{len(processes)}.log", "wb")  # noqa: SIM115 - closed with the process
        command = [sys.executable, "-m", "celery", "-A", "tanbinh_portal", "worker", "--pool", "solo"]
        command += ["-Q", queue, "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"]
        # Our own interpreter and fixed arguments; the process group lets the test kill it whole.
        process = subprocess.Popen(  # noqa: S603  # nosec B603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        processes.append(process)
        return process

    try:
        yield start
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        app.conf.update(task_always_eager=True, task_default_queue=previous_queue)
        _forget_cached_queues(app)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_retry_completes(
    campaign, officer, client_as, worker_queue, tmp_path, monkeypatch
):
    from kpi.services import dossier_import_from_path
    from kpi.tasks import run_dossier_import

    # One dossier already in the log, changed by the big file: the row the test will lock.
    before = row(LOCKED, **{"Cán bộ xử lý": "Nguyễn Văn Trước"})
    first = dossier_import_from_path(
        actor=officer, commune=campaign.commune, path=write_csv(tmp_path / "one.csv", [before]), dry_run=False
    )
    assert first.status == ImportStatus.APPLIED
    big = write_csv(tmp_path / "big.csv", [row(f"K{i:06d}") for i in range(1, ROWS + 1)])
    upload = SimpleUploadedFile("big.csv", big.read_bytes(), content_type="text/csv")
    with monkeypatch.context() as patch:
        patch.setattr(run_dossier_import, "delay", lambda pk: None)  # queued below, to our worker
        record = dossier_import_create(actor=officer, commune=campaign.commune, upload=upload, dry_run=False)

    blocker = psycopg.connect(_dsn())
    # Statistics views are a snapshot per transaction: watch from a second, autocommit session.
    watcher = psycopg.connect(_dsn(), autocommit=True)
    try:
        blocker.execute("SELECT id FROM kpi_dossier WHERE code = %s FOR UPDATE", [LOCKED])
        worker = worker_queue()
        run_dossier_import.apply_async(args=[record.pk])
        blocked_pid = _wait(
            lambda: watcher.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid() AND query LIKE '%%INSERT INTO kpi_dossier%%'"
            ).fetchone(),
            "the worker to reach the upsert",
        )[0]
        assert DossierImport.objects.get(pk=record.pk).status == ImportStatus.RUNNING
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        blocker.rollback()
    # The server ends the dead worker's session (and its transaction) once it notices the lost client.
    _wait(
        lambda: not watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [blocked_pid]).fetchone(),
        "the killed worker's session to end",
    )
    blocker.close()
    watcher.close()

    assert not Dossier.objects.filter(last_import_id=record.pk).exists()
    assert list(Dossier.objects.values_list("code", "last_import_id")) == [(LOCKED, first.pk)]
    html = client_as("vanphong").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert "Bị gián đoạn" in html  # shown at once; the page stores nothing (a GET only reads)
    record.refresh_from_db()
    assert record.status == ImportStatus.RUNNING

    worker_queue()
    client_as("vanphong").post(reverse("kpi:import-retry", args=[record.pk]))
    _wait(
        lambda: DossierImport.objects.get(pk=record.pk).status not in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "the retried import to finish",
    )
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED, record.message
    assert (record.rows_read, record.rows_added, record.rows_updated) == (ROWS, ROWS - 1, 1)
    assert Dossier.objects.filter(commune=campaign.commune).count() == ROWS
