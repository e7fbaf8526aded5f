"""Reads of the chairman's approval page: the council's results by award form, with quota use."""

from __future__ import annotations

from dataclasses import dataclass, field

from campaigns.models import AwardForm, AwardLevel, Campaign
from rewards.models import (
    QUOTA_USING,
    ApprovalRound,
    AwardQuota,
    Decision,
    Nomination,
    NominationStatus,
)
from rewards.selectors.nominations import women_preference
from rewards.selectors.receiving import CommuneQuotaUse, campaign_commune_quotas


@dataclass
class FormGroup:
    award_form: AwardForm
    quota: AwardQuota | None
    nominations: list[Nomination] = field(default_factory=list)
    used: int = 0
    commune_quota: CommuneQuotaUse | None = None  # the receiving level's quota for the commune's year

    @property
    def quota_text(self) -> str:
        if self.quota is None:
            return "Chưa đặt chỉ tiêu"
        return f"Đã dùng {self.used}/{self.quota.quota} chỉ tiêu"


def approval_page(campaign: Campaign) -> dict:
    """The council's results grouped by award form, with quota use, for the chairman."""
    quotas = {q.award_form_id: q for q in AwardQuota.objects.filter(campaign=campaign)}
    groups: dict[int, FormGroup] = {}
    for option in campaign.award_options.select_related("award_form"):
        groups[option.award_form_id] = FormGroup(option.award_form, quotas.get(option.award_form_id))
    shown = (*QUOTA_USING, NominationStatus.REJECTED, NominationStatus.NOT_PASSED)
    issuable = 0
    for nomination in Nomination.objects.filter(campaign=campaign, status__in=shown).select_related(
        "award_form", "unit", "person", "decision"
    ):
        group = groups.setdefault(
            nomination.award_form_id, FormGroup(nomination.award_form, quotas.get(nomination.award_form_id))
        )
        nomination.preference = women_preference(nomination)
        group.nominations.append(nomination)
        if nomination.status == NominationStatus.APPROVED and nomination.award_form.level == AwardLevel.COMMUNE:
            issuable += 1
        if nomination.status in QUOTA_USING:
            group.used += 1
    by_year = campaign_commune_quotas(campaign)
    for form_id, group in groups.items():
        group.commune_quota = by_year.get(form_id)
    return {
        "groups": list(groups.values()),
        "round": ApprovalRound.objects.filter(campaign=campaign).first(),
        "decisions": list(Decision.objects.filter(campaign=campaign)),
        "passed_count": Nomination.objects.filter(campaign=campaign, status=NominationStatus.PASSED).count(),
        # Approved commune-level nominations still without a decision: the decision form is offered
        # only while there are some (after the decision, it would only answer "nothing to decide").
        "issuable_count": issuable,
    }
