"""Rewards: quotas, eligibility rules, nominations with frozen evidence, council, approval, decisions."""

from rewards.models.attachments import EvidenceFile
from rewards.models.council import (
    COUNCIL_LIST_ORDER,
    BallotItem,
    BallotMethod,
    BallotParticipation,
    BallotTeller,
    CouncilConvocation,
    CouncilMeeting,
    CouncilMember,
    CouncilRole,
    EstablishedMember,
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
    "BallotTeller",
    "COUNCIL_LIST_ORDER",
    "Comparator",
    "CommuneQuota",
    "CouncilConvocation",
    "CouncilMeeting",
    "CouncilMember",
    "CouncilRole",
    "Decision",
    "EligibilityRule",
    "EstablishedMember",
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
