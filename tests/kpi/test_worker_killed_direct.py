"""A real Celery worker SIGKILLed in the middle of a direct load (a commune's first large import).

The commune has no dossier, so the worker COPYs the file straight into ``kpi_dossier`` in one
transaction. A second session has inserted, uncommitted, a dossier with a code from the middle of
the file: the unique index makes the worker's COPY wait for that session there, with the first
half of the file already written in its open transaction, a moment we can see in
``pg_stat_activity`` (no sleeps). The worker is killed; nothing of the file remains, the page says
“Bị gián đoạn”, and “Thử lại” loads it whole.
"""

from __future__ import annotations

import os
import signal

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpi.models import Dossier, DossierImport, ImportStatus
from kpi.services import dossier_import_create
from tests.kpi.conftest import row, write_csv
from tests.kpi.test_worker_killed import _dsn, _wait, worker_queue  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"),
]

ROWS = 50_000  # two full batches of 20,000 and a half one
MIDDLE = "K030000"  # in the second batch: the first one is written and its progress reported
HELD = (
    "INSERT INTO kpi_dossier (commune_id, code, procedure_code, procedure_name, field, channel, status, "
    "received_at, received_date, supplement_count, receiver, handler, dissatisfaction_reason, harassment, "
    "four_on_spot, row_hash, row_hash31) VALUES (%s, %s, '', 'Chứng thực', 'Chứng thực', 1, 10, "
    "'2022-03-03 01:00+00', '2022-03-03', 0, '', '', '', false, false, '', 0)"
)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_direct_load_leaves_nothing_and_the_retry_completes(
    campaign,
    officer,
    client_as,
    worker_queue,  # noqa: F811  (the imported fixture)
    tmp_path,
    monkeypatch,
):
    from kpi.tasks import run_dossier_import

    big = write_csv(tmp_path / "big.csv", [row(f"K{i:06d}") for i in range(1, ROWS + 1)])
    assert big.stat().st_size >= 1024**2  # large enough for the direct load (IMPORT_DIRECT_MIN_BYTES)
    upload = SimpleUploadedFile("big.csv", big.read_bytes(), content_type="text/csv")
    with monkeypatch.context() as patch:
        patch.setattr(run_dossier_import, "delay", lambda pk: None)  # queued below, to our worker
        record = dossier_import_create(actor=officer, commune=campaign.commune, upload=upload, dry_run=False)

    holder = psycopg.connect(_dsn())
    watcher = psycopg.connect(_dsn(), autocommit=True)
    try:
        holder.execute(HELD, [campaign.commune_id, MIDDLE])  # uncommitted: invisible, but its key is held
        worker = worker_queue()
        run_dossier_import.apply_async(args=[record.pk])
        blocked_pid = _wait(
            lambda: watcher.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid() AND query LIKE 'COPY kpi_dossier%%'"
            ).fetchone(),
            "the worker's COPY to reach the held code",
        )[0]
        assert DossierImport.objects.get(pk=record.pk).status == ImportStatus.RUNNING
        # The progress bar moved meanwhile, and the file is not done. The open COPY's rows travel through the
        # socket's buffers, so the parser may be a batch past the row PostgreSQL waits on (30,000): the page
        # shows 20,000 or 40,000 rows read, never 0 and never the whole file (progress is reported per batch).
        assert DossierImport.objects.get(pk=record.pk).rows_read in (20_000, 40_000)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        holder.rollback()
    _wait(
        lambda: not watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [blocked_pid]).fetchone(),
        "the killed worker's session to end",
    )
    holder.close()
    watcher.close()

    assert not Dossier.objects.exists()
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
    assert (record.rows_read, record.rows_added, record.rows_updated) == (ROWS, ROWS, 0)
    assert set(Dossier.objects.values_list("last_import_id", flat=True)) == {record.pk}
    assert Dossier.objects.filter(commune=campaign.commune).count() == ROWS
