"""Importing a dossier log: the record, the run (stage → check → one upsert), and its audit row."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.utils import timezone

from campaigns.models import Commune
from kpi.importer import pipeline
from kpi.models import DossierImport, ImportStatus
from kpi.services import import_liveness as liveness
from kpi.services.compute import campaigns_touched, indicators_recompute
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.roles import OFFICER, ONE_STOP, require_role
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.tasks_dispatch import TRANSIENT_ERRORS, enqueue

# A file whose run dies this many times (worker killed, out of memory) is left for a person to look at.
MAX_ATTEMPTS = 3
logger = logging.getLogger("kpi.import")
INTERRUPTED_MESSAGE = (
    "Bị gián đoạn: tiến trình nhập dừng giữa chừng, không dữ liệu nào của tệp được ghi. Bấm “Thử lại” để nhập lại."
)


# The audit action of each way an import ends (its record's status).
OUTCOME_ACTIONS = {
    ImportStatus.APPLIED: AuditAction.KPI_IMPORT_APPLIED,
    ImportStatus.CHECKED: AuditAction.KPI_IMPORT_CHECKED,
    ImportStatus.UNCHANGED: AuditAction.KPI_IMPORT_UNCHANGED,
    ImportStatus.REJECTED: AuditAction.KPI_IMPORT_REJECTED,
}


def interrupted_message(attempts: int) -> str:
    """What an interrupted import says: retry, or after ``MAX_ATTEMPTS`` runs, look at the file first."""
    if attempts >= MAX_ATTEMPTS:
        return f"{INTERRUPTED_MESSAGE} Đã thử {attempts} lần; hãy kiểm tra tệp trước khi thử lại."
    return INTERRUPTED_MESSAGE


class ImportNotRetryable(ServiceError):
    """The import is not in a state that can be retried."""

    default_code = "not_retryable"


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
    require_role(
        actor,
        OFFICER,
        ONE_STOP,
        message="Chỉ công chức Văn phòng – Thống kê và Bộ phận Một cửa được nhập sổ hồ sơ.",
        at=commune,
    )
    sha, size = file_sha256(upload)
    with transaction.atomic():
        record = DossierImport(
            commune=commune, file_name=Path(upload.name).name[:255], sha256=sha, size=size, dry_run=dry_run
        )
        record.created_by = actor
        record.file.save(record.file_name, File(upload), save=False)
        record.save()
        audit_record(
            actor=actor, action=AuditAction.KPI_IMPORT_QUEUED, obj=record, changes={"sha256": sha, "dry_run": dry_run}
        )
        from kpi.tasks import run_dossier_import  # kpi.tasks imports these services: a cycle

        transaction.on_commit(lambda: enqueue(run_dossier_import, record.pk))
    return record


def dossier_import_from_path(*, actor, commune: Commune, path: Path, dry_run: bool) -> DossierImport:
    """The command's path: record and run at once, reading the file where it is (no copy)."""
    with open(path, "rb") as stream:
        sha, size = file_sha256(stream)
    record = DossierImport.objects.create(
        commune=commune, file_name=path.name[:255], sha256=sha, size=size, dry_run=dry_run, created_by=actor, attempts=1
    )
    with liveness.runner_lock(record.pk), open(path, "rb") as stream:
        return dossier_import_execute(record=record, stream=stream, actor=actor, recompute_now=True)


def dossier_import_run(*, import_id: int) -> DossierImport | None:
    """Run a queued (or interrupted) import once.

    The runner holds a liveness lock for the whole run (see :mod:`kpi.services.import_liveness`); the
    conditional UPDATE claims the record, so a duplicate delivery of the task does nothing, while a
    redelivery after the first runner died (``reject_on_worker_lost``) finds the record interrupted and
    runs it again, at most ``MAX_ATTEMPTS`` times in all.
    """
    with liveness.runner_lock(import_id) as held:
        if not held:
            return DossierImport.objects.filter(pk=import_id).first()  # another runner is alive
        dossier_imports_mark_interrupted(import_ids=[import_id])
        claimed = DossierImport.objects.filter(
            pk=import_id, status__in=[ImportStatus.QUEUED, ImportStatus.INTERRUPTED], attempts__lt=MAX_ATTEMPTS
        ).update(status=ImportStatus.RUNNING, attempts=F("attempts") + 1, heartbeat_at=timezone.now())
        record = DossierImport.objects.filter(pk=import_id).first()
        if not claimed or record is None:
            return record
        with record.file.open("rb") as stream:
            return dossier_import_execute(record=record, stream=stream, actor=record.created_by, recompute_now=False)


