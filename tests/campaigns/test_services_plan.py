import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import Amendment, AwardForm, CampaignStatus, Criterion, CriterionTarget
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED


def _complete(campaign, officer):
    services.campaign_update(
        actor=officer,
        campaign=campaign,
        data={"document_number": "01/KH-UBND", "document_date": dt.date(2023, 1, 3)},
        expected_version=UNCHECKED,
    )
    services.criterion_save(
        actor=officer,
        campaign=campaign,
        data={
            "order": 1,
            "text": "Tỷ lệ hồ sơ đúng hạn",
            "kind": "measured",
            "targets": [{"indicator": "on_time_rate", "comparator": "gte", "target": Decimal("95"), "unit_label": "%"}],
        },
    )
    services.campaign_set_award_forms(
        actor=officer,
        campaign=campaign,
        options=[(AwardForm.objects.get(code="giay-khen-chu-tich-xa-2017"), "Giấy khen của UBND xã")],
    )


def test_demo_campaign_holds_the_ten_contents_in_order_with_their_targets(campaign):
    criteria = list(campaign.criteria.prefetch_related("targets"))
    assert [c.order for c in criteria] == list(range(1, 11))
    second = criteria[1]
    assert {(t.indicator, t.comparator, t.target) for t in second.targets.all()} == {
        ("on_time_rate", "gte", Decimal("95.00")),
        ("dissatisfaction_rate", "lt", Decimal("1.30")),
    }
    assert criteria[0].kind == "assessed" and not criteria[0].targets.exists()
    assert {t.indicator for t in CriterionTarget.objects.filter(criterion__campaign=campaign)} >= {
        "four_on_spot_rate",
        "online_rate",
        "postal_rate",
        "e_documents",
        "digital_signatures",
    }


def test_officer_cannot_launch_an_incomplete_plan(draft_campaign, chairman):
    with pytest.raises(ValidationError) as error:
        services.campaign_launch(actor=chairman, campaign=draft_campaign)
    assert "chưa có nội dung thi đua" in error.value.messages[0]
    draft_campaign.refresh_from_db()
    assert draft_campaign.status == CampaignStatus.DRAFT


def test_plan_moves_draft_launched_closed_summarised_with_audit(draft_campaign, officer, chairman):
    _complete(draft_campaign, officer)
    campaign = services.campaign_launch(actor=chairman, campaign=draft_campaign)
    assert campaign.status == CampaignStatus.LAUNCHED and campaign.launched_by == chairman
    campaign = services.campaign_close(actor=chairman, campaign=campaign)
    campaign = services.campaign_mark_summarised(actor=chairman, campaign=campaign)
    assert campaign.status == CampaignStatus.SUMMARISED
    actions = list(
        AuditEvent.objects.filter(object_id=str(campaign.pk), object_type="campaigns.Campaign").values_list(
            "action", flat=True
        )
    )
    assert {"campaign.launch", "campaign.close", "campaign.summarise"} <= set(actions)


@pytest.mark.parametrize("service", [services.campaign_close, services.campaign_mark_summarised])
def test_illegal_moves_from_draft_are_refused(draft_campaign, chairman, service):
    with pytest.raises(ValidationError) as error:
        service(actor=chairman, campaign=draft_campaign)
    assert error.value.code == "illegal_transition"


def test_a_launched_plan_cannot_be_launched_again(campaign, chairman):
    with pytest.raises(ValidationError):
        services.campaign_launch(actor=chairman, campaign=campaign)


