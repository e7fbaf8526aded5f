"""One header rule for the whole set, and no line breaks where a reviewer would send the paper back."""

from __future__ import annotations

import dataclasses

import pytest

from demo import samples
from documents.engine import render
from documents.engine.data import Header, split_body_name
from documents.engine.pdf import font_dir, html_to_pdf
from documents.engine.typography import NBSP, ZWJ, keep_together, typeset_html
from tests.documents import pdfcheck


def test_place_names_document_numbers_comparators_and_kinh_gui_are_kept_on_one_line():
    text = keep_together(
        "Ủy ban nhân dân xã Tân Bình năm 2022; Biên bản số 01/BB-HĐTĐKT; tỷ lệ &lt; 1,3%; "
        "Nghị định số 91/2017/NĐ-CP; ≥ 95%; Kính gửi: Ấp Tân Đông"
    )
    for kept in ("xã Tân Bình", "&lt; 1,3%", "≥ 95%", "Kính gửi:", "Ấp Tân Đông"):
        assert kept.replace(" ", NBSP) in text
    assert f"xã{NBSP}Tân{NBSP}Bình năm 2022" in text  # the name only, not what follows
    assert keep_together("Ấp thuộc xã Tân Bình") == f"Ấp thuộc xã{NBSP}Tân{NBSP}Bình"  # a name after lower case
    assert f"01/{ZWJ}BB-{ZWJ}HĐTĐKT" in text and f"91/{ZWJ}2017/{ZWJ}NĐ-{ZWJ}CP" in text


def test_a_justified_paragraph_with_a_kept_comparator_breaks_normally():
    """The first line holds more than one word (a nowrap span made WeasyPrint break after "Tỷ")."""
    html = "<html><body><p>{}</p></body></html>".format(
        "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn cả năm đạt 96,81%, đạt chỉ tiêu ≥ 95% của kế hoạch."
    )
    first_line = pdfcheck.page_texts(html_to_pdf(typeset_html(html)))[0].splitlines()[0]
    assert first_line.strip().startswith("Tỷ lệ hồ sơ")


def test_the_vendored_font_has_the_no_break_space_and_the_zero_width_joiner():
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_dir() / "LiberationSerif-Regular.ttf").getBestCmap()
    assert ord(NBSP) in cmap and ord(ZWJ) in cmap


def test_typesetting_never_touches_tags_attributes_or_the_title():
    html = '<html><head><title>xã Tân Bình</title></head><body><p class="xã Tân">xã Tân Bình</p></body></html>'
    out = typeset_html(html)
    assert "<title>xã Tân Bình</title>" in out and '<p class="xã Tân">' in out
    assert f"xã{NBSP}Tân{NBSP}Bình</p>" in out


def test_the_commune_ubnd_prints_no_parent_body_and_its_council_prints_the_ubnd():
    ubnd = Header(issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN BÌNH", doc_type="TỜ TRÌNH", parent_body="UBND HUYỆN TÂN BIÊN")
    council = Header(
        issuing_body="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG XÃ TÂN BÌNH", doc_type="BIÊN BẢN", parent_body="UBND XÃ TÂN BÌNH"
    )
    assert ubnd.parent_line == "" and council.parent_line == "UBND XÃ\u00a0TÂN\u00a0BÌNH"
    assert split_body_name(council.issuing_body) == ["HỘI ĐỒNG THI ĐUA –", "KHEN THƯỞNG", "XÃ\u00a0TÂN\u00a0BÌNH"]


@pytest.mark.parametrize(
    "pdf",
    [
        lambda: render.render_submission(samples.submission(3)),
        lambda: render.render_decision(samples.decision(3)),
        lambda: render.render_summary_report(samples.summary_report()),
    ],
)
def test_no_ubnd_paper_of_the_set_prints_the_district_above_the_commune(pdf):
    document = pdf()
    assert "UBND HUYỆN" not in pdfcheck.all_text(document)


def test_the_number_sits_on_the_baseline_of_the_place_and_date_line():
    document = samples.submission(3)
    document = dataclasses.replace(document, header=dataclasses.replace(document.header, number="03/TTr-UBND"))
    runs = pdfcheck.text_runs(render.render_submission(document), 0)
    number = next(r for r in runs if r.text.startswith("Số:"))
    date = next(r for r in runs if "ngày" in r.text and "tháng" in r.text)
    assert abs(number.y_mm - date.y_mm) < 0.6


def test_chart_axes_carry_the_percent_sign_and_a_rate_axis_never_goes_below_zero():
    import re

    from documents.engine.charts import line_chart_svg
    from documents.engine.data import TrendSeries

    months = [f"{m:02d}/2022" for m in range(1, 13)]
    svg = str(line_chart_svg(TrendSeries("Tỷ lệ không hài lòng", months, [0.1, 0.0, 1.4, *[0.3] * 9], target=1.3)))
    ticks = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    axis = [t for t in ticks if not t.startswith("Chỉ tiêu")]
    assert axis and all(t.endswith("%") for t in axis)
    assert not any(t.startswith("-") for t in axis) and axis[0] == "0%"


@pytest.mark.with_award_round
def test_the_ballot_papers_and_the_vote_count_keep_xa_tan_binh_on_one_line(campaign):
    """Their kinds rendered through documents.engine.pdf without the rules: "xã Tân / Bình" in a cell."""
    from documents.kinds.ballot_papers import build_ballot_papers
    from documents.kinds.vote_count import build_vote_count
    from tests.rewards.helpers import ensure_award_round

    ensure_award_round(campaign)
    files = [*build_ballot_papers(campaign), *build_vote_count(campaign)]
    assert [f.path for f in files] == ["phieu-bau.pdf", "bien-ban-kiem-phieu.pdf"]
    for file in files:
        lines = [line.strip() for page in pdfcheck.page_texts(file.content) for line in page.splitlines()]
        assert any("Đoàn Thanh niên Cộng sản" in line for line in lines), file.path
        assert not [line for line in lines if line.endswith("xã Tân") or line.startswith("Bình")], file.path


def test_every_print_template_goes_through_the_line_breaking_rules(monkeypatch):
    """documents.engine.pdf.render_pdf is the one way from a template to a PDF, rules included."""
    from documents.engine import pdf

    html = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda text, stylesheets=pdf.DEFAULT_STYLESHEETS: html.append(text))
    pdf.render_pdf("print/to_trinh.html", {"doc": samples.submission(3)})
    assert f"xã{NBSP}Tân{NBSP}Bình" in html[0] and "xã Tân Bình" not in html[0].partition("<body")[2]
