"""Compare years: targets such as “nâng cao so với năm trước” against the previous campaign's stored values,
and a clear “no baseline” when there is none (kpi.year_comparison, the dashboard)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kpi.services.monthly import monthly_values_save
from kpi.year_comparison import previous_campaign, previous_campaign_value, year_comparison
from tanbinh_portal.optimistic import UNCHECKED
from tests.kpi.conftest import row


def _in_2023(code: str, day: str, **values) -> dict:
    return row(
        code,
        **{"Ngày tiếp nhận": f"{day}/2023 08:00", "Ngày hẹn trả": "20/03/2023", "Ngày có kết quả": f"{day}/2023 10:00"},
        **values,
    )


@pytest.fixture
def two_years(import_rows, campaign, next_campaign, officer):
    """2022: three dossiers in March (one online), one in April (not online); 2023: two in March, both online.
    Documents sent: 100 in March 2022, 120 in March 2023."""
    import_rows(
        [
            row("A", **{"Kênh nộp": "2"}),
            row("B"),
            row("C"),
            row(
                "D",
                **{"Ngày tiếp nhận": "04/04/2022 08:00", "Ngày hẹn trả": "08/04/2022", "Ngày có kết quả": "05/04/2022"},
            ),
            _in_2023("E", "06/03", **{"Kênh nộp": "2"}),
            _in_2023("F", "07/03", **{"Kênh nộp": "2"}),
        ]
    )
    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 100}, expected_version=UNCHECKED
    )
    monthly_values_save(
        actor=officer, campaign=next_campaign, month="2023-03", values={"e_documents": 120}, expected_version=UNCHECKED
    )
    from kpi.services.compute import indicators_recompute

    indicators_recompute(campaign=campaign)
    indicators_recompute(campaign=next_campaign)
    return campaign, next_campaign


def _row(comparison, indicator):
    return next(r for r in comparison.rows if r.target.indicator == indicator)


def test_without_a_previous_campaign_every_row_says_there_is_no_baseline(import_rows, campaign):
    import_rows([row("A", **{"Kênh nộp": "2"}), row("B")])
    comparison = year_comparison(campaign)
    assert comparison.previous is None and not comparison.has_baseline
    online = _row(comparison, "online_rate")
    assert online.value == Decimal(50) and online.baseline is None
    assert online.colour == "grey" and online.verdict == "Không có mốc so sánh"
    assert "xã chưa có phong trào thi đua nào trước phong trào này" in online.explanation
    assert previous_campaign_value(campaign, "online_rate") is None


def test_the_previous_campaign_is_the_latest_launched_one_before(campaign, next_campaign):
    assert previous_campaign(next_campaign) == campaign
    assert previous_campaign(campaign) is None


def test_a_draft_is_never_the_previous_campaign(campaign, draft_campaign):
    assert previous_campaign(draft_campaign) == campaign
    later = type(campaign)(commune=campaign.commune, start_date=dt.date(2024, 1, 2))
    assert previous_campaign(later) == campaign  # not the 2023 draft


def test_a_rate_is_compared_over_the_same_months_of_the_previous_year(two_years):
    _, current = two_years
    online = _row(year_comparison(current), "online_rate")
    assert online.months == [3]
    assert online.value == Decimal(100)
    assert online.baseline.quantize(Decimal("0.01")) == Decimal("33.33")  # March 2022 only, not the whole year
    assert (online.direction, online.colour, online.verdict) == ("up", "green", "Tăng so với năm trước")
    assert "so với cùng kỳ năm 2022" in online.explanation


def test_a_summed_monthly_figure_is_compared_with_the_same_month(two_years):
    _, current = two_years
    documents = _row(year_comparison(current), "e_documents")
    assert (documents.value, documents.baseline, documents.colour) == (Decimal(120), Decimal(100), "green")


def test_a_ceiling_target_is_green_when_the_rate_went_down(two_years):
    _, current = two_years
    row_ = _row(year_comparison(current), "dissatisfaction_rate")
    # Neither year has rated dossiers: no value, so nothing is compared.
    assert row_.colour == "grey" and row_.baseline is None


def test_the_previous_whole_campaign_value_is_its_stored_value(two_years):
    _, current = two_years
    assert previous_campaign_value(current, "online_rate") == Decimal(25)  # 1 of 4 over the whole of 2022


def test_a_previous_year_without_the_figure_says_so(two_years):
    _, current = two_years
    row_ = _row(year_comparison(current), "digital_signatures")
    assert row_.baseline is None and row_.colour == "grey"


def test_the_dashboard_judges_increase_targets_against_last_year_and_lists_the_campaigns(two_years, client_as):
    old, current = two_years
    html = client_as("vanphong").get(reverse("kpi:dashboard", args=[current.slug])).content.decode()
    assert "So với năm trước" in html and "so với cùng kỳ năm 2022" in html
    assert "tăng so với cùng kỳ năm 2022" in html  # the light's target line
    assert "Các phong trào thi đua của xã" in html
    assert reverse("campaigns:campaign-detail", args=[old.slug]) in html
    assert reverse("kpi:dashboard", args=[old.slug]) in html


def test_the_first_years_dashboard_says_there_is_no_baseline(import_rows, campaign, client_as):
    import_rows([row("A", **{"Kênh nộp": "2"}), row("B")])
    html = client_as("vanphong").get(reverse("kpi:dashboard", args=[campaign.slug])).content.decode()
    assert "Chưa có mốc so sánh" in html


def test_the_comparison_reads_in_four_queries_whatever_the_number_of_targets(two_years, django_assert_num_queries):
    _, current = two_years
    current = type(current).objects.get(pk=current.pk)  # no previous campaign remembered yet
    with django_assert_num_queries(4):  # previous campaign, targets, monthly fields, month values of both
        year_comparison(current)


def test_a_changed_value_of_the_previous_year_shows_on_the_cached_dashboard(two_years, client_as):
    from django.utils import timezone

    from kpi.models import IndicatorValue

    old, current = two_years
    client = client_as("chutich")
    url = reverse("kpi:dashboard", args=[current.slug])
    assert "so với cùng kỳ năm 2022: 33,33%" in client.get(url).content.decode()
    IndicatorValue.objects.filter(campaign=old, indicator="online_rate", period="2022-03", scope="commune").update(
        numerator=2, computed_at=timezone.now()
    )
    assert "so với cùng kỳ năm 2022: 66,67%" in client.get(url).content.decode()