def test_a_launched_plan_changes_only_through_an_amendment_with_a_reason(campaign, officer):
    with pytest.raises(ValidationError) as error:
        services.campaign_update(
            actor=officer, campaign=campaign, data={"slogan": "Khẩu hiệu mới"}, expected_version=UNCHECKED
        )
    assert error.value.code == "reason_required"
    services.campaign_update(
        actor=officer,
        campaign=campaign,
        data={"slogan": "Khẩu hiệu mới"},
        reason="Theo chỉ đạo của huyện",
        expected_version=UNCHECKED,
    )
    amendment = Amendment.objects.get(campaign=campaign)
    assert amendment.reason == "Theo chỉ đạo của huyện"
    assert amendment.changes["slogan"] == ["Toàn xã chung tay thực hiện cải cách hành chính", "Khẩu hiệu mới"]


def test_criteria_of_a_launched_plan_need_a_reason_too(campaign, officer):
    criterion = campaign.criteria.get(order=3)
    with pytest.raises(ValidationError):
        services.criterion_save(
            actor=officer,
            campaign=campaign,
            criterion=criterion,
            data={"order": 3, "text": "Sửa", "kind": "assessed", "targets": []},
        )
    services.criterion_save(
        actor=officer,
        campaign=campaign,
        criterion=criterion,
        data={"order": 3, "text": "Sửa", "kind": "assessed", "targets": []},
        reason="Đính chính",
    )
    assert Criterion.objects.get(pk=criterion.pk).text == "Sửa"


def test_a_closed_plan_cannot_be_amended(campaign, officer, chairman):
    services.campaign_close(actor=chairman, campaign=campaign)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(
            actor=officer, campaign=campaign, data={"slogan": "X"}, reason="muộn", expected_version=UNCHECKED
        )
    assert error.value.code == "not_editable"


def test_saving_unchanged_plan_writes_nothing(campaign, officer):
    before = AuditEvent.objects.count()
    services.campaign_update(
        actor=officer, campaign=campaign, data={"slogan": campaign.slogan}, expected_version=UNCHECKED
    )
    assert AuditEvent.objects.count() == before


def test_stale_copy_of_the_plan_is_refused(draft_campaign, officer):
    services.campaign_update(actor=officer, campaign=draft_campaign, data={"slogan": "A"}, expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(actor=officer, campaign=draft_campaign, data={"slogan": "B"}, expected_version=1)
    assert error.value.code == "stale"


def test_period_end_before_start_is_refused(draft_campaign, officer):
    with pytest.raises(ValidationError):
        services.campaign_update(
            actor=officer, campaign=draft_campaign, data={"end_date": dt.date(2022, 12, 1)}, expected_version=UNCHECKED
        )


def test_measured_criterion_needs_a_target_value_unless_it_asks_for_an_increase(draft_campaign, officer):
    base = {"order": 1, "text": "X", "kind": "measured"}
    with pytest.raises(ValidationError):
        services.criterion_save(actor=officer, campaign=draft_campaign, data={**base, "targets": []})
    with pytest.raises(ValidationError):
        services.criterion_save(
            actor=officer,
            campaign=draft_campaign,
            data={**base, "targets": [{"indicator": "on_time_rate", "comparator": "gte", "target": None}]},
        )
    criterion = services.criterion_save(
        actor=officer,
        campaign=draft_campaign,
        data={**base, "targets": [{"indicator": "online_rate", "comparator": "increase", "target": Decimal("5")}]},
    )
    assert criterion.targets.get().target is None


def test_award_forms_must_be_valid_on_the_campaign_start(draft_campaign, officer):
    after_reform = AwardForm.objects.get(code="giay-khen-chu-tich-xa-2025")
    with pytest.raises(ValidationError) as error:
        services.campaign_set_award_forms(actor=officer, campaign=draft_campaign, options=[(after_reform, "X")])
    assert error.value.code == "award_form_invalid"


def test_the_2022_campaign_keeps_the_district_award_after_the_2025_reform(campaign):
    district = campaign.award_options.get(order=2).award_form
    assert district.level == "district"
    assert district.is_valid_on(dt.date(2022, 6, 1))
    assert not district.is_valid_on(dt.date(2025, 7, 1))
    assert not AwardForm.objects.filter(level="district", valid_to__isnull=True).exists()
