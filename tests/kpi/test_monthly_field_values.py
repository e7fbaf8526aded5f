"""kpi's side of the plan's monthly fields: the monthly form, values stored against a field, the recompute
after a field changes (kpi's hook), the dashboard and the export.

The rules of the fields themselves (keys, reasons, amendments, deletion guards) live with their code in
campaigns (``campaigns/monthly_fields.py``) and are tested once, in tests/campaigns/test_monthly_fields.py;
the page's handling of them (and of a field with entered values) in tests/campaigns/test_views_monthly_fields.py.
"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from campaigns.models import MonthlyField
from campaigns.monthly_fields import monthly_field_create, monthly_field_delete, monthly_field_update
from kpi.forms import MonthlyFiguresForm
from kpi.indicators import FORM_06A_KEYS
from kpi.models import IndicatorValue, MonthlyValue
from kpi.selectors.monthly import monthly_report_detail
from kpi.services import indicators_recompute, monthly_values_save
from tanbinh_portal.optimistic import UNCHECKED


@pytest.fixture
def custom_field(campaign, officer) -> MonthlyField:
    """A field added to the launched 2022 plan: citizen-reception sessions, campaign value = last month."""
    return monthly_field_create(
        actor=officer,
        campaign=campaign,
        data={
            "key": "tiep_dan",
            "criterion": campaign.criteria.get(order=5),
            "label": "Buổi tiếp công dân",
            "unit": "buổi",
            "help_text": "Số buổi trong tháng.",
            "order": 1,
            "aggregation": "last",
        },
    )


def test_the_form_builds_one_input_per_active_field_grouped_by_criterion(campaign, custom_field, officer):
    surveys = campaign.monthly_fields.get(key="surveys")
    monthly_field_update(
        actor=officer,
        field=surveys,
        data={"is_active": False},
        reason="Huyện đã khảo sát thay",
        expected_version=UNCHECKED,
    )
    form = MonthlyFiguresForm(monthly_fields=monthly_report_detail(campaign, "2022-03")["monthly_fields"])
    groups = [(criterion.order, [f.name for f in fields]) for criterion, fields in form.groups()]
    assert groups == [
        (5, ["tiep_dan"]),
        (7, ["promotion_sessions"]),
        (8, ["e_documents", "digital_signatures"]),
        (9, ["camera_days"]),
    ]
    assert form.fields["tiep_dan"].label == "Buổi tiếp công dân (buổi)"
    assert form.fields["tiep_dan"].help_text == "Số buổi trong tháng."
    assert [f.name for f in form.form_06a_fields()] == FORM_06A_KEYS


@pytest.mark.parametrize(("raw", "message"), [("-1", "không được âm"), ("1,5", "số nguyên"), ("9" * 20, "quá lớn")])
def test_the_form_refuses_bad_figures_in_vietnamese(campaign, raw, message):
    form = MonthlyFiguresForm({"e_documents": raw}, monthly_fields=list(campaign.monthly_fields.all()))
    assert not form.is_valid()
    assert message in form.errors["e_documents"][0]


def test_saving_stores_the_value_against_its_field(campaign, officer, custom_field):
    monthly_values_save(
        actor=officer,
        campaign=campaign,
        month="2022-03",
        values={"tiep_dan": 4, "b06a_3": None},
        expected_version=UNCHECKED,
    )
    value = MonthlyValue.objects.get(key="tiep_dan")
    assert value.field == custom_field and value.value == 4


def test_values_for_a_deactivated_or_unknown_field_are_refused(campaign, officer, custom_field):
    monthly_field_update(
        actor=officer, field=custom_field, data={"is_active": False}, reason="Thôi theo dõi", expected_version=UNCHECKED
    )
    for key in ("tiep_dan", "khong_co"):
        with pytest.raises(ValidationError, match="không thu thập"):
            monthly_values_save(
                actor=officer, campaign=campaign, month="2022-03", values={key: 1}, expected_version=UNCHECKED
            )


def test_saving_only_some_figures_keeps_the_others(campaign, officer):
    monthly_values_save(
        actor=officer,
        campaign=campaign,
        month="2022-03",
        values={"e_documents": 5, "surveys": 1},
        expected_version=UNCHECKED,
    )
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"surveys": 2}, expected_version=UNCHECKED
    )
    assert dict(MonthlyValue.objects.values_list("key", "value")) == {"e_documents": 5, "surveys": 2}


def test_compute_uses_the_fields_aggregation_for_the_campaign_value(campaign, officer, custom_field):
    for month, number in (("2022-02", 3), ("2022-04", 5), ("2022-05", 2)):
        monthly_values_save(
            actor=officer,
            campaign=campaign,
            month=month,
            values={"tiep_dan": number, "e_documents": number},
            expected_version=UNCHECKED,
        )
    indicators_recompute(campaign=campaign)

    def stored(key, period):
        return IndicatorValue.objects.get(campaign=campaign, indicator=key, period=period, scope="commune").numerator

    assert stored("tiep_dan", "2022-04") == 5
    assert stored("tiep_dan", "2022-03") is None
    assert stored("tiep_dan", "campaign") == 2  # last month with a value
    assert stored("e_documents", "campaign") == 10  # sum of the months
    assert indicators_recompute(campaign=campaign) == {"created": 0, "updated": 0, "deleted": 0}


def test_changing_the_aggregation_recomputes_the_campaign_value(
    campaign, officer, custom_field, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_save(
            actor=officer, campaign=campaign, month="2022-02", values={"tiep_dan": 3}, expected_version=UNCHECKED
        )
        monthly_values_save(
            actor=officer, campaign=campaign, month="2022-04", values={"tiep_dan": 5}, expected_version=UNCHECKED
        )
    with django_capture_on_commit_callbacks(execute=True):
        monthly_field_update(
            actor=officer,
            field=custom_field,
            data={"aggregation": "sum"},
            reason="Cộng dồn cả năm",
            expected_version=UNCHECKED,
        )
    row = IndicatorValue.objects.get(campaign=campaign, indicator="tiep_dan", period="campaign", scope="commune")
    assert row.numerator == 8


def test_an_unused_field_is_deleted_and_its_stored_rows_go_at_the_recompute(
    campaign, officer, custom_field, django_capture_on_commit_callbacks
):
    indicators_recompute(campaign=campaign)
    assert IndicatorValue.objects.filter(indicator="tiep_dan").exists()
    with django_capture_on_commit_callbacks(execute=True):
        monthly_field_delete(actor=officer, field=custom_field, reason="Thêm nhầm")
    assert not MonthlyField.objects.filter(key="tiep_dan").exists()
    assert not IndicatorValue.objects.filter(indicator="tiep_dan").exists()


def test_the_dashboard_and_its_export_show_a_custom_field_with_its_label(campaign, officer, custom_field, client_as):
    from django.urls import reverse

    from tests.xlsx import read_table

    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"tiep_dan": 4321}, expected_version=UNCHECKED
    )
    indicators_recompute(campaign=campaign)
    client = client_as("chutich")
    html = client.get(reverse("kpi:dashboard", args=[campaign.slug])).content.decode()
    assert "Buổi tiếp công dân" in html and "4.321" in html
    content = client.get(reverse("kpi:dashboard-export", args=[campaign.slug])).content
    labels = [row[0] for row in read_table(content, "Chỉ số theo tháng").rows]
    assert "Buổi tiếp công dân" in labels


def test_a_target_on_a_custom_field_gets_a_traffic_light(campaign, officer, custom_field):
    from campaigns import services
    from kpi.dashboard import dashboard_data

    criterion = custom_field.criterion
    services.criterion_save(
        actor=officer,
        campaign=campaign,
        criterion=criterion,
        data={
            "order": criterion.order,
            "text": criterion.text,
            "kind": "measured",
            "targets": [{"indicator": "tiep_dan", "comparator": "gte", "target": 3, "unit_label": "buổi"}],
        },
        reason="Bổ sung chỉ tiêu tiếp dân",
    )
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"tiep_dan": 4}, expected_version=UNCHECKED
    )
    indicators_recompute(campaign=campaign)
    light = next(light for light in dashboard_data(campaign)["lights"] if light.target.indicator == "tiep_dan")
    assert light.colour == "green" and light.target.get_indicator_display() == "Buổi tiếp công dân"


def test_kpi_export_lists_the_campaign_fields_with_their_labels(campaign, officer, custom_field, capsysbinary):
    monthly_values_save(
        actor=officer,
        campaign=campaign,
        month="2022-03",
        values={"tiep_dan": 7, "e_documents": 2},
        expected_version=UNCHECKED,
    )
    indicators_recompute(campaign=campaign)
    call_command("kpi_export", "--campaign", campaign.slug, "--format", "json")
    rows = {(r["indicator"], r["period"]): r for r in json.loads(capsysbinary.readouterr().out.decode())}
    assert rows[("tiep_dan", "2022-03")]["value"] == 7
    assert rows[("tiep_dan", "2022-03")]["label"] == "Buổi tiếp công dân"
    assert rows[("tiep_dan", "2022-04")]["value"] is None
    assert rows[("e_documents", "campaign")]["label"] == "Văn bản điện tử gửi, nhận qua trục liên thông"
    assert {key for key, _ in rows} >= {"e_documents", "digital_signatures", "promotion_sessions", "camera_days"}


def test_values_stored_before_their_field_existed_are_attached_to_it(draft_campaign, officer, monkeypatch):
    import datetime as dt

    from campaigns import services
    from kpi.models import MonthlyReport
    from kpi.selectors import monthly as monthly_selectors

    monkeypatch.setattr(monthly_selectors, "local_today", lambda: dt.date(2023, 6, 1))
    report = MonthlyReport.objects.create(campaign=draft_campaign, month="2023-03")
    orphan = MonthlyValue.objects.create(report=report, key="tiep_dan", value=3)  # as migrated, no field
    criterion = services.criterion_save(
        actor=officer,
        campaign=draft_campaign,
        data={"order": 1, "text": "Tiếp công dân", "kind": "assessed", "targets": []},
    )
    field = monthly_field_create(
        actor=officer,
        campaign=draft_campaign,
        data={"key": "tiep_dan", "criterion": criterion, "label": "Buổi tiếp công dân"},
    )
    orphan.refresh_from_db()
    assert orphan.field == field
    with pytest.raises(ValidationError, match="không xóa được"):
        monthly_field_delete(actor=officer, field=field)
