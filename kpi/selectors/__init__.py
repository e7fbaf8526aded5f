"""Reads of the kpi app, one module per topic; all importable from here.

Stored indicator values as evidence (``evidence``), the imports (``imports``), the export rows
(``exports``), the monthly figures (``monthly``), and the year comparison's public reads.
"""

from kpi.selectors.comparison import (
    IndicatorComparison,
    IndicatorRow,
    RankRow,
    comparison_indicator,
    comparison_indicators,
    comparison_ranking,
    comparison_version,
    months_of,
)
from kpi.selectors.evidence import (
    PERSON_INDICATORS,
    SCOPE_LABELS,
    UNIT_INDICATORS,
    evidence_for_person,
    evidence_for_unit,
    officer_scope_keys,
    person_scopes,
    scope_series,
    unit_field_keys,
    unit_scopes,
)
from kpi.selectors.exports import export_rows
from kpi.selectors.imports import dossier_import_as_shown, latest_imports
from kpi.selectors.monthly import (
    month_problem,
    monthly_field_labels,
    monthly_field_usage,
    monthly_overview,
    monthly_report_detail,
)
from kpi.selectors.public_results import data_cutoff, public_campaign, public_results_data, rated_share_rows
from kpi.selectors.ratings import (
    desk_dossiers,
    desk_rating_totals,
    dossier_get_for,
    rating_comments,
    rating_ticket_of,
    ratings_overview,
)
from kpi.year_comparison import commune_campaigns, previous_campaign, previous_campaign_value, year_comparison

__all__ = [
    "IndicatorComparison",
    "IndicatorRow",
    "RankRow",
    "comparison_indicator",
    "comparison_indicators",
    "comparison_ranking",
    "comparison_version",
    "months_of",
    "PERSON_INDICATORS",
    "SCOPE_LABELS",
    "UNIT_INDICATORS",
    "commune_campaigns",
    "data_cutoff",
    "desk_dossiers",
    "desk_rating_totals",
    "dossier_get_for",
    "dossier_import_as_shown",
    "evidence_for_person",
    "evidence_for_unit",
    "export_rows",
    "latest_imports",
    "month_problem",
    "monthly_field_labels",
    "monthly_field_usage",
    "monthly_overview",
    "monthly_report_detail",
    "officer_scope_keys",
    "person_scopes",
    "previous_campaign",
    "public_campaign",
    "public_results_data",
    "rated_share_rows",
    "previous_campaign_value",
    "rating_comments",
    "rating_ticket_of",
    "ratings_overview",
    "scope_series",
    "unit_field_keys",
    "unit_scopes",
    "year_comparison",
]
