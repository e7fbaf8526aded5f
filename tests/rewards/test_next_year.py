"""The rewards part of next year's plan: council, quotas with thresholds, eligibility rules."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User

from campaigns.next_year import campaign_copy_next_year, next_year_preview, registered_copiers
from rewards.models import AwardQuota, CouncilMember, EligibilityRule
from rewards.next_year import RewardsCopier


def copy(campaign, officer, year):
    plan = next_year_preview(source=campaign, year=year)
    return campaign_copy_next_year(actor=officer, source=campaign, year=year, fingerprint=plan.fingerprint)


def test_rewards_registers_its_copier_when_the_app_is_ready():
    assert any(isinstance(c, RewardsCopier) for c in registered_copiers())


def test_the_council_is_copied_member_by_member(configured, officer):
    new = copy(configured, officer, 2023)
    fields = ("user__username", "full_name", "position", "role")
    assert list(CouncilMember.objects.filter(campaign=new).values_list(*fields)) == list(
        CouncilMember.objects.filter(campaign=configured).values_list(*fields)
    )


def test_a_member_who_left_is_not_copied_and_the_preview_says_so(configured, officer):
    User.objects.filter(username="hd-btkanh").update(is_active=False)
    plan = next_year_preview(source=configured, year=2023)
    assert any("Bùi Thị Kim Anh" in item for item in plan.not_copied)
    new = copy(configured, officer, 2023)
    assert not CouncilMember.objects.filter(campaign=new, user__username="hd-btkanh").exists()
    assert CouncilMember.objects.filter(campaign=new).count() == 8


def test_quotas_and_thresholds_follow_the_award_forms_before_the_reform(configured, officer):
    AwardQuota.objects.filter(campaign=configured, award_form__code="giay-khen-chu-tich-xa-2017").update(
        threshold_percent=Decimal("66.67"), threshold_inclusive=True, threshold_base="present"
    )
    new = copy(configured, officer, 2024)
    rows = dict(AwardQuota.objects.filter(campaign=new).values_list("award_form__code", "quota"))
    assert rows == {
        "giay-khen-chu-tich-xa-2024": 4,
        "giay-khen-chu-tich-huyen-2024": 2,
        "bang-khen-chu-tich-tinh-2024": 1,
    }
    xa = AwardQuota.objects.get(campaign=new, award_form__code="giay-khen-chu-tich-xa-2024")
    assert (xa.threshold_percent, xa.threshold_inclusive, xa.threshold_base) == (Decimal("66.67"), True, "present")


def test_after_the_reform_the_districts_quota_and_rules_are_dropped_with_a_reason(configured, officer):
    plan = next_year_preview(source=configured, year=2026)
    parts = {c.part: c for c in plan.rule_changes}
    assert parts["Chỉ tiêu khen thưởng “Giấy khen của Chủ tịch UBND huyện”"].after == "(không sao chép)"
    assert "Điều kiện khen thưởng “Giấy khen của Chủ tịch UBND huyện”" in parts
    new = copy(configured, officer, 2026)
    assert set(AwardQuota.objects.filter(campaign=new).values_list("award_form__code", flat=True)) == {
        "giay-khen-chu-tich-xa-2025",
        "bang-khen-chu-tich-tinh-2025",
    }
    old_rules = EligibilityRule.objects.filter(campaign=configured).exclude(
        award_form__code="giay-khen-chu-tich-huyen-2017"
    )
    fields = ("order", "kind", "applies_to", "evidence_code", "label", "comparator", "threshold", "unit_label")
    assert sorted(EligibilityRule.objects.filter(campaign=new).values_list(*fields), key=str) == sorted(
        old_rules.values_list(*fields), key=str
    )
    assert not EligibilityRule.objects.filter(campaign=new, award_form__level="district").exists()


def test_the_source_councils_quotas_and_rules_stay(configured, officer):
    def state():
        return (
            list(CouncilMember.objects.filter(campaign=configured).values_list("user_id", "role")),
            list(AwardQuota.objects.filter(campaign=configured).values_list("award_form_id", "quota", "version")),
            list(EligibilityRule.objects.filter(campaign=configured).values_list("award_form_id", "kind")),
        )

    before = state()
    copy(configured, officer, 2026)
    assert state() == before
