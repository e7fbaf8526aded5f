"""An import's state machine when its run dies or hits a transient error; retries on transient errors only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from kpi.importer import pipeline
from kpi.models import Dossier, DossierImport, ImportStatus
from kpi.services import dossier_import_create, dossier_import_retry, dossier_imports_mark_interrupted
from kpi.services.imports import MAX_ATTEMPTS, ImportNotRetryable
from kpi.tasks import run_dossier_import
from tanbinh_portal.models import AuditEvent
from tests.kpi.conftest import row, write_csv


@pytest.fixture
def upload(tmp_path):
    def make(codes):
        path = write_csv(tmp_path / "so.csv", [row(code) for code in codes])
        return SimpleUploadedFile("so.csv", path.read_bytes(), content_type="text/csv")

    return make


def _running(campaign, minutes_ago: int, attempts: int = 1) -> DossierImport:
    return DossierImport.objects.create(
        commune=campaign.commune,
        file="kpi/imports/so.csv",  # an uploaded file (the page's imports keep theirs)
        file_name="so.csv",
        sha256="0" * 64,
        status=ImportStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago),
        attempts=attempts,
    )


def test_a_running_import_whose_runner_went_silent_is_marked_interrupted(campaign, live_runner):
    dead, alive = _running(campaign, minutes_ago=60), _running(campaign, minutes_ago=60)
    live_runner(alive)
    assert dossier_imports_mark_interrupted() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportStatus.INTERRUPTED and dead.get_status_display() == "Bị gián đoạn"
    assert "không dữ liệu nào của tệp được ghi" in dead.message
    assert alive.status == ImportStatus.RUNNING
    assert AuditEvent.objects.filter(action="kpi.import_interrupted", object_id=str(dead.pk)).count() == 1


def test_the_page_shows_an_interrupted_import_with_a_retry_button_for_the_officer(campaign, client_as):
    record = _running(campaign, minutes_ago=60)
    button = reverse("kpi:import-retry", args=[record.pk])
    html = client_as("vanphong").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert "Bị gián đoạn" in html and button in html
    html = client_as("chutich").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert "Bị gián đoạn" in html and button not in html


def test_the_page_only_reads_the_sweep_or_the_retry_stores_the_interruption(campaign, client_as):
    """A GET shows a dead run as interrupted without writing: no status change, no audit row."""
    record = _running(campaign, minutes_ago=60)
    for name in ("kpi:import-detail", "kpi:import-progress"):
        html = client_as("vanphong").get(reverse(name, args=[record.pk])).content.decode()
        assert "Bị gián đoạn" in html and "không dữ liệu nào của tệp được ghi" in html
    record.refresh_from_db()
    assert record.status == ImportStatus.RUNNING and record.finished_at is None
    assert not AuditEvent.objects.filter(action="kpi.import_interrupted").exists()
    assert dossier_imports_mark_interrupted() == 1
    record.refresh_from_db()
    assert record.status == ImportStatus.INTERRUPTED


def test_a_dead_run_on_its_last_attempt_says_so_on_the_page(campaign, client_as):
    record = _running(campaign, minutes_ago=60, attempts=MAX_ATTEMPTS)
    html = client_as("vanphong").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert f"Đã thử {MAX_ATTEMPTS} lần; hãy kiểm tra tệp trước khi thử lại." in html


def test_a_live_run_stays_running_on_the_page(campaign, client_as, live_runner):
    record = _running(campaign, minutes_ago=60)
    live_runner(record)
    html = client_as("vanphong").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    polling = f'hx-get="{reverse("kpi:import-progress", args=[record.pk])}"'
    assert polling in html and "Bị gián đoạn" not in html


def test_retrying_an_interrupted_import_runs_it_to_the_end(
    campaign, officer, upload, client_as, django_capture_on_commit_callbacks
):
    with pytest.MonkeyPatch.context() as patch:
        # The first run dies the way a killed worker leaves it: claimed, 'running', nothing written.
        patch.setattr("kpi.tasks.run_dossier_import.delay", lambda pk: None)
        record = dossier_import_create(
            actor=officer, commune=campaign.commune, upload=upload(["A", "B"]), dry_run=False
        )
    DossierImport.objects.filter(pk=record.pk).update(
        status=ImportStatus.RUNNING, attempts=1, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("vanphong").post(reverse("kpi:import-retry", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.rows_added, record.attempts) == (ImportStatus.APPLIED, 2, 1)
    assert Dossier.objects.filter(last_import=record).count() == 2
    assert AuditEvent.objects.filter(action="kpi.import_retried", object_id=str(record.pk)).exists()


def test_a_finished_import_cannot_be_retried(queued, officer):
    record = queued(["A"])
    run_dossier_import.delay(record.pk)
    with pytest.raises(ImportNotRetryable, match="Chỉ thử lại"):
        dossier_import_retry(actor=officer, record=record)


def test_an_interrupted_command_import_says_to_rerun_the_command(import_rows, officer):
    record = import_rows([row("A")])
    DossierImport.objects.filter(pk=record.pk).update(status=ImportStatus.INTERRUPTED)
    record.refresh_from_db()
    assert not record.can_retry
    with pytest.raises(ImportNotRetryable, match="import_dossiers"):
        dossier_import_retry(actor=officer, record=record)


def test_a_file_that_killed_its_runner_too_often_is_left_for_a_person(campaign):
    record = _running(campaign, minutes_ago=60, attempts=MAX_ATTEMPTS)
    assert run_dossier_import.delay(record.pk).get() == ImportStatus.INTERRUPTED
    record.refresh_from_db()
    assert record.attempts == MAX_ATTEMPTS and "Đã thử" in record.message


@pytest.fixture
def queued(campaign, officer, upload, monkeypatch):
    """An import queued but not run yet (the test runs the task itself, as a worker would)."""

    def make(codes):
        with monkeypatch.context() as patch:
            patch.setattr("kpi.tasks.run_dossier_import.delay", lambda pk: None)
            return dossier_import_create(actor=officer, commune=campaign.commune, upload=upload(codes), dry_run=False)

    return make


def test_a_transient_database_error_is_retried_and_the_import_completes(queued, monkeypatch):
    record = queued(["A", "B", "C"])
    real_stage, calls = pipeline.stage_file, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_stage(*args, **kwargs)

    monkeypatch.setattr(pipeline, "stage_file", flaky)
    # apply() without propagating is Celery's in-process worker: it honours the task's retries.
    result = run_dossier_import.apply(args=[record.pk], throw=False)
    record.refresh_from_db()
    assert len(calls) == 2 and result.result == ImportStatus.APPLIED
    assert (record.status, record.rows_added, record.attempts) == (ImportStatus.APPLIED, 3, 2)


def test_a_transient_error_that_outlives_the_retries_leaves_the_import_interrupted(queued, monkeypatch):
    record = queued(["A"])
    calls = []

    def down(*args, **kwargs):
        calls.append(1)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(pipeline, "stage_file", down)
    monkeypatch.setitem(run_dossier_import.app.conf, "task_eager_propagates", False)  # as in a worker
    result = run_dossier_import.apply(args=[record.pk], throw=False)
    record.refresh_from_db()
    # Each delivery claims the record once; after MAX_ATTEMPTS claims it waits for a person.
    assert len(calls) == MAX_ATTEMPTS and result.state == "SUCCESS"
    assert record.status == ImportStatus.INTERRUPTED and record.can_retry
    assert not Dossier.objects.exists()


def test_a_permanent_error_is_not_retried(queued, monkeypatch):
    record = queued(["A"])
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ValueError("a bug, not a hiccup")

    monkeypatch.setattr(pipeline, "stage_file", broken)
    result = run_dossier_import.apply(args=[record.pk], throw=False)
    record.refresh_from_db()
    assert len(calls) == 1 and result.state == "FAILURE"
    assert record.status == ImportStatus.FAILED and record.can_retry