def dossier_imports_mark_interrupted(*, import_ids: list[int] | None = None) -> int:
    """Mark 'running' imports whose runner is gone as interrupted; return how many.

    Safe at any time: a live runner keeps its lock (PostgreSQL) or its heartbeat fresh, so only dead
    runs are touched. The run's writes were in one transaction that died with it: nothing to undo.
    """
    running = DossierImport.objects.filter(status=ImportStatus.RUNNING)
    if import_ids is not None:
        running = running.filter(pk__in=import_ids)
    marked = 0
    for record in running.only("pk", "heartbeat_at", "attempts", "created_by"):
        if not liveness.runner_is_dead(record):
            continue
        message = interrupted_message(record.attempts)
        with transaction.atomic():
            updated = DossierImport.objects.filter(pk=record.pk, status=ImportStatus.RUNNING).update(
                status=ImportStatus.INTERRUPTED, finished_at=timezone.now(), message=message
            )
            if updated:
                audit_record(
                    actor=None,
                    action=AuditAction.KPI_IMPORT_INTERRUPTED,
                    obj=record,
                    changes={"attempts": record.attempts},
                )
                marked += 1
    return marked


def dossier_import_retry(*, actor, record: DossierImport) -> DossierImport:
    """Queue an interrupted or failed import again (the page's “Thử lại” button)."""
    require_role(
        actor, OFFICER, message="Chỉ công chức Văn phòng – Thống kê được thử lại lần nhập sổ hồ sơ.", at=record.commune
    )
    dossier_imports_mark_interrupted(import_ids=[record.pk])
    if not record.file:
        raise ImportNotRetryable("Lần nhập này chạy bằng lệnh import_dossiers và không lưu tệp: hãy chạy lại lệnh.")
    with transaction.atomic():
        updated = DossierImport.objects.filter(
            pk=record.pk, status__in=[ImportStatus.INTERRUPTED, ImportStatus.FAILED]
        ).update(status=ImportStatus.QUEUED, attempts=0, progress=0, rows_read=0, finished_at=None, message="")
        if not updated:
            raise ImportNotRetryable("Chỉ thử lại được lần nhập bị gián đoạn hoặc gặp lỗi hệ thống.")
        audit_record(
            actor=actor, action=AuditAction.KPI_IMPORT_RETRIED, obj=record, changes={"status": ImportStatus.QUEUED}
        )
        from kpi.tasks import run_dossier_import  # kpi.tasks imports these services: a cycle

        transaction.on_commit(lambda: enqueue(run_dossier_import, record.pk))
    record.refresh_from_db()
    return record


def _progress(record_id: int):
    def report(rows: int, percent: int) -> None:
        DossierImport.objects.filter(pk=record_id).update(rows_read=rows, progress=percent, heartbeat_at=timezone.now())

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
    text = _outcome_text(record)
    if record.warning_count and record.status != ImportStatus.REJECTED:
        text += f" Có {record.warning_count} cảnh báo (các dòng đó vẫn được nhận): hãy xem lại danh sách cảnh báo."
    return text


def _outcome_text(record: DossierImport) -> str:
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
    DossierImport.objects.filter(pk=record.pk).update(status=ImportStatus.RUNNING, heartbeat_at=timezone.now())
    try:
        outcome = _execute_direct(record, stream, actor, recompute_now, started)
        if outcome is None:
            stream.seek(0)
            outcome = pipeline.stage_file(
                stream, name=staging, commune_id=record.commune_id, size=record.size, progress=_progress(record.pk)
            )
            with transaction.atomic():
                if not outcome.error_count:
                    # Counted inside this transaction, under the commune's lock, together with the write.
                    tick = time.perf_counter()
                    counts = pipeline.apply_staging(
                        staging,
                        record.commune_id,
                        record.pk,
                        write=not record.dry_run,
                        changed_days=outcome.changed_days,
                    )
                    outcome.timings["upsert"] = time.perf_counter() - tick
                    outcome.added, outcome.updated, outcome.unchanged = counts
                _record_outcome(record, outcome, actor, recompute_now, started)
    except TRANSIENT_ERRORS:
        # The database went away mid-run: the transaction died with nothing written. The task retries
        # with back-off and claims the record again; after the last retry it stays interrupted.
        _mark_after_error(record.pk, ImportStatus.INTERRUPTED, INTERRUPTED_MESSAGE)
        raise
    except Exception:
        _mark_after_error(record.pk, ImportStatus.FAILED, "Lỗi hệ thống khi nhập tệp.")
        raise
    finally:
        with contextlib.suppress(*TRANSIENT_ERRORS):
            pipeline.drop_staging(staging)
    if record.status == ImportStatus.APPLIED and recompute_now:
        tick = time.perf_counter()
        # Only the campaigns in which a dossier the file wrote can count (as it was or as it is now).
        for campaign in campaigns_touched(commune_id=record.commune_id, days=outcome.changed_days):
            indicators_recompute(campaign=campaign)
        outcome.timings["recompute"] = time.perf_counter() - tick
    logger.info(
        "import %s: %s rows, %s",
        record.pk,
        record.rows_read,
        ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in outcome.timings.items()),
    )
    return record


