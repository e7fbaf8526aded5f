"""Formulas at month and campaign boundaries, exclusions, empty denominators, drill-down = numbers."""

from decimal import Decimal

from kpi.drilldown import drill_dossiers
from kpi.models import IndicatorValue
from kpi.selectors import export_rows
from tests.kpi.conftest import row


def value(campaign, indicator, period, scope="commune", key=""):
    return IndicatorValue.objects.get(campaign=campaign, indicator=indicator, period=period, scope=scope, scope_key=key)


def test_resolved_counts_by_result_date_with_early_on_time_and_late(import_rows, campaign):
    import_rows(
        [
            row("EARLY", **{"Ngày hẹn trả": "10/03/2022", "Ngày có kết quả": "09/03/2022 23:59"}),
            row("ONTIME", **{"Ngày hẹn trả": "10/03/2022 08:00", "Ngày có kết quả": "10/03/2022 17:00"}),
            row("LATE", **{"Ngày hẹn trả": "10/03/2022", "Ngày có kết quả": "11/03/2022"}),
            # result date falls back to Ngày trả kết quả; returned in April
            row("APRIL", **{"Ngày có kết quả": "", "Ngày trả kết quả": "2022-03-31T18:00:00Z"}),
        ]
    )
    assert value(campaign, "resolved", "2022-03").numerator == 3
    assert value(campaign, "resolved_early", "2022-03").numerator == 1
    assert value(campaign, "resolved_on_time", "2022-03").numerator == 1
    assert value(campaign, "resolved_late", "2022-03").numerator == 1
    assert value(campaign, "resolved", "2022-04").numerator == 1  # 01/04 01:00 local
    on_time = value(campaign, "on_time_rate", "2022-03")
    assert (on_time.numerator, on_time.denominator) == (2, 3)
    assert on_time.value == Decimal("66.666667")
    campaign_rate = value(campaign, "on_time_rate", "campaign")
    assert (campaign_rate.numerator, campaign_rate.denominator) == (2, 4)  # APRIL was late
    assert on_time.formula_version == "1" and len(on_time.fingerprint) == 64 and on_time.computed_at


UNRESOLVED = {"Trạng thái": "4", "Ngày có kết quả": ""}


def test_statuses_1_and_3_never_count_and_campaign_starts_on_2_january(import_rows, campaign):
    import_rows(
        [
            row("NEW", **{"Trạng thái": "1", "Ngày hẹn trả": ""}),
            row("REFUSED", **{"Trạng thái": "3", "Ngày hẹn trả": ""}),
            row("JAN1", **{"Ngày tiếp nhận": "01/01/2022 09:00", "Ngày hẹn trả": "05/01/2022", "Ngày có kết quả": ""}),
            row("JAN2", **{"Ngày tiếp nhận": "02/01/2022 00:00", "Ngày hẹn trả": "05/01/2022", "Ngày có kết quả": ""}),
            # Not resolved yet: the default result date (08/03/2022) would be before they were received.
            row("DEC31", **{"Ngày tiếp nhận": "2022-12-31T16:59:59Z", "Ngày hẹn trả": "2023-01-05", **UNRESOLVED}),
            row("JAN2023", **{"Ngày tiếp nhận": "2022-12-31T17:00:00Z", "Ngày hẹn trả": "2023-01-05", **UNRESOLVED}),
        ]
    )
    assert value(campaign, "received", "2022-03").numerator == 0
    assert value(campaign, "received", "2022-01").numerator == 2
    assert value(campaign, "received", "campaign").numerator == 2  # JAN2 and DEC31 (31/12 23:59:59 local)
    assert value(campaign, "received", "2022-12").numerator == 1


def test_a_zero_denominator_gives_an_empty_rate_not_zero(import_rows, campaign):
    import_rows([row("HS1")])
    assert value(campaign, "on_time_rate", "2022-05").value is None
    assert value(campaign, "on_time_rate", "2022-05").denominator == 0
    exported = {(r["indicator"], r["period"]): r for r in export_rows(campaign)}
    assert exported[("on_time_rate", "2022-05")]["value"] is None
    assert exported[("received", "2022-05")] == {
        "indicator": "received",
        "label": "Hồ sơ tiếp nhận",
        "period": "2022-05",
        "scope": "commune",
        "numerator": 0,
        "denominator": None,
        "value": 0,
    }


def test_dissatisfaction_counts_harassment_reasons_over_rated_resolved(import_rows, campaign):
    import_rows(
        [
            row("A", **{"Đánh giá": "KHL", "Lý do không hài lòng": "Cán bộ NHŨNG NHIỄU"}),
            row("B", **{"Đánh giá": "Không hài lòng", "Lý do không hài lòng": "chờ lâu"}),
            row("C", **{"Đánh giá": "RHL"}),
            row("D", **{"Đánh giá": "HL"}),
            row("E"),  # not rated: outside the denominator
        ]
    )
    harassment = value(campaign, "dissatisfaction_rate", "2022-03")
    assert (harassment.numerator, harassment.denominator, harassment.value) == (1, 4, Decimal("25"))
    anything = value(campaign, "dissatisfaction_any_rate", "2022-03")
    assert (anything.numerator, anything.denominator) == (2, 4)


