"""Forms for campaigns, one module per topic. They validate and normalise; services do the writing.

Every form is importable from ``campaigns.forms`` as before.
"""

from campaigns.forms.accounts import (
    AccountCreateForm,
    AccountEditForm,
    AccountPasswordResetForm,
    OptionalReasonForm,
    ReasonForm,
    RoleGrantForm,
)
from campaigns.forms.monthly_fields import MonthlyFieldForm
from campaigns.forms.organisation import OneStopContactForm, PersonForm, StaffImportForm, UnitForm
from campaigns.forms.plan import (
    REASON_HELP,
    AwardOptionsForm,
    CampaignCreateForm,
    CriterionForm,
    NextYearForm,
    PlanForm,
    StepForm,
)
from campaigns.forms.registration import DeadlineForm, RegistrationForm
from tanbinh_portal.date_inputs import DATE_ERRORS, DATE_WIDGET

__all__ = [
    "AccountCreateForm",
    "AccountEditForm",
    "AccountPasswordResetForm",
    "OptionalReasonForm",
    "ReasonForm",
    "RoleGrantForm",
    "AwardOptionsForm",
    "CampaignCreateForm",
    "CriterionForm",
    "DATE_ERRORS",
    "DATE_WIDGET",
    "DeadlineForm",
    "MonthlyFieldForm",
    "NextYearForm",
    "OneStopContactForm",
    "PersonForm",
    "PlanForm",
    "REASON_HELP",
    "RegistrationForm",
    "StaffImportForm",
    "StepForm",
    "UnitForm",
]
