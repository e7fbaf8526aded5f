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
    AwardQuota,
    Comparator,
    EligibilityRule,
    EvidenceItem,
    Nomination,
    NominationStatus,
    Outcome,
    RuleKind,
    ThresholdBase,
)
from rewards.models.summary import IssuedNumber, SummaryReport, SummaryStatus

__all__ = [
    "ApprovalRound",
    "ApprovalStatus",
    "AwardQuota",
    "BallotItem",
    "BallotMethod",
    "BallotParticipation",
    "Comparator",
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
    "RuleKind",
    "SealedChoice",
    "SummaryReport",
    "SummaryStatus",
    "ThresholdBase",
]