def test_four_on_spot_online_and_postal_rates_use_received(import_rows, campaign):
    import_rows(
        [
            row("SPOT", **{"4 tại chỗ": "x", "Ngày có kết quả": "03/03/2022 10:00"}),
            row("SPOT_NEXT_DAY", **{"4 tại chỗ": "x", "Ngày có kết quả": "04/03/2022 10:00"}),
            row("ONLINE", **{"Kênh nộp": "2"}),
            row("POSTAL", **{"Kênh nộp": "3"}),
        ]
    )
    spot = value(campaign, "four_on_spot_rate", "2022-03")
    assert (spot.numerator, spot.denominator) == (1, 4)
    assert value(campaign, "online_rate", "2022-03").numerator == 1
    assert value(campaign, "postal_rate", "2022-03").numerator == 1


def test_pending_overdue_and_06a_columns_at_month_end(import_rows, campaign):
    import_rows(
        [
            row("OVERDUE", **{"Trạng thái": "4", "Ngày có kết quả": "", "Ngày hẹn trả": "20/03/2022"}),
            row("INTIME", **{"Trạng thái": "5", "Ngày có kết quả": "", "Ngày hẹn trả": "31/03/2022"}),
            row("WITHDRAWN", **{"Trạng thái": "7", "Ngày có kết quả": "", "Ngày hẹn trả": "05/03/2022"}),
            row("LATER", **{"Ngày hẹn trả": "10/03/2022", "Ngày có kết quả": "05/04/2022"}),
        ]
    )
    assert value(campaign, "pending_overdue", "2022-03").numerator == 2  # OVERDUE and LATER
    assert value(campaign, "pending_in_time", "2022-03").numerator == 1
    assert value(campaign, "pending", "2022-03").numerator == 3
    assert value(campaign, "carried_over", "2022-04").numerator == 3
    assert value(campaign, "resolved_late", "2022-04").numerator == 1
    assert value(campaign, "pending_overdue", "2022-04").numerator == 2  # both still open at 30/04
    progress = value(campaign, "progress_766_rate", "2022-03")
    assert (progress.numerator, progress.denominator) == (1, 3)


def test_drilldown_lists_exactly_the_dossiers_of_numerator_and_denominator(import_rows, campaign):
    import_rows(
        [row("EARLY"), row("LATE", **{"Ngày có kết quả": "15/03/2022"}), row("OTHER", **{"Lĩnh vực": "Hộ tịch"})]
    )
    drill = drill_dossiers(
        campaign, indicator="on_time_rate", period="2022-03", scope="commune", key="", part="numerator"
    )
    assert sorted(d.code for d in drill["queryset"]) == ["EARLY", "OTHER"]
    assert drill["queryset"].count() == drill["stored"].numerator
    drill = drill_dossiers(
        campaign, indicator="on_time_rate", period="2022-03", scope="field", key="Chứng thực", part="denominator"
    )
    assert sorted(d.code for d in drill["queryset"]) == ["EARLY", "LATE"]
    assert drill["queryset"].count() == drill["stored"].denominator


def test_scopes_by_field_and_officers(import_rows, campaign):
    import_rows([row("A"), row("B", **{"Cán bộ xử lý": "Đỗ Văn Khánh", "Lĩnh vực": "Hộ tịch"})])
    assert value(campaign, "resolved", "campaign", "field", "Hộ tịch").numerator == 1
    assert value(campaign, "resolved", "campaign", "handler", "Đỗ Văn Khánh").numerator == 1
    assert value(campaign, "resolved", "campaign", "receiver", "Võ Thị Lan").numerator == 2


def test_derived_counts_equal_their_own_formulas(import_rows, campaign):
    """Counts computed from others (see compute.DERIVED) match a direct count with their own Q."""
    from kpi.models import Dossier
    from kpi.periods import campaign_periods
    from kpi.services.compute import DERIVED

    import_rows(
        [
            row("A"),
            row("B", **{"Kênh nộp": "2", "Ngày có kết quả": "20/03/2022"}),
            row("C", **{"Trạng thái": "4", "Ngày có kết quả": "", "Ngày hẹn trả": "31/03/2022"}),
            row("D", **{"Trạng thái": "5", "Ngày có kết quả": "", "Ngày hẹn trả": "15/03/2022"}),
            row("E", **{"Kênh nộp": "3", "Ngày tiếp nhận": "28/02/2022", "Ngày hẹn trả": "02/03/2022"}),
        ]
    )
    from kpi import indicators as ind

    for period, start, end in campaign_periods(campaign)[1:4] + campaign_periods(campaign)[-1:]:
        for name in DERIVED:
            direct = Dossier.objects.filter(ind.COUNTS[name](start, end)).count()
            assert value(campaign, name, period).numerator == direct, (name, period)


def test_a_recompute_stores_every_log_indicator_of_the_catalogue_for_every_period(import_rows, campaign):
    """kpi computes the whole catalogue: a code listed there without a computation would be missing here."""
    from kpi.periods import campaign_periods
    from tanbinh_portal.indicator_catalogue import LOG_INDICATOR_KEYS

    import_rows([row("HS1")])
    stored = set(IndicatorValue.objects.filter(campaign=campaign, scope="commune").values_list("indicator", "period"))
    periods = [period for period, _, _ in campaign_periods(campaign)]
    assert {(key, period) for key in LOG_INDICATOR_KEYS for period in periods} <= stored
