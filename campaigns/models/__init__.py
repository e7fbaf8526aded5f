"""Models of campaigns: the organisation, award forms, the plan and its criteria, registration.

One module per topic; every model is importable from ``campaigns.models`` as before.
"""

from campaigns.models.awards import AwardForm, AwardLevel, AwardTarget
from campaigns.models.criteria import Aggregation, Criterion, CriterionKind, CriterionTarget, Indicator, MonthlyField
from campaigns.models.organisation import (
    Commune,
    District,
    Person,
    Province,
    RoleAssignment,
    Sex,
    Unit,
    UnitName,
    UnitType,
)
from campaigns.models.plan import (
    Amendment,
    Campaign,
    CampaignAwardForm,
    CampaignStatus,
    ImplementationStep,
    PlanRevision,
)
from campaigns.models.registration import Commitment, Registration
from tanbinh_portal.comparators import Comparator  # one enum for targets and rules (re-exported)

__all__ = [
    "Aggregation",
    "Amendment",
    "AwardForm",
    "AwardLevel",
    "AwardTarget",
    "Campaign",
    "CampaignAwardForm",
    "CampaignStatus",
    "Commitment",
    "Commune",
    "Comparator",
    "Criterion",
    "District",
    "CriterionKind",
    "CriterionTarget",
    "ImplementationStep",
    "Indicator",
    "MonthlyField",
    "Person",
    "PlanRevision",
    "Province",
    "Registration",
    "RoleAssignment",
    "Sex",
    "Unit",
    "UnitName",
    "UnitType",
]
