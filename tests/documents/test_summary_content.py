"""The báo cáo tổng kết read as the district's reviewer reads it: part I tells what was done, the charts
draw only lines the plan (or last year) gives, on round ticks, and the limitations never contradict the
report's own figures (issue 11)."""

from __future__ import annotations

import re

import pytest

from demo.documents import build_summary_report
from documents.engine.charts import line_chart_svg
from documents.engine.data import TrendSeries
from tanbinh_portal.formatting import INCREASE_LABEL
from tests.rewards.helpers import ensure_award_round

MONTHS = [f"{m:02d}/2022" for m in range(1, 13)]


@pytest.fixture
def award_round(campaign):
    ensure_award_round(campaign)
    return campaign


def _axis(svg: str) -> list[str]:
    return [t for t in re.findall(r'text-anchor="end">([^<]+)</text>', svg) if not t[:1].isalpha()]


def test_chart_ticks_are_round_values_and_a_count_axis_has_no_fractions():
    on_time = [97.44, 90.98, 97.1, 96.8, 97.0, 97.6, 96.5, 97.3, 97.6, 97.7, 97.8, 97.1]
    rate = str(line_chart_svg(TrendSeries("Tỷ lệ đúng hạn", MONTHS, on_time, target=95.0)))
    assert _axis(rate) == ["87,5%", "90%", "92,5%", "95%", "97,5%", "100%"]
    sent = [126.0 + 8 * i for i in range(12)]  # 126 … 214 documents a month
    counts = str(line_chart_svg(TrendSeries("Văn bản điện tử", MONTHS, sent, unit="")))
    assert _axis(counts) and all(re.fullmatch(r"\d{1,3}(\.\d{3})*", t) for t in _axis(counts)), _axis(counts)


def test_the_dashed_line_is_labelled_by_what_it_is():
    target = str(line_chart_svg(TrendSeries("Tỷ lệ đúng hạn", MONTHS, [96.0] * 12, target=95.0)))
    assert "Chỉ tiêu 95%" in target
    last_year = TrendSeries("Tỷ lệ nộp trực tuyến", MONTHS, [20.0] * 12, target=18.5, target_label="cùng kỳ năm 2021")
    svg = str(line_chart_svg(last_year))
    assert "Cùng kỳ năm 2021 18,5%" in svg and "Chỉ tiêu" not in svg


def test_a_printed_chart_draws_no_target_the_plan_does_not_set(award_round, kpi_log):
    """An "increase" target of a first campaign has no line: the dashboard's in-year stand-in (the first
    month with data) printed as "Chỉ tiêu 33,47%" is no target of the plan."""
    from documents.sources.summary import kpi_figures
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20))
    figures = kpi_figures(award_round)
    increase = {r.indicator for r in figures["kpi_rows"] if r.target == INCREASE_LABEL}
    trends = {t.title: t for t in figures["trends"]}
    assert increase & set(trends)
    for title in increase & set(trends):
        assert trends[title].target is None, title
    measured = [t for title, t in trends.items() if title not in increase]
    assert measured and all(t.target is not None and t.target_label == "chỉ tiêu" for t in measured)


def test_part_one_tells_what_was_done_not_what_the_plan_asked(award_round, users):
    from documents.sources.summary import summary_report_document
    from rewards.models import CouncilMeeting

    build_summary_report(award_round, users)
    text = " ".join(summary_report_document(award_round).organisation)
    for instruction in ("Kết thúc đợt thi đua", "theo ngày của", "phải đánh giá được", "Giao công chức"):
        assert instruction not in text, instruction
    assert "Kế hoạch số 05/KH-UBND" in text and "(danh sách tại Phụ lục)" in text
    assert "ký giao ước thi đua từ ngày 10 tháng 01 năm 2022 đến ngày 14 tháng 01 năm 2022" in text
    minutes = CouncilMeeting.objects.get(campaign=award_round).minutes_reference  # the council's series
    assert minutes.endswith("/BB-HĐTĐKT")
    assert f"Hội đồng Thi đua – Khen thưởng xã họp xét khen thưởng (Biên bản số {minutes})" in text
    assert "ban hành Quyết định số 01/QĐ-UBND khen thưởng" in text


