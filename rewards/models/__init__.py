"""Rewards: quotas, eligibility rules, nominations with frozen evidence, council, approval, decisions."""

from rewards.models.attachments import EvidenceFile
from rewards.models.council import (
    BallotItem,
    BallotMethod,
    BallotParticipation,
    CouncilConvocation,
    CouncilMeeting,
    CouncilMember,
    CouncilRole,
    MeetingAttendance,
    MeetingStatus,
    SealedChoice,
)
from rewards.models.decisions import ApprovalRound, ApprovalStatus, Decision, Issuer, NumberSeries
from rewards.models.nominations import (
    QUOTA_USING,
    AwardQuota,
    EligibilityRule,
    EvidenceItem,
    Nomination,
    NominationStatus,
    Outcome,
    RuleKind,
    ThresholdBase,
)
from rewards.models.receiving import CommuneQuota
from rewards.models.summary import IssuedNumber, SummaryReport, SummaryStatus
from tanbinh_portal.comparators import Comparator  # one enum for targets and rules (re-exported)

__all__ = [
    "ApprovalRound",
    "ApprovalStatus",
    "AwardQuota",
    "BallotItem",
    "BallotMethod",
    "BallotParticipation",
    "Comparator",
    "CommuneQuota",
    "CouncilConvocation",
    "CouncilMeeting",
    "CouncilMember",
    "CouncilRole",
    "Decision",
    "EligibilityRule",
    "EvidenceFile",
    "EvidenceItem",
    "IssuedNumber",
    "Issuer",
    "MeetingAttendance",
    "MeetingStatus",
    "Nomination",
    "NominationStatus",
    "NumberSeries",
    "Outcome",
    "QUOTA_USING",
    "RuleKind",
    "SealedChoice",
    "SummaryReport",
    "SummaryStatus",
    "ThresholdBase",
]
