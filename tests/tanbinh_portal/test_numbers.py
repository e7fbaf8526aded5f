"""Numbers as Vietnamese officers type them, in every number field of the portal."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns.forms import CriterionForm
from kpi.forms import MonthlyFiguresForm
from rewards.forms import QuotaForm, RuleForm, TallyForm
from tanbinh_portal.numbers import VietnameseDecimalField, VietnameseIntegerField, parse_number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1,3", Decimal("1.3")),
        ("1.3", Decimal("1.3")),
        ("95", Decimal("95")),
        ("66,67%", Decimal("66.67")),
        (" 1.250.000,5 ", Decimal("1250000.5")),
        ("1.250.000", Decimal("1250000")),
        ("1\u00a0250,5", Decimal("1250.5")),
        ("-2", Decimal("-2")),
    ],
)
def test_decimals_are_read_the_vietnamese_way(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize(("typed", "number"), [("1.250", 1250), ("1250", 1250), ("1.250.000", 1250000), ("12", 12)])
def test_whole_numbers_take_the_thousands_dot(typed, number):
    assert parse_number(typed, integer=True) == number


@pytest.mark.parametrize(
    ("typed", "integer", "code", "says"),
    [
        ("1.250", False, "ambiguous", "có thể là 1250 hoặc 1,25"),
        ("1,250", True, "ambiguous", "chỉ nhận số nguyên"),
        ("1,250.5", False, "invalid", "dấu phẩy cho phần thập phân"),
        ("1,2,3", False, "invalid", "chỉ dùng chữ số"),
        ("1.25.000", False, "invalid", "chỉ dùng chữ số"),
        ("abc", False, "invalid", "chỉ dùng chữ số"),
        ("1e5", False, "invalid", "chỉ dùng chữ số"),
        ("12.5", True, "invalid", "chỉ nhận số nguyên"),
    ],
)
def test_what_cannot_be_read_for_sure_is_refused_with_a_reason(typed, integer, code, says):
    with pytest.raises(ValidationError) as error:
        parse_number(typed, integer=integer)
    assert error.value.code == code and says in error.value.messages[0] and typed in error.value.messages[0]


def test_number_fields_are_text_inputs_so_the_browser_keeps_the_comma():
    html = str(CriterionForm(indicator_choices=[("on_time_rate", "Đúng hạn")])["target_1"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'type="number"' not in str(TallyForm()["agree"])


def test_a_stored_target_is_shown_back_with_a_decimal_comma():
    field = VietnameseDecimalField(decimal_places=2)
    assert field.prepare_value(Decimal("1.30")) == "1,3"
    assert field.prepare_value(Decimal("95.00")) == "95"


def test_the_plans_own_target_is_saved_as_one_point_three():
    form = CriterionForm(
        {"order": "1", "text": "Đúng hạn", "kind": "measured", "indicator_1": "on_time_rate", "comparator_1": "lt"}
        | {"target_1": "1,3"},
        indicator_choices=[("on_time_rate", "Đúng hạn")],
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["targets"][0]["target"] == Decimal("1.3")
    assert form.target_preview() == ["Đúng hạn < 1,3%"]


def test_monthly_figures_quotas_thresholds_and_paper_counts_read_vietnamese_numbers(db):
    monthly = MonthlyFiguresForm({"version": "0", "b06a_3": "1.250"})
    assert monthly.is_valid(), monthly.errors
    assert monthly.cleaned_data["b06a_3"] == 1250
    refused = MonthlyFiguresForm({"version": "0", "b06a_3": "1,5"})
    assert not refused.is_valid() and "chỉ nhận số nguyên" in refused.errors["b06a_3"][0]
    quota = QuotaForm({"quota": "3", "threshold_base": "all", "threshold_percent": "66,67", "version": "0"})
    quota.is_valid()
    assert quota.cleaned_data["threshold_percent"] == Decimal("66.67")
    rule = RuleForm({"threshold": "0,5"})
    rule.is_valid()
    assert rule.cleaned_data["threshold"] == Decimal("0.5")
    tally = TallyForm({"agree": "1.000", "disagree": "0", "invalid": "0"})
    assert tally.is_valid() and tally.cleaned_data["agree"] == 1000


def test_an_integer_field_returns_an_int():
    assert VietnameseIntegerField().clean("1.250") == 1250
    assert isinstance(VietnameseIntegerField().clean("7"), int)
