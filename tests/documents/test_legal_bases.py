"""Căn cứ lines and prize money follow the document's own date, on both sides of 01/01/2024 and 01/07/2025."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.reference_data import base_salary_on, basis_lines_on, legal_bases_on, prize_on
from tanbinh_portal.vn_numbers import amount_in_words

ND91 = (
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng"
)


def keys(day: dt.date) -> list[str]:
    return [basis.key for basis in legal_bases_on(day)]


def test_a_document_signed_in_2023_cites_the_2003_law_each_amendment_with_its_date_and_nd_91():
    lines = basis_lines_on(dt.date(2023, 12, 31))
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003" in lines
    assert "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005" in lines
    assert "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013" in lines
    assert ND91 in lines
    assert lines[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    assert not any("2022" in line or "98/2023" in line for line in lines)


def test_a_decision_of_a_2022_campaign_signed_on_20_january_2024_cites_the_2022_law_and_nd_98():
    found = keys(dt.date(2024, 1, 20))
    assert "luat-tdkt-2022" in found and "nd-98-2023" in found
    assert not {"luat-tdkt-2003", "luat-tdkt-sua-doi-2013", "nd-91-2017", "tt-12-2019"} & set(found)
    assert (
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một "
        "số điều của Luật Thi đua, khen thưởng"
    ) in basis_lines_on(dt.date(2024, 1, 1))


def test_nd_152_replaces_nd_98_from_1_july_2025_and_the_2025_local_government_law_applies():
    assert "nd-98-2023" in keys(dt.date(2025, 6, 30)) and "nd-152-2025" not in keys(dt.date(2025, 6, 30))
    after = keys(dt.date(2025, 7, 1))
    assert "nd-152-2025" in after and "nd-98-2023" not in after and "luat-tdkt-2022" in after
    assert "luat-ctcqdp-2025" in after and "luat-ctcqdp-2015" not in after


def test_only_emulation_bases_when_asked_for_them():
    lines = basis_lines_on(dt.date(2023, 1, 12), "emulation")
    assert lines and not any("chính quyền địa phương" in line for line in lines)


@pytest.mark.parametrize(
    ("day", "salary"),
    [
        (dt.date(2023, 6, 30), 1_490_000),
        (dt.date(2023, 7, 1), 1_800_000),
        (dt.date(2024, 6, 30), 1_800_000),
        (dt.date(2024, 7, 1), 2_340_000),
    ],
)
def test_the_base_salary_is_the_one_in_force_on_the_decision_date(day, salary):
    assert base_salary_on(day)[0] == salary


def test_a_commune_giay_khen_in_january_2023_carries_0_15_times_1_490_000_rounded_up_to_ten_thousand():
    individual = prize_on(dt.date(2023, 1, 10), level="commune", collective=False)
    collective = prize_on(dt.date(2023, 1, 10), level="commune", collective=True)
    assert individual.amount == 230_000  # 223.500 rounded up (NĐ 91/2017, Điều 68 khoản 2)
    assert collective.amount == 450_000  # twice the individual's 223.500 = 447.000, rounded up
    assert individual.decree.key == "nd-91-2017" and "Điều 73" in individual.article


def test_the_same_award_decided_after_1_july_2024_uses_the_new_base_salary_and_decree():
    prize = prize_on(dt.date(2024, 7, 15), level="commune", collective=False)
    assert prize.amount == 360_000  # 0,15 × 2.340.000 = 351.000, rounded up
    assert prize.decree.key == "nd-98-2023"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_360_000, "Một triệu ba trăm sáu mươi nghìn đồng"),
        (230_000, "Hai trăm ba mươi nghìn đồng"),
        (2_105_000, "Hai triệu một trăm linh năm nghìn đồng"),
        (21_000_000, "Hai mươi mốt triệu đồng"),
    ],
)
def test_the_prize_total_is_written_out_in_words(amount, words):
    assert amount_in_words(amount) == words
