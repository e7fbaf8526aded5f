"""Files of rejected imports are kept for IMPORT_REJECTED_RETENTION_DAYS, then the nightly job deletes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kpi import tasks
from kpi.models import DossierImport, ImportStatus
from kpi.services import dossier_import_create
from tanbinh_portal.models import AuditEvent
from tests.kpi.conftest import row, write_csv


def uploaded(tmp_path, officer, campaign, capture, rows, name, days_ago: int) -> DossierImport:
    path = write_csv(tmp_path / name, rows)
    upload = SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")
    with capture(execute=True):
        record = dossier_import_create(actor=officer, commune=campaign.commune, upload=upload, dry_run=False)
    DossierImport.objects.filter(pk=record.pk).update(finished_at=timezone.now() - dt.timedelta(days=days_ago))
    record.refresh_from_db()
    return record


def test_the_nightly_job_deletes_old_rejected_files_only_and_twice_is_harmless(
    tmp_path, campaign, officer, settings, django_capture_on_commit_callbacks, client_as
):
    settings.IMPORT_REJECTED_RETENTION_DAYS = 30
    capture = django_capture_on_commit_callbacks
    old_rejected = uploaded(tmp_path, officer, campaign, capture, [row("HS1", **{"Kênh nộp": "9"})], "a.csv", 31)
    new_rejected = uploaded(tmp_path, officer, campaign, capture, [row("HS1", **{"Kênh nộp": "9"})], "b.csv", 29)
    old_applied = uploaded(tmp_path, officer, campaign, capture, [row("HS1")], "c.csv", 400)
    assert old_rejected.status == new_rejected.status == ImportStatus.REJECTED
    assert old_applied.status == ImportStatus.APPLIED
    old_path = Path(old_rejected.file.path)
    assert old_path.exists()

    with capture(execute=True):
        assert tasks.purge_rejected_import_files() == 1
    with capture(execute=True):
        assert tasks.purge_rejected_import_files() == 0  # run twice: nothing more to do

    assert not old_path.exists()
    assert Path(new_rejected.file.path).exists() and Path(old_applied.file.path).exists()
    old_rejected.refresh_from_db()
    assert not old_rejected.file and old_rejected.file_deleted_at is not None
    assert old_rejected.error_count == 1 and old_rejected.sha256  # the record and its report stay
    assert AuditEvent.objects.filter(action="kpi.import_file_deleted").count() == 1
    html = client_as("vanphong").get(reverse("kpi:import-detail", args=[old_rejected.pk])).content.decode()
    assert "tệp bị từ chối chỉ được giữ 30 ngày" in html


def test_a_retention_of_zero_days_deletes_at_the_next_run(
    tmp_path, campaign, officer, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_REJECTED_RETENTION_DAYS = 0
    capture = django_capture_on_commit_callbacks
    record = uploaded(tmp_path, officer, campaign, capture, [row("HS1", **{"Kênh nộp": "9"})], "a.csv", 0)
    with capture(execute=True):
        assert tasks.purge_rejected_import_files() == 1
    assert not Path(record.file.path).exists()


def test_the_purge_is_scheduled_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kpi-purge-rejected-import-files"]
    assert entry["task"] == "kpi.tasks.purge_rejected_import_files"
    assert tasks.purge_rejected_import_files.name == entry["task"]
