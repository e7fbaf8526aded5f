"""Monthly fields of the plan (campaigns.monthly_fields) and targets that name them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns import services
from campaigns.models import Amendment, CampaignStatus, Criterion, MonthlyField
from campaigns.monthly_fields import monthly_field_create, monthly_field_delete, monthly_field_update
from campaigns.reference_data import MONTHLY_FIELDS_2022
from campaigns.selectors import monthly_fields_of, target_indicator_choices
from tanbinh_portal.indicator_catalogue import FORM_06A_KEYS, LOG_INDICATOR_KEYS
from tanbinh_portal.models import AuditEvent
from tanbinh_portal.optimistic import UNCHECKED


def _criterion(campaign, actor, order=1) -> Criterion:
    return services.criterion_save(
        actor=actor,
        campaign=campaign,
        criterion=campaign.criteria.filter(order=order).first(),
        data={"order": order, "text": f"Nội dung {order}", "kind": "assessed", "targets": []},
    )


@pytest.fixture
def draft_criterion(draft_campaign, officer):
    return _criterion(draft_campaign, officer)


def _add(campaign, criterion, actor, key="so_buoi_tiep_dan", **extra):
    data = {"key": key, "criterion": criterion, "label": "Số buổi tiếp dân", "unit": "buổi", **extra}
    return monthly_field_create(actor=actor, campaign=campaign, data=data)


def test_the_demo_plan_defines_the_five_historic_fields_on_their_criteria(campaign):
    fields = {f.key: f.criterion.order for f in monthly_fields_of(campaign)}
    assert fields == {key: order for key, order, *_ in MONTHLY_FIELDS_2022}
    assert all(f.aggregation == "sum" and f.is_active for f in campaign.monthly_fields.all())


def test_officer_adds_a_field_to_a_draft_plan_with_an_audit_row(draft_campaign, draft_criterion, officer):
    field = _add(draft_campaign, draft_criterion, officer, key=" So_Buoi_Tiep_Dan ")
    assert field.key == "so_buoi_tiep_dan" and field.campaign == draft_campaign
    event = AuditEvent.objects.get(action="monthly_field.create", object_id=str(field.pk))
    assert event.changes["key"] == [None, "so_buoi_tiep_dan"]
    assert not Amendment.objects.filter(campaign=draft_campaign).exists()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("Số buổi", "chữ thường không dấu"),
        ("1abc", "bắt đầu bằng chữ"),
        ("x", "2–40 ký tự"),
        ("received", "đã dùng cho một chỉ số"),
        ("on_time_rate", "đã dùng cho một chỉ số"),
        ("b06a_3", "đã dùng cho một chỉ số"),
    ],
)
def test_bad_or_reserved_keys_are_refused(draft_campaign, draft_criterion, officer, key, message):
    with pytest.raises(ValidationError, match=message):
        _add(draft_campaign, draft_criterion, officer, key=key)


def test_no_key_of_the_indicator_catalogue_can_become_a_monthly_field(draft_campaign, draft_criterion, officer):
    """Every log indicator and every hand-entered 06a column: a field under its key would overwrite it."""
    for key in [*sorted(LOG_INDICATOR_KEYS), *FORM_06A_KEYS]:
        with pytest.raises(ValidationError) as error:
            _add(draft_campaign, draft_criterion, officer, key=key)
        assert error.value.code == "reserved_key", key
    assert not MonthlyField.objects.filter(campaign=draft_campaign).exists()


def test_a_key_is_unique_within_a_campaign_but_not_across_campaigns(campaign, draft_campaign, draft_criterion, officer):
    _add(draft_campaign, draft_criterion, officer, key="e_documents")  # the 2022 campaign has one too
    with pytest.raises(ValidationError, match="đã có số liệu tháng mã"):
        _add(draft_campaign, draft_criterion, officer, key="e_documents")
    assert MonthlyField.objects.filter(key="e_documents").count() == 2


def test_the_database_refuses_a_duplicate_key_in_one_campaign(draft_campaign, draft_criterion, officer):
    _add(draft_campaign, draft_criterion, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyField.objects.create(
            campaign=draft_campaign, criterion=draft_criterion, key="so_buoi_tiep_dan", label="Trùng"
        )


def test_a_field_must_belong_to_a_criterion_of_its_campaign(campaign, draft_campaign, officer):
    other = campaign.criteria.get(order=3)
    with pytest.raises(ValidationError, match="nội dung thi đua của phong trào này"):
        _add(draft_campaign, other, officer)


def test_an_empty_label_is_refused(draft_campaign, draft_criterion, officer):
    with pytest.raises(ValidationError, match="tên số liệu"):
        _add(draft_campaign, draft_criterion, officer, label="  ")


def test_relabelling_a_draft_field_needs_no_reason(draft_campaign, draft_criterion, officer):
    field = _add(draft_campaign, draft_criterion, officer)
    field = monthly_field_update(
        actor=officer, field=field, data={"label": "Buổi tiếp công dân"}, expected_version=UNCHECKED
    )
    assert field.label == "Buổi tiếp công dân" and field.version == 2


@pytest.mark.parametrize(
    ("key", "change", "before"),
    [
        ("camera_days", {"aggregation": "last"}, "sum"),
        ("surveys", {"label": "Cuộc khảo sát ý kiến người dân"}, "Cuộc khảo sát sự hài lòng đã thực hiện"),
    ],
)
def test_changing_meaning_after_launch_needs_a_reason_and_is_an_amendment(campaign, officer, key, change, before):
    field = campaign.monthly_fields.get(key=key)
    with pytest.raises(ValidationError, match="phải ghi rõ lý do"):
        monthly_field_update(actor=officer, field=field, data=change, expected_version=UNCHECKED)
    field = monthly_field_update(
        actor=officer,
        field=field,
        data=change,
        reason="Theo hướng dẫn của huyện",
        expected_version=UNCHECKED,
    )
    [(name, value)] = change.items()
    assert getattr(field, name) == value
    amendment = Amendment.objects.filter(campaign=campaign).first()
    assert amendment.reason == "Theo hướng dẫn của huyện" and amendment.changes[name] == [before, value]
    assert AuditEvent.objects.filter(action="monthly_field.update", reason="Theo hướng dẫn của huyện").exists()


def test_help_text_and_order_change_after_launch_without_a_reason(campaign, officer):
    field = campaign.monthly_fields.get(key="surveys")
    monthly_field_update(
        actor=officer,
        field=field,
        data={"help_text": "Đếm cả khảo sát trực tuyến.", "order": 2},
        expected_version=UNCHECKED,
    )
    assert not Amendment.objects.filter(campaign=campaign).exists()
    assert AuditEvent.objects.filter(action="monthly_field.update").count() == 1


def test_a_stale_copy_of_a_field_is_refused(campaign, officer):
    field = campaign.monthly_fields.get(key="surveys")
    with pytest.raises(ValidationError, match="tải lại trang"):
        monthly_field_update(actor=officer, field=field, data={"order": 3}, expected_version=field.version + 1)


def test_a_field_used_by_a_target_cannot_be_deactivated_or_deleted(campaign, officer):
    field = campaign.monthly_fields.get(key="e_documents")
    with pytest.raises(ValidationError, match="bỏ chỉ tiêu đó trước"):
        monthly_field_update(
            actor=officer,
            field=field,
            data={"is_active": False},
            reason="Không theo dõi nữa",
            expected_version=UNCHECKED,
        )
    with pytest.raises(ValidationError, match="bỏ chỉ tiêu đó trước"):
        monthly_field_delete(actor=officer, field=field, reason="Không theo dõi nữa")


def test_a_field_with_entered_values_cannot_be_deleted(campaign, officer):
    """Entered values (kpi) hold their field (on_delete=RESTRICT): the delete says why and keeps it."""
    from kpi.services import monthly_values_save

    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"camera_days": 20}, expected_version=UNCHECKED
    )
    field = campaign.monthly_fields.get(key="camera_days")
    with pytest.raises(ValidationError, match="không xóa được") as error:
        monthly_field_delete(actor=officer, field=field, reason="Không cần nữa")
    assert error.value.code == "has_values"
    assert MonthlyField.objects.filter(pk=field.pk).exists()
    assert not AuditEvent.objects.filter(action="monthly_field.delete").exists()


def test_an_unused_field_is_deleted_with_an_audit_row(draft_campaign, draft_criterion, officer):
    field = _add(draft_campaign, draft_criterion, officer)
    monthly_field_delete(actor=officer, field=field)
    assert not MonthlyField.objects.filter(pk=field.pk).exists()
    assert AuditEvent.objects.filter(action="monthly_field.delete", object_id=str(field.pk)).exists()


def test_fields_of_a_closed_campaign_cannot_change(campaign, officer, chairman):
    services.campaign_close(actor=chairman, campaign=campaign)
    field = campaign.monthly_fields.get(key="surveys")
    with pytest.raises(ValidationError, match="đã kết thúc"):
        monthly_field_update(
            actor=officer, field=field, data={"label": "Khảo sát"}, reason="Sửa tên", expected_version=UNCHECKED
        )
    with pytest.raises(ValidationError, match="đã kết thúc"):
        _add(campaign, field.criterion, officer)


def test_a_target_may_name_an_active_monthly_field_of_its_campaign(draft_campaign, draft_criterion, officer):
    _add(draft_campaign, draft_criterion, officer)
    assert ("so_buoi_tiep_dan", "Số buổi tiếp dân (số liệu tháng)") in target_indicator_choices(draft_campaign)
    criterion = services.criterion_save(
        actor=officer,
        campaign=draft_campaign,
        criterion=draft_criterion,
        data={
            "order": 1,
            "text": "Nội dung 1",
            "kind": "measured",
            "targets": [{"indicator": "so_buoi_tiep_dan", "comparator": "increase", "unit_label": "buổi"}],
        },
    )
    target = criterion.targets.get()
    assert target.get_indicator_display() == "Số buổi tiếp dân"


@pytest.mark.parametrize("key", ["khong_co", "e_documents"])
def test_a_target_on_an_unknown_or_other_campaigns_key_is_refused(draft_campaign, draft_criterion, officer, key):
    # e_documents is a field of the 2022 campaign only: the 2023 draft has no monthly field yet.
    with pytest.raises(ValidationError, match="không có trong phong trào"):
        services.criterion_save(
            actor=officer,
            campaign=draft_campaign,
            criterion=draft_criterion,
            data={
                "order": 1,
                "text": "Nội dung 1",
                "kind": "measured",
                "targets": [{"indicator": key, "comparator": "increase"}],
            },
        )


def test_a_target_on_an_inactive_field_is_refused(draft_campaign, draft_criterion, officer):
    field = _add(draft_campaign, draft_criterion, officer)
    monthly_field_update(actor=officer, field=field, data={"is_active": False}, expected_version=UNCHECKED)
    with pytest.raises(ValidationError, match="không có trong phong trào"):
        services.criterion_save(
            actor=officer,
            campaign=draft_campaign,
            criterion=draft_criterion,
            data={
                "order": 1,
                "text": "Nội dung 1",
                "kind": "measured",
                "targets": [{"indicator": field.key, "comparator": "increase"}],
            },
        )


def test_a_criterion_with_monthly_fields_cannot_be_deleted(draft_campaign, draft_criterion, officer):
    _add(draft_campaign, draft_criterion, officer)
    with pytest.raises(ValidationError, match="có số liệu tháng"):
        services.criterion_delete(actor=officer, criterion=draft_criterion)
    assert Criterion.objects.filter(pk=draft_criterion.pk).exists()


def test_the_plan_page_shows_target_labels_of_monthly_fields(campaign, client_as):
    from django.urls import reverse

    html = client_as("canbo").get(reverse("campaigns:campaign-detail", args=[campaign.slug])).content.decode()
    assert "Văn bản điện tử gửi, nhận qua trục liên thông: Nâng cao so với cùng kỳ năm trước" in html
    assert "Số liệu tháng: Số ngày hệ thống camera Bộ phận Một cửa hoạt động" in html
    assert campaign.status == CampaignStatus.LAUNCHED


def test_the_app_storing_the_values_is_told_of_each_saved_change(draft_campaign, draft_criterion, officer, monkeypatch):
    from campaigns import monthly_field_hooks

    seen = []
    monkeypatch.setattr(monthly_field_hooks, "_listeners", [lambda *, field, change: seen.append((field.key, change))])
    field = _add(draft_campaign, draft_criterion, officer)
    monthly_field_update(actor=officer, field=field, data={"label": "Số buổi"}, expected_version=UNCHECKED)
    monthly_field_update(actor=officer, field=field, data={"label": "Số buổi"}, expected_version=UNCHECKED)  # no change
    monthly_field_delete(actor=officer, field=field)
    assert seen == [("so_buoi_tiep_dan", "create"), ("so_buoi_tiep_dan", "update"), ("so_buoi_tiep_dan", "delete")]


def test_a_field_with_value_rows_reported_by_kpi_is_not_offered_for_deletion(campaign, officer, monkeypatch):
    from campaigns import monthly_field_hooks
    from campaigns.monthly_field_hooks import FieldUsage
    from campaigns.selectors import monthly_fields_overview

    surveys = campaign.monthly_fields.get(key="surveys")
    monkeypatch.setattr(monthly_field_hooks, "_usage_readers", [lambda c: {surveys.pk: FieldUsage(3, 2)}])
    rows = {row["field"].key: row for row in monthly_fields_overview(campaign)}
    assert (rows["surveys"]["months_entered"], rows["surveys"]["deletable"]) == (2, False)
    assert (rows["e_documents"]["months_entered"], rows["e_documents"]["deletable"]) == (0, True)
