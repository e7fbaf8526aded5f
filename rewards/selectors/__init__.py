"""Reads for rewards, one module per topic (as the services and views); all importable from here.

Nominations, the approval page, the round's set-up, the council and its minutes, the progress pages.
"""

from rewards.selectors.approval import FormGroup, approval_page
from rewards.selectors.config import round_config
from rewards.selectors.council import meeting_detail, meeting_minutes, not_voting_names
from rewards.selectors.nominations import (
    AWARDED_STATUSES,
    LIST_FIELDS,
    WOMEN_SHARE_PREFERRED,
    award_history,
    evidence_files_for,
    nomination_detail,
    nomination_eligibility,
    nominations_for,
    women_preference,
)
from rewards.selectors.progress import person_progress, progress_choices, unit_progress
from rewards.selectors.receiving import (
    APPROVED_STATUSES,
    CommuneQuotaUse,
    campaign_commune_quotas,
    commune_quota_refusal,
    commune_quotas,
)

__all__ = [
    "APPROVED_STATUSES",
    "AWARDED_STATUSES",
    "CommuneQuotaUse",
    "campaign_commune_quotas",
    "commune_quota_refusal",
    "commune_quotas",
    "FormGroup",
    "LIST_FIELDS",
    "WOMEN_SHARE_PREFERRED",
    "approval_page",
    "award_history",
    "evidence_files_for",
    "meeting_detail",
    "meeting_minutes",
    "nomination_detail",
    "nomination_eligibility",
    "nominations_for",
    "not_voting_names",
    "person_progress",
    "progress_choices",
    "round_config",
    "unit_progress",
    "women_preference",
]
