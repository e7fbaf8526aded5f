"""Reads of the dossier imports: the latest ones, and one as its page shows it (never written here)."""

from __future__ import annotations

from kpi.models import DossierImport, ImportStatus
from kpi.services.import_liveness import runner_is_dead
from kpi.services.imports import interrupted_message


def latest_imports(commune_id: int, limit: int = 10, uploaded_by=None) -> list[DossierImport]:
    """The commune's latest imports; only those ``uploaded_by`` uploaded, when given."""
    imports = DossierImport.objects.filter(commune_id=commune_id).select_related("created_by")
    if uploaded_by is not None:
        imports = imports.filter(created_by=uploaded_by)
    return list(imports[:limit])


def dossier_import_as_shown(record: DossierImport) -> DossierImport:
    """The import as its page shows it: a run whose worker died reads “Bị gián đoạn” at once.

    Nothing is written here (a page view is a read): the record changes in memory only. The status is
    stored by the sweep every few minutes (``kpi.tasks.mark_interrupted_imports``) or when the officer
    presses “Thử lại” (``dossier_import_retry`` marks it first).
    """
    if record.status == ImportStatus.RUNNING and runner_is_dead(record):
        record.status = ImportStatus.INTERRUPTED
        record.message = interrupted_message(record.attempts)
    return record
