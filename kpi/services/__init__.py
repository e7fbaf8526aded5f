"""Writes of the kpi app: imports, recomputation and monthly figures."""

from kpi.services.compute import indicators_recompute
from kpi.services.imports import (
    dossier_import_create,
    dossier_import_execute,
    dossier_import_from_path,
    dossier_import_retry,
    dossier_import_run,
    dossier_imports_mark_interrupted,
    rejected_import_files_purge,
)
from kpi.services.units import one_stop_unit_set

__all__ = [
    "dossier_import_create",
    "dossier_import_execute",
    "dossier_import_from_path",
    "dossier_import_retry",
    "dossier_import_run",
    "dossier_imports_mark_interrupted",
    "indicators_recompute",
    "one_stop_unit_set",
    "rejected_import_files_purge",
]

from kpi.services.monthly import (  # noqa: E402
    monthly_field_changed,
    monthly_report_lock,
    monthly_report_submit,
    monthly_report_unlock,
    monthly_values_save,
)

__all__ += [
    "monthly_field_changed",
    "monthly_report_lock",
    "monthly_report_submit",
    "monthly_report_unlock",
    "monthly_values_save",
]

from kpi.services.ratings import citizen_rating_submit, rating_ticket_issue  # noqa: E402

__all__ += ["citizen_rating_submit", "rating_ticket_issue"]