def _execute_direct(record: DossierImport, stream, actor, recompute_now: bool, started: float):
    """The first import of a commune, large enough to matter, loaded straight into its table.

    PostgreSQL only, never a dry run, only for files from IMPORT_DIRECT_MIN_BYTES on (below, staging
    costs little, and this path holds the commune's lock while it reads). One transaction: the
    commune's lock, the rows, the record and its audit row; it is all or nothing like the staging
    path, and a worker killed meanwhile leaves nothing. Returns None (nothing written) when the
    commune has dossiers already or the file has any error: the staging path then decides and reports.
    """
    if record.dry_run or not pipeline.is_postgres() or record.size < pipeline.direct_load_size():
        return None
    progress = _SideProgress(record.pk)
    try:
        with transaction.atomic():
            if not pipeline.lock_commune_without_dossiers(record.commune_id):
                return None
            outcome = pipeline.load_direct(
                stream, commune_id=record.commune_id, import_id=record.pk, size=record.size, progress=progress
            )
            _record_outcome(record, outcome, actor, recompute_now, started)
    except pipeline.DirectRefused:
        return None
    finally:
        progress.close()
    return outcome


class _SideProgress:
    """The progress bar written through a second connection while the direct load's transaction is
    open (its own writes stay invisible to the page until it commits)."""

    def __init__(self, record_id: int):
        self.record_id = record_id
        self.connection = None

    def __call__(self, rows: int, percent: int) -> None:
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        table = DossierImport._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET rows_read = %s, progress = %s, heartbeat_at = %s WHERE id = %s",  # noqa: S608  # nosec B608
                [rows, percent, timezone.now(), self.record_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(*TRANSIENT_ERRORS):
                self.connection.close()


def _record_outcome(record: DossierImport, outcome, actor, recompute_now: bool, started: float) -> None:
    """The import record's result and its audit row (inside the transaction that wrote the rows)."""
    if outcome.error_count:
        status = ImportStatus.REJECTED
    elif record.dry_run:
        status = ImportStatus.CHECKED
    elif outcome.added or outcome.updated:
        status = ImportStatus.APPLIED
    else:
        status = ImportStatus.UNCHANGED
    record.status = status
    record.rows_read = outcome.rows_read
    record.rows_added, record.rows_updated = outcome.added, outcome.updated
    record.rows_unchanged, record.rows_rejected = outcome.unchanged, outcome.rejected
    record.error_count = outcome.error_count
    record.errors = [e.as_dict() for e in outcome.errors]
    record.warning_count = outcome.warning_count
    record.warnings = [w.as_dict() for w in outcome.warnings]
    record.progress = 100
    record.finished_at = timezone.now()
    record.duration_ms = int((time.monotonic() - started) * 1000)
    record.message = _summary(record)
    record.save()
    audit_record(
        actor=actor,
        action=OUTCOME_ACTIONS[status],
        obj=record,
        changes={
            "added": record.rows_added,
            "updated": record.rows_updated,
            "unchanged": record.rows_unchanged,
            "errors": record.error_count,
            "warnings": record.warning_count,
        },
    )
    if status == ImportStatus.APPLIED and not recompute_now:
        _queue_recompute(record.commune_id, outcome.changed_days)


def _mark_after_error(record_id: int, status: str, message: str) -> None:
    # Best effort: when the database itself is gone the record stays 'running' and the liveness check
    # turns it into 'interrupted' later.
    with contextlib.suppress(*TRANSIENT_ERRORS):
        DossierImport.objects.filter(pk=record_id, status=ImportStatus.RUNNING).update(
            status=status, finished_at=timezone.now(), message=message
        )


def _queue_recompute(commune_id: int, days) -> None:
    from kpi.tasks import recompute_campaign  # kpi.tasks imports these services: a cycle

    for campaign in campaigns_touched(commune_id=commune_id, days=days):
        transaction.on_commit(lambda pk=campaign.pk: enqueue(recompute_campaign, pk))


def rejected_import_files_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the stored files of rejected imports older than IMPORT_REJECTED_RETENTION_DAYS; return how many.

    A rejected file wrote nothing and cannot be retried, so it is kept only long enough for the
    officer to look at it again. The record (counts, errors, SHA-256) stays; ``file_deleted_at`` says
    when the file went. Safe to run twice or in parallel: each record is claimed by a conditional
    UPDATE, and the file is removed after the commit.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.IMPORT_REJECTED_RETENTION_DAYS)
    due = DossierImport.objects.filter(status=ImportStatus.REJECTED, finished_at__lte=cutoff).exclude(file="")
    removed = 0
    for record in due.only("pk", "file", "file_name", "created_at"):
        name = record.file.name
        with transaction.atomic():
            claimed = DossierImport.objects.filter(pk=record.pk, file=name).update(file="", file_deleted_at=now)
            if not claimed:
                continue
            audit_record(actor=None, action=AuditAction.KPI_IMPORT_FILE_DELETED, obj=record, changes={"file": name})
            storage = record.file.storage
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        removed += 1
    return removed