def test_the_limitations_never_say_figures_were_not_collected(award_round, kpi_log):
    """A measured indicator without figures is named on the summary page for the officer; the draft of the
    limitations does not print "Chưa tổng hợp số liệu …", which contradicted the report's table once the
    figures came in."""
    from documents.sources.summary import kpi_figures, suggested_sections, summary_problems
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20, late=2))
    figures = kpi_figures(award_round)
    assert figures["missing"]  # the monthly counts of documents were never entered here
    limitations = suggested_sections(award_round, figures)["limitations"]
    assert "Chưa tổng hợp" not in limitations and "chưa có số liệu" not in limitations.lower()
    assert "hồ sơ giải quyết quá hạn" in limitations
    assert any("chưa có số liệu" in problem for problem in summary_problems(award_round, figures))


TWO_DECIMALS = re.compile(r"\d{1,3}(\.\d{3})*,\d{2}%")


def test_rates_print_with_one_decimal_style_across_the_set(award_round, users, kpi_log):
    """ "46,1%" beside "96,81%" in one table: every measured rate, vote share and achievement figure has two
    decimals; an "increase" target without a previous year reads the same in every paper."""
    from documents.sources.awards import NO_BASELINE, achievement_results, council_minutes_document
    from documents.sources.summary import kpi_figures
    from rewards.models import Nomination
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20, late=2))
    rates = [r.value for r in kpi_figures(award_round)["kpi_rows"] if r.value.endswith("%")]
    rates += [v.percent_for for v in council_minutes_document(award_round).votes]
    verdicts = []
    for nomination in Nomination.objects.filter(campaign=award_round, unit__isnull=False):
        rows, _sentences = achievement_results(nomination)
        rates += [achieved for _label, _registered, achieved, _verdict in rows if achieved.endswith("%")]
        verdicts += [verdict for *_rest, verdict in rows]
    assert rates and all(TWO_DECIMALS.fullmatch(rate) for rate in rates), rates
    assert "Không có mốc năm trước" not in verdicts and (NO_BASELINE in verdicts or not verdicts)


def test_the_demo_report_names_the_one_stop_office_by_its_official_name(award_round, users):
    """ "Bộ phận Một cửa" beside "Bộ phận Tiếp nhận và Trả kết quả" named one office two ways."""
    from documents.sources.summary import summary_report_document

    build_summary_report(award_round, users)
    document = summary_report_document(award_round)
    running = [*document.organisation, *(p for section in document.narrative for p in section.paragraphs)]
    running += [text for _content, text in document.assessed]
    assert running and not [line for line in running if "một cửa" in line.lower()]
    assert any("Bộ phận Tiếp nhận và Trả kết quả" in line for line in running)


def test_the_lessons_are_drafted_from_what_worked_and_what_did_not(award_round, kpi_log):
    """Bài học kinh nghiệm as the officer's first draft, from the records like the limitations: the
    registration and the steps taken, the months that missed and the late dossiers, never one sentence."""
    from campaigns.models import Registration
    from documents.sources.summary import kpi_figures, suggested_lessons, suggested_sections
    from tests.rewards.conftest import lan_rows

    kpi_log(lan_rows(20, late=2))
    figures = kpi_figures(award_round)
    lessons = suggested_lessons(award_round, figures)
    registered = Registration.objects.filter(campaign=award_round)
    units = registered.filter(unit__isnull=False).count()
    assert f"({units} tập thể, {registered.count() - units} cá nhân)" in lessons[0]
    assert any(line.startswith("Thực hiện đúng các bước của kế hoạch (") for line in lessons)
    late = [line for line in lessons if line.startswith("Còn 2 hồ sơ giải quyết quá hạn")]
    assert late and "phiếu xin lỗi, hẹn lại ngày trả kết quả" in late[0]
    for row in figures["kpi_rows"]:  # each measured verdict is in the lessons, with its months when any missed
        if row.met is False:
            assert any(line.startswith(f"{row.indicator} cả năm {row.value}, chưa đạt") for line in lessons)
        elif row.met and row.missed.startswith("Tháng chưa"):
            assert any(row.missed.split(" – ", 1)[1] in line for line in lessons)
    assert suggested_sections(award_round, figures)["lessons"] == "\n".join(lessons)


def test_the_demo_monthly_documents_and_signatures_follow_the_offices_year_not_a_straight_line():
    from demo.kpi import monthly_demo_values

    for key in ("e_documents", "digital_signatures"):
        values = [monthly_demo_values(month)[key] for month in range(1, 13)]
        steps = {b - a for a, b in zip(values, values[1:], strict=False)}
        assert len(steps) > 3  # not linear
        assert values[1] < values[0] and values[7] < values[6]  # Tết in February, the August dip
        assert values[11] == max(values) and values[11] > values[0]  # rising to the year-end peak
        assert all(monthly_demo_values(m, 2026)[key] > monthly_demo_values(m)[key] for m in range(1, 13))
