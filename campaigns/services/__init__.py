"""Writes for campaigns: organisation, the plan and its state machine, registration.

Every service validates, runs in one transaction, writes its audit row in it, and queues side
effects after commit. Errors are ``ServiceError`` with a Vietnamese message for the user.
"""

from campaigns.services.accounts import (
    account_create,
    account_deactivate,
    account_password_reset,
    account_reactivate,
    account_update,
)
from campaigns.services.merger import commune_carry_over, commune_merge
from campaigns.services.organisation import (
    commune_contact_set,
    commune_get_or_create,
    district_get_or_create,
    person_save,
    place_code,
    place_switch,
    province_get_or_create,
    require_another_admin,
    role_grant,
    role_withdraw,
    unit_rename,
    unit_save,
)
from campaigns.services.plan import (
    PLAN_FIELDS,
    campaign_create,
    campaign_set_award_forms,
    campaign_update,
    criterion_delete,
    criterion_save,
    step_save,
)
from campaigns.services.registration import (
    RemindResult,
    campaign_set_registration_deadline,
    registration_link,
    registration_remind,
    registration_submit,
)
from campaigns.services.state import campaign_close, campaign_launch, campaign_mark_summarised

__all__ = [
    "account_create",
    "account_deactivate",
    "account_password_reset",
    "account_reactivate",
    "account_update",
    "PLAN_FIELDS",
    "RemindResult",
    "campaign_close",
    "campaign_create",
    "campaign_launch",
    "campaign_mark_summarised",
    "campaign_set_award_forms",
    "campaign_set_registration_deadline",
    "campaign_update",
    "commune_carry_over",
    "commune_contact_set",
    "commune_get_or_create",
    "commune_merge",
    "criterion_delete",
    "district_get_or_create",
    "criterion_save",
    "person_save",
    "place_code",
    "place_switch",
    "province_get_or_create",
    "require_another_admin",
    "registration_link",
    "registration_remind",
    "registration_submit",
    "role_grant",
    "role_withdraw",
    "step_save",
    "unit_rename",
    "unit_save",
]
