"""Reads of the round's set-up page: quotas and eligibility rules per award form offered."""

from __future__ import annotations

from campaigns.models import Campaign
from rewards.models import (
    AwardQuota,
    CouncilMember,
    EligibilityRule,
)


def round_config(campaign: Campaign) -> dict:
    quotas = {q.award_form_id: q for q in AwardQuota.objects.filter(campaign=campaign)}
    rules = list(EligibilityRule.objects.filter(campaign=campaign).select_related("award_form"))
    forms = []
    for option in campaign.award_options.select_related("award_form"):
        forms.append(
            {
                "award_form": option.award_form,
                "wording": option.wording,
                "quota": quotas.get(option.award_form_id),
                "rules": [r for r in rules if r.award_form_id == option.award_form_id],
            }
        )
    return {"forms": forms, "members": list(CouncilMember.objects.filter(campaign=campaign).select_related("user"))}
