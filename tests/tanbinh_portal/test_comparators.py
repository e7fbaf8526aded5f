"""One comparator enum: the codes stored by targets and rules, their subsets, and the comparison."""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaigns.models import CriterionTarget
from rewards.forms import RuleForm
from rewards.models import EligibilityRule
from tanbinh_portal.comparators import RULE_CHOICES, TARGET_CHOICES, Comparator, meets
from tanbinh_portal.formatting import format_target


@pytest.mark.parametrize(
    ("comparator", "below", "equal", "above"),
    [
        ("gte", False, True, True),
        ("gt", False, False, True),
        ("lte", True, True, False),
        ("lt", True, False, False),
        ("eq", False, True, False),
    ],
)
def test_meets_at_and_around_the_threshold(comparator, below, equal, above):
    threshold = Decimal("95")
    assert meets(comparator, Decimal("94.99"), threshold) is below
    assert meets(comparator, Decimal("95.00"), threshold) is equal
    assert meets(comparator, Decimal("95.01"), threshold) is above


def test_an_increase_is_no_threshold_comparison():
    with pytest.raises(KeyError):
        meets(Comparator.INCREASE, Decimal(1), Decimal(0))


def test_targets_and_rules_store_the_same_codes_each_its_own_subset():
    assert CriterionTarget._meta.get_field("comparator").choices == TARGET_CHOICES
    assert EligibilityRule._meta.get_field("comparator").choices == RULE_CHOICES
    assert [code for code, _ in TARGET_CHOICES] == ["gte", "gt", "lte", "lt", "increase"]
    assert [code for code, _ in RULE_CHOICES] == ["gte", "gt", "lte", "lt", "eq"]
    assert {c.value for c in Comparator} == {code for code, _ in TARGET_CHOICES + RULE_CHOICES}
    assert all(type(code) is str for code, _ in TARGET_CHOICES + RULE_CHOICES)  # plain codes in migrations
    assert Comparator.INCREASE == "increase" and Comparator("gte").label == "≥"


def test_a_rule_cannot_ask_for_an_increase():
    form = RuleForm(
        {"kind": "evidence", "applies_to": "both", "evidence_code": "on_time_rate", "comparator": "increase"}
    )
    assert not form.is_valid() and "comparator" in form.errors


def test_a_target_reads_with_the_enum_symbol():
    assert format_target("gte", Decimal("95"), "%") == "≥ 95%"
    assert format_target("lt", Decimal("2"), "buổi") == "< 2 buổi"
    assert format_target("increase", None) == "Nâng cao so với cùng kỳ năm trước"
