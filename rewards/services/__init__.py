"""Writes for rewards. Every state move checks the current state, audits and notifies the next actor."""

from rewards.services.approval import approval_approve, approval_return, approval_unapprove
from rewards.services.ballots import ballot_cast, ballot_correct, ballot_tally
from rewards.services.config import (
    council_decision_number,
    council_establish,
    council_member_remove,
    council_member_set,
    quota_set,
    rule_add,
    rule_delete,
)
from rewards.services.decisions import (
    decision_issue,
    nomination_propose,
    nomination_record_outcome,
    number_next,
)
from rewards.services.evidence_files import (
    evidence_file_add,
    evidence_file_delete,
    evidence_file_download,
    evidence_file_replace,
)
from rewards.services.meetings import (
    meeting_close,
    meeting_convene,
    meeting_create,
    meeting_minutes_record,
    meeting_tellers_elect,
)
from rewards.services.nominations import (
    nomination_accept,
    nomination_create,
    nomination_override,
    nomination_return,
    nomination_submit,
    nomination_update,
)
from rewards.services.receiving import commune_quota_set
from rewards.services.summary import (
    document_number_issue,
    summary_report_approve,
    summary_report_save,
    summary_report_submit,
)

__all__ = [
    "approval_approve",
    "approval_return",
    "approval_unapprove",
    "ballot_cast",
    "ballot_correct",
    "ballot_tally",
    "commune_quota_set",
    "council_member_remove",
    "council_member_set",
    "decision_issue",
    "document_number_issue",
    "evidence_file_add",
    "evidence_file_delete",
    "evidence_file_download",
    "evidence_file_replace",
    "council_decision_number",
    "council_establish",
    "meeting_close",
    "meeting_convene",
    "meeting_tellers_elect",
    "meeting_create",
    "meeting_minutes_record",
    "nomination_accept",
    "nomination_create",
    "nomination_override",
    "nomination_propose",
    "nomination_record_outcome",
    "nomination_return",
    "nomination_submit",
    "nomination_update",
    "number_next",
    "quota_set",
    "rule_add",
    "rule_delete",
    "summary_report_approve",
    "summary_report_save",
    "summary_report_submit",
]
