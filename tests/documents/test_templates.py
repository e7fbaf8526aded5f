"""Every print template rendered from sample data: text, fonts, page size, header, page numbers."""

from __future__ import annotations

import pytest

from demo import samples
from documents.engine import render
from tests.documents import pdfcheck


@pytest.fixture(scope="module")
def summary_pdf() -> bytes:
    return render.render_summary_report(samples.summary_report())


@pytest.fixture(scope="module")
def minutes_pdf() -> bytes:
    return render.render_council_minutes(samples.council_minutes(12))


@pytest.fixture(scope="module")
def submission_pdf() -> bytes:
    return render.render_submission(samples.submission(120))


@pytest.fixture(scope="module")
def achievement_pdf() -> bytes:
    return render.render_achievement_report(samples.achievement_report())


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    return render.render_decision(samples.decision(60))


@pytest.fixture(scope="module")
def certificate_pdf() -> bytes:
    return render.render_certificate(samples.certificate())


PORTRAIT = ["summary_pdf", "minutes_pdf", "submission_pdf", "achievement_pdf", "decision_pdf"]


@pytest.mark.parametrize("name", [*PORTRAIT, "certificate_pdf"])
def test_every_document_embeds_only_the_vendored_font(name, request):
    pdf = request.getfixturevalue(name)
    assert pdfcheck.only_vendored_fonts(pdf), pdfcheck.font_names(pdf)


@pytest.mark.parametrize("name", PORTRAIT)
def test_portrait_documents_are_a4_with_the_nd30_margins(name, request):
    pdf = request.getfixturevalue(name)
    assert pdfcheck.page_size_mm(pdf) == pdfcheck.A4_MM
    runs = pdfcheck.text_runs(pdf, 0)
    assert min(r.x_mm for r in runs) == pytest.approx(30, abs=0.6)
    assert max(r.x_mm for r in runs) < 210 - 15
    assert min(r.y_mm for r in runs) > 20  # nothing in the top margin of page 1


@pytest.mark.parametrize("name", PORTRAIT)
def test_portrait_documents_carry_the_header_on_page_one(name, request):
    first = pdfcheck.normalise(pdfcheck.page_texts(request.getfixturevalue(name))[0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert ("Số:" in first) == (name != "achievement_pdf")  # a nominee's report has no number of its own


@pytest.mark.parametrize("name", PORTRAIT)
def test_page_numbers_are_absent_on_page_one_and_centred_in_the_top_margin_after(name, request):
    pdf = request.getfixturevalue(name)
    pages = len(pdfcheck.reader(pdf).pages)
    assert pages >= 2, "sample data should make at least two pages"
    assert pdfcheck.page_number_runs(pdf, 0) == []
    numbered = [pdfcheck.page_number_runs(pdf, i) for i in range(1, pages)]
    assert any(numbered)
    for runs in filter(None, numbered):
        assert len(runs) == 1 and runs[0].x_mm == pytest.approx((30 + 195) / 2, abs=3)


@pytest.mark.parametrize("name", ["submission_pdf", "decision_pdf"])
def test_an_appendix_is_numbered_separately_from_its_second_page(name, request):
    pdf = request.getfixturevalue(name)
    texts = pdfcheck.page_texts(pdf)
    first = next(i for i, text in enumerate(texts) if "(Kèm theo" in text)
    assert first > 0 and pdfcheck.page_number_runs(pdf, first) == []
    assert len(texts) > first + 1, "sample appendix should take two pages"
    assert [r.text for r in pdfcheck.page_number_runs(pdf, first + 1)] == ["2"]


def test_summary_report_has_kpi_table_06a_chart_narrative_and_awards(summary_pdf):
    text = pdfcheck.all_text(summary_pdf)
    for part in (
        "BÁO CÁO",
        "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn",
        "≥ 95%",
        "96,7%",
        "Đạt",
        "Không đạt",
        "Biểu số II.06a/VPCP/KSTT",
        "Trực tuyến",
        "1.250",
        "Trả lại, rút hồ sơ",
        "Tháng chưa đạt – tháng 02/2022: 90,98%",
        "Biểu đồ 1.",
        "Chỉ tiêu 95%",  # drawn inside the SVG chart
        "Bài học kinh nghiệm",
        "Giấy khen của Chủ tịch UBND huyện",
        "Tân Bình, ngày 16 tháng 12 năm 2022",
        "- Lưu: VT, VP.",
    ):
        assert part in text, part


def test_council_minutes_have_no_place_date_line_and_two_signers(minutes_pdf):
    text = pdfcheck.all_text(minutes_pdf)
    assert "Số: 03/BB-HĐTĐKT" in text
    assert "ngày" not in pdfcheck.normalise(pdfcheck.page_texts(minutes_pdf)[0]).split("BIÊN BẢN")[0]
    assert "85,7%" in text and "Đạt" in text
    assert "Cuộc họp kết thúc vào 16 giờ 30 phút cùng ngày./." in text
    last = pdfcheck.text_runs(minutes_pdf, len(pdfcheck.reader(minutes_pdf).pages) - 1)
    secretary = next(r for r in last if r.text.startswith("THƯ KÝ"))
    chair = next(r for r in last if r.text.startswith("CHỦ TỌA"))
    assert secretary.x_mm < 105 < chair.x_mm


def test_submission_addresses_the_district_and_lists_nominees_per_award_form(submission_pdf):
    text = pdfcheck.all_text(submission_pdf)
    assert "TỜ TRÌNH" in text
    assert "Kính gửi: - Chủ tịch UBND huyện Tân Biên; - Phòng Nội vụ huyện Tân Biên." in text
    assert "Phụ lục" in text and "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG" in text
    assert "(Kèm theo Tờ trình số 45/TTr-UBND ngày 20 tháng 12 năm 2022 của Ủy ban nhân dân xã Tân Bình)" in text
    assert "I. Giấy khen của Chủ tịch UBND huyện" in text
    assert "- Như trên;" in text


def test_achievement_report_follows_the_thematic_template(achievement_pdf):
    text = pdfcheck.all_text(achievement_pdf)
    for part in (
        "BÁO CÁO THÀNH TÍCH",
        "I. SƠ LƯỢC LÝ LỊCH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Thành tích thi đua theo chuyên đề",
        "99,2%",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "XÁC NHẬN, ĐỀ NGHỊ CỦA",
        "xác nhận nội dung báo cáo trên là đúng sự thật",
    ):
        assert part in text, part
    assert "Số:" not in text  # a nominee's report has no number of its own


def test_decision_has_bases_decides_articles_and_the_list(decision_pdf):
    text = pdfcheck.all_text(decision_pdf)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN BÌNH" in text
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;" in text
    assert "Theo đề nghị của Hội đồng Thi đua – Khen thưởng xã." in text
    assert "QUYẾT ĐỊNH:" in text
    assert "Điều 1." in text and "Điều 3." in text
    assert "- Như Điều 3;" in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in text
    assert "TM." not in text  # the chairman's own competence


def test_certificate_is_a4_landscape_with_the_awardee(certificate_pdf):
    assert pdfcheck.page_size_mm(certificate_pdf) == (297.0, 210.0)
    assert len(pdfcheck.reader(certificate_pdf).pages) == 1
    text = pdfcheck.all_text(certificate_pdf)
    assert "GIẤY KHEN" in text and samples.nominees(2)[1].name in text
    assert "Tân Bình, ngày 22 tháng 12 năm 2022" in text
