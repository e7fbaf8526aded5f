"""Forms for rewards, one module per topic (as the services and views). They validate and normalise;
services do the writing. Every form is importable from ``rewards.forms`` as before.
"""

from rewards.forms.approval import ApproveForm, DecisionForm, OutcomeForm
from rewards.forms.config import MemberForm, QuotaForm, RuleForm
from rewards.forms.council import (
    ConvocationForm,
    CorrectionForm,
    CouncilEstablishForm,
    MeetingForm,
    MinutesForm,
    TallyForm,
    TellersForm,
    VoteForm,
)
from rewards.forms.evidence_files import EvidenceFileForm, EvidenceReplaceForm
from rewards.forms.nominations import NominationCreateForm, ProposeDateForm, ReasonForm, SectionsForm, SubmitDateForm
from rewards.forms.receiving import CommuneQuotaForm

__all__ = [
    "ApproveForm",
    "CommuneQuotaForm",
    "ConvocationForm",
    "CouncilEstablishForm",
    "CorrectionForm",
    "DecisionForm",
    "EvidenceFileForm",
    "EvidenceReplaceForm",
    "MeetingForm",
    "MemberForm",
    "MinutesForm",
    "NominationCreateForm",
    "OutcomeForm",
    "QuotaForm",
    "ReasonForm",
    "RuleForm",
    "SectionsForm",
    "ProposeDateForm",
    "SubmitDateForm",
    "TallyForm",
    "TellersForm",
    "VoteForm",
]
