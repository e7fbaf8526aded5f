"""The plan (Kế hoạch) PDF of the demo campaign, NĐ 30 format and the seed's every paragraph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from documents.kinds.plan import build_plan, plan_document
from tests.documents import pdfcheck

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "ke-hoach-thi-dua-cchc-2022.txt"
# The three typos of the issued plan, corrected in the data (docs/decisions.md).
CORRECTIONS = {
    "những nhiều": "nhũng nhiễu",
    "mộ máy": "bộ máy",
    "trực liên thông": "trục liên thông",
    # Running text prints dates in NĐ 30's long form (docs/decisions.md, one date style).
    "Từ ngày 02/1/2022 đến hết ngày 31/12/2022": "Từ ngày 02 tháng 01 năm 2022 đến hết ngày 31 tháng 12 năm 2022",
}
# Seed headings and the NĐ 30 form the PDF prints instead.
HEADINGS = {
    "I/MỤC ĐÍCH YÊU CẦU:": "I. MỤC ĐÍCH, YÊU CẦU",
    "II/ THỜI GIAN TỔ CHỨC ĐỢT THI ĐUA:": "II. THỜI GIAN TỔ CHỨC ĐỢT THI ĐUA",
    "III/ NỘI DUNG THI ĐUA:": "III. NỘI DUNG THI ĐUA",
    "IV/ HÌNH THỨC KHEN THƯỞNG:": "IV. HÌNH THỨC KHEN THƯỞNG",
    "V/ TỔ CHỨC THỰC HIỆN:": "V. TỔ CHỨC THỰC HIỆN",
}
# Nơi nhận lines of the seed and their NĐ 30 form (";" on each line, "- Lưu: VT, …." last).
RECIPIENTS = {
    "- UBND huyện;": "- UBND huyện;",
    "- HĐ TĐKT Huyện;": "- HĐ TĐKT huyện;",
    "- CT, PCT UBND xã;": "- CT, PCT UBND xã;",
    "- Ban ngành, cán bộ xã;": "- Ban ngành, cán bộ xã;",
    "- Lưu VTTH.": "- Lưu: VT, VTTH.",
}


def seed_compare_form(line: str) -> str:
    """A seed line as the PDF carries it: markdown and list dashes dropped, typos corrected."""
    text = line.replace("**", "").replace("*", "")
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    text = re.sub(r"^- ", "", text.strip())
    text = text.replace("“ ", "“").replace(" ”", "”")
    return pdfcheck.normalise(text).rstrip(":")


@pytest.fixture
def plan_pdf(campaign) -> bytes:
    return build_plan(campaign)[0].content


def test_plan_pdf_carries_every_paragraph_of_the_seed_plan(plan_pdf):
    if not SEED.is_file():
        pytest.skip(f"seed plan not found at {SEED} (shared/ is beside the project only in development)")
    text = pdfcheck.all_text(plan_pdf)
    missing = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line in ("Nơi nhận:",):
            continue
        expected = HEADINGS.get(line) or RECIPIENTS.get(line) or seed_compare_form(line)
        if expected not in text:
            missing.append(expected)
    assert missing == []


def test_plan_pdf_uses_the_nd30_forms_the_seed_lacks(plan_pdf):
    text = pdfcheck.all_text(plan_pdf)
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
    assert "Số: 05/KH-UBND" in text
    assert "Tân Bình, ngày 05 tháng 01 năm 2022" in text
    assert "I/" not in text and "Lưu VTTH" not in text


def test_plan_pdf_first_page_carries_the_header(plan_pdf):
    first = pdfcheck.normalise(pdfcheck.page_texts(plan_pdf)[0])
    for part in (
        "ỦY BAN NHÂN DÂN",
        "XÃ TÂN BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
    ):
        assert part in first


def test_plan_pdf_embeds_only_the_vendored_font(plan_pdf):
    assert pdfcheck.only_vendored_fonts(plan_pdf), pdfcheck.font_names(plan_pdf)


def test_plan_pdf_is_a4_with_text_at_30_mm_from_the_left(plan_pdf):
    assert pdfcheck.page_size_mm(plan_pdf) == pdfcheck.A4_MM
    body_left = min(r.x_mm for r in pdfcheck.text_runs(plan_pdf, 1))
    assert body_left == pytest.approx(30, abs=0.5)


def test_plan_pdf_numbers_pages_from_the_second_centred_in_the_top_margin(plan_pdf):
    assert len(pdfcheck.reader(plan_pdf).pages) >= 2
    assert pdfcheck.page_number_runs(plan_pdf, 0) == []
    numbers = pdfcheck.page_number_runs(plan_pdf, 1)
    assert [r.text for r in numbers] == ["2"]
    centre_of_text_block = (30 + 210 - 15) / 2
    assert numbers[0].x_mm == pytest.approx(centre_of_text_block, abs=3)


def test_plan_selector_reads_the_plan_in_few_queries(campaign, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        document = plan_document(campaign)
    assert document.header.number == "05/KH-UBND"
    assert len(document.contents) == 10
