"""The indicator catalogue: one list of codes and labels that campaigns and kpi both read."""

from __future__ import annotations

import unicodedata

from campaigns.models import Indicator
from kpi import indicators as kpi_indicators
from tanbinh_portal import indicator_catalogue as catalogue


def test_every_rate_is_a_ratio_of_two_counts_of_the_catalogue():
    for rate in catalogue.RATES.values():
        assert rate.numerator in catalogue.COUNT_LABELS, rate.code
        assert rate.denominator in catalogue.COUNT_LABELS, rate.code
    for _, _, parts in catalogue.FORM_06A:
        assert set(parts) <= set(catalogue.COUNT_LABELS)


def test_the_reserved_keys_are_every_count_and_every_rate():
    assert set(catalogue.COUNT_LABELS) | set(catalogue.RATES) == catalogue.LOG_INDICATOR_KEYS
    assert not set(catalogue.COUNT_LABELS) & set(catalogue.RATES)
    assert not any(key.startswith(catalogue.FORM_06A_PREFIX) for key in catalogue.LOG_INDICATOR_KEYS)
    assert [f"b06a_{n}" for n in range(3, 14)] == catalogue.FORM_06A_KEYS


def test_the_plan_targets_the_catalogue_rates_with_their_labels():
    assert set(catalogue.TARGETABLE) <= set(catalogue.RATES)
    assert Indicator.choices == [(code, catalogue.RATES[code].label) for code in catalogue.TARGETABLE]


def test_kpi_reads_the_same_catalogue_and_has_a_formula_for_every_count():
    assert kpi_indicators.RATES is catalogue.RATES and kpi_indicators.COUNT_LABELS is catalogue.COUNT_LABELS
    assert set(kpi_indicators.COUNTS) == set(catalogue.COUNT_LABELS)
    assert set(catalogue.EXPORTED) <= catalogue.LOG_INDICATOR_KEYS


def test_labels_are_vietnamese_in_nfc():
    labels = [*catalogue.COUNT_LABELS.values(), *(r.label for r in catalogue.RATES.values())]
    labels += list(catalogue.FORM_06A_LABELS.values())
    for label in labels:
        assert label.strip() and unicodedata.normalize("NFC", label) == label, label
    assert catalogue.label_of("on_time_rate") == "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn"
    assert catalogue.label_of("tiep_dan", {"tiep_dan": "Số buổi tiếp dân"}) == "Số buổi tiếp dân"
    assert catalogue.label_of("unknown_key") == "unknown_key"
