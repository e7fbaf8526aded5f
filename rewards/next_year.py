"""The rewards part of “Tạo kế hoạch năm sau từ kế hoạch này”: council membership, quotas with their
pass thresholds, and eligibility rules, registered into ``campaigns.next_year`` by ``RewardsConfig.ready()``.

Quotas and rules belong to an award form: each follows the form the copy resolved for the new dates
(``plan.award_forms``); a form with no successor (the district's Giấy khen after 01/07/2025) takes its
quota and rules with it, and the preview says so. Members whose account or staff record is no longer
active are left out.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from campaigns.models import Campaign, Person
from campaigns.next_year import Change, NextYearPlan
from rewards.models import AwardQuota, CouncilMember, EligibilityRule

NAME = "rewards"


def _member_active(member: CouncilMember, inactive_people: set[int]) -> bool:
    return member.user.is_active and member.user_id not in inactive_people


class RewardsCopier:
    name = NAME

    def preview(self, plan: NextYearPlan) -> None:
        source = plan.source
        inactive_people = set(
            Person.objects.filter(commune=source.commune, is_active=False, user__isnull=False).values_list(
                "user_id", flat=True
            )
        )
        members = []
        for member in CouncilMember.objects.filter(campaign=source).select_related("user").order_by("id"):
            if _member_active(member, inactive_people):
                members.append(
                    {
                        "user_id": member.user_id,
                        "full_name": member.full_name,
                        "position": member.position,
                        "role": member.role,
                    }
                )
            else:
                plan.not_copied.append(f"Thành viên Hội đồng {member.full_name} (tài khoản hoặc cán bộ đã nghỉ)")
        quotas, rules = [], []
        for quota in AwardQuota.objects.filter(campaign=source).select_related("award_form"):
            new = plan.award_forms.get(quota.award_form_id)
            if new is None:
                plan.rule_changes.append(
                    Change(
                        f"Chỉ tiêu khen thưởng “{quota.award_form.name}”",
                        f"{quota.quota}, đạt khi {quota.threshold_text}",
                        "(không sao chép)",
                        "Hình thức khen thưởng này không còn áp dụng cho kế hoạch mới (xem phần hình thức ở trên)",
                    )
                )
                continue
            quotas.append(
                {
                    "award_form_id": new.pk,
                    "quota": quota.quota,
                    "threshold_base": quota.threshold_base,
                    "percent": str(quota.threshold_percent),
                    "threshold_inclusive": quota.threshold_inclusive,
                }
            )
        dropped: dict[str, int] = {}
        for rule in EligibilityRule.objects.filter(campaign=source).select_related("award_form"):
            new = plan.award_forms.get(rule.award_form_id)
            if new is None:
                dropped[rule.award_form.name] = dropped.get(rule.award_form.name, 0) + 1
                continue
            rules.append(
                {
                    "award_form_id": new.pk,
                    "order": rule.order,
                    "kind": rule.kind,
                    "applies_to": rule.applies_to,
                    "evidence_code": rule.evidence_code,
                    "label": rule.label,
                    "comparator": rule.comparator,
                    "threshold": None if rule.threshold is None else str(rule.threshold),
                    "unit_label": rule.unit_label,
                }
            )
        for name, count in dropped.items():
            plan.rule_changes.append(
                Change(
                    f"Điều kiện khen thưởng “{name}”",
                    f"{count} điều kiện",
                    "(không sao chép)",
                    "Hình thức khen thưởng này không còn áp dụng cho kế hoạch mới (xem phần hình thức ở trên)",
                )
            )
        plan.extra[NAME] = {"council": members, "quotas": quotas, "rules": rules}

    def copy(self, plan: NextYearPlan, *, campaign: Campaign, actor: User) -> dict[str, int]:
        data = plan.extra[NAME]
        CouncilMember.objects.bulk_create(CouncilMember(campaign=campaign, **m) for m in data["council"])
        AwardQuota.objects.bulk_create(
            AwardQuota(
                campaign=campaign,
                award_form_id=q["award_form_id"],
                quota=q["quota"],
                threshold_base=q["threshold_base"],
                threshold_percent=q["percent"],
                threshold_inclusive=q["threshold_inclusive"],
            )
            for q in data["quotas"]
        )
        EligibilityRule.objects.bulk_create(EligibilityRule(campaign=campaign, **r) for r in data["rules"])
        return {
            "council_member_count": len(data["council"]),
            "quota_count": len(data["quotas"]),
            "rule_count": len(data["rules"]),
        }
