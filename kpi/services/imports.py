"""Importing a dossier log: the record, the run (stage → check → one upsert), and its audit row."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, Commune
from kpi.importer import pipeline
from kpi.models import DossierImport, ImportStatus
from tanbinh_portal.audit import audit_record
from tanbinh_portal.tasks_dispatch import enqueue

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


def file_sha256(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def dossier_import_create(*, actor, commune: Commune, upload, dry_run: bool) -> DossierImport:
    """Store the uploaded file and queue its import (the page then polls the progress)."""
    sha, size = file_sha256(upload)
    with transaction.atomic():
        record = DossierImport(
            commune=commune, file_name=Path(upload.name).name[:255], sha256=sha, size=size, dry_run=dry_run
        )
        record.created_by = actor
        record.file.save(record.file_name, File(upload), save=False)
        record.save()
        audit_record(actor=actor, action="kpi.import_queued", obj=record, changes={"sha256": sha, "dry_run": dry_run})
        from kpi.tasks import run_dossier_import

        transaction.on_commit(lambda: enqueue(run_dossier_import, record.pk))
    return record


def dossier_import_from_path(*, actor, commune: Commune, path: Path, dry_run: bool) -> DossierImport:
    """The command's path: record and run at once, reading the file where it is (no copy)."""
    with open(path, "rb") as stream:
        sha, size = file_sha256(stream)
    record = DossierImport.objects.create(
        commune=commune, file_name=path.name[:255], sha256=sha, size=size, dry_run=dry_run, created_by=actor
    )
    with open(path, "rb") as stream:
        return dossier_import_execute(record=record, stream=stream, actor=actor, recompute_now=True)


def dossier_import_run(*, import_id: int) -> DossierImport | None:
    """Run a queued import once: the conditional UPDATE claims it, so a second run does nothing."""
    claimed = DossierImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    record = DossierImport.objects.filter(pk=import_id).first()
    if not claimed or record is None:
        return record
    with record.file.open("rb") as stream:
        return dossier_import_execute(record=record, stream=stream, actor=record.created_by, recompute_now=False)


def _progress(record_id: int):
    def report(rows: int, percent: int) -> None:
        DossierImport.objects.filter(pk=record_id).update(rows_read=rows, progress=percent)

    return report


def _previous_same_file(record: DossierImport) -> DossierImport | None:
    return (
        DossierImport.objects.filter(
            commune_id=record.commune_id,
            sha256=record.sha256,
            dry_run=False,
            status__in=[ImportStatus.APPLIED, ImportStatus.UNCHANGED],
        )
        .exclude(pk=record.pk)
        .order_by("created_at")
        .first()
    )


def _summary(record: DossierImport) -> str:
    if record.status == ImportStatus.REJECTED:
        return f"Tệp bị từ chối: {record.error_count} lỗi, không dữ liệu nào được ghi."
    counts = f"thêm {record.rows_added}, cập nhật {record.rows_updated}, không đổi {record.rows_unchanged}"
    if record.status == ImportStatus.CHECKED:
        return f"Chạy thử: tệp hợp lệ, {record.rows_read} dòng; nếu nhập sẽ {counts}. Chưa ghi gì."
    if record.status == ImportStatus.UNCHANGED:
        previous = _previous_same_file(record)
        when = (
            f" (giống hệt tệp đã nhập lúc {timezone.localtime(previous.created_at):%H:%M %d/%m/%Y})" if previous else ""
        )
        return f"Không có thay đổi{when}: {record.rows_unchanged} hồ sơ đã có, giữ nguyên."
    return f"Đã nhập {record.rows_read} dòng: {counts}."


def dossier_import_execute(*, record: DossierImport, stream, actor, recompute_now: bool) -> DossierImport:
    started = time.monotonic()
    staging = f"kpi_staging_{record.pk}"
    DossierImport.objects.filter(pk=record.pk).update(status=ImportStatus.RUNNING)
    try:
        outcome = pipeline.stage_file(
            stream, name=staging, commune_id=record.commune_id, size=record.size, progress=_progress(record.pk)
        )
        with transaction.atomic():
            if outcome.error_count:
                status = ImportStatus.REJECTED
            elif record.dry_run:
                status = ImportStatus.CHECKED
            elif outcome.added or outcome.updated:
                pipeline.apply_staging(staging, record.commune_id, record.pk)
                status = ImportStatus.APPLIED
            else:
                status = ImportStatus.UNCHANGED
            record.status = status
            record.rows_read = outcome.rows_read
            record.rows_added, record.rows_updated = outcome.added, outcome.updated
            record.rows_unchanged, record.rows_rejected = outcome.unchanged, outcome.rejected
            record.error_count = outcome.error_count
            record.errors = [e.as_dict() for e in outcome.errors]
            record.progress = 100
            record.finished_at = timezone.now()
            record.duration_ms = int((time.monotonic() - started) * 1000)
            record.message = _summary(record)
            record.save()
            audit_record(
                actor=actor,
                action="kpi.import_" + status,
                obj=record,
                changes={
                    "added": record.rows_added,
                    "updated": record.rows_updated,
                    "unchanged": record.rows_unchanged,
                    "errors": record.error_count,
                },
            )
            if status == ImportStatus.APPLIED and not recompute_now:
                _queue_recompute(record.commune_id)
    except Exception:
        DossierImport.objects.filter(pk=record.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), message="Lỗi hệ thống khi nhập tệp."
        )
        raise
    finally:
        pipeline.drop_staging(staging)
    if status == ImportStatus.APPLIED and recompute_now:
        from kpi.services.compute import indicators_recompute

        for campaign in Campaign.objects.filter(commune_id=record.commune_id):
            indicators_recompute(campaign=campaign)
    return record


def _queue_recompute(commune_id: int) -> None:
    from kpi.tasks import recompute_campaign

    for campaign_id in Campaign.objects.filter(commune_id=commune_id).values_list("pk", flat=True):
        transaction.on_commit(lambda pk=campaign_id: enqueue(recompute_campaign, pk))
