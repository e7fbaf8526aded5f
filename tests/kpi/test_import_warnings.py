"""Warnings: rows that are imported but will not count as the officer may expect."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import Workbook

from kpi.importer.fast import FastRows
from kpi.importer.rows import map_header, parse_row, row_warnings
from kpi.models import Dossier, ImportStatus
from kpi.services import dossier_import_from_path
from tests.kpi.conftest import HEADERS, row
from tests.kpi.test_importer_fast import NOW, cells_of

NEXT_DAY = {"4 tại chỗ": "x", "Ngày có kết quả": "04/03/2022 09:00"}
SAME_DAY = {"4 tại chỗ": "x", "Ngày có kết quả": "03/03/2022 15:00"}


def warnings_of(record) -> list[tuple]:
    return [(w["row"], w["column"], w["reason"]) for w in record.warnings]


def test_four_on_spot_rows_not_resolved_the_same_day_are_warned_about_and_still_imported(import_rows):
    record = import_rows(
        [
            row("HS1", **SAME_DAY),
            row("HS2", **NEXT_DAY),
            row("HS3", **{"4 tại chỗ": "có", "Trạng thái": "4", "Ngày có kết quả": ""}),
            row("HS4", **{"4 tại chỗ": "x", "Trạng thái": "1", "Ngày hẹn trả": "", "Ngày có kết quả": ""}),
        ]
    )
    assert record.status == ImportStatus.APPLIED and record.rows_added == 4
    assert [(r, c) for r, c, _ in warnings_of(record)] == [(3, "4 tại chỗ"), (4, "4 tại chỗ"), (5, "4 tại chỗ")]
    assert record.warning_count == 3
    assert "không giải quyết xong trong ngày tiếp nhận" in record.warnings[0]["reason"]
    assert "Có 3 cảnh báo" in record.message
    assert [d.four_on_spot_counted for d in Dossier.objects.order_by("code")] == [True, False, False, False]


def test_a_dry_run_shows_the_same_warnings(import_rows):
    record = import_rows([row("HS1", **NEXT_DAY)], dry_run=True)
    assert record.status == ImportStatus.CHECKED and record.warning_count == 1


def test_a_procedure_code_of_digits_only_or_a_code_in_exponent_form_is_warned_about(import_rows):
    record = import_rows(
        [
            row("HS1", **{"Mã thủ tục": "1.001612"}),
            row("HS2", **{"Mã thủ tục": "1001612"}),
            row("1,23457E+14"),
            row("20220303001"),  # a dossier code of digits only is common: no warning
        ]
    )
    assert record.status == ImportStatus.APPLIED
    assert [(r, c) for r, c, _ in warnings_of(record)] == [(3, "Mã thủ tục"), (4, "Mã hồ sơ")]
    assert "“1001612” trông như một số" in record.warnings[0]["reason"]


def test_a_number_cell_in_a_code_column_of_an_xlsx_is_warned_about(tmp_path, officer, campaign):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    values = row("HS1")
    sheet.append([1.001 if h == "Mã thủ tục" else values[h] for h in HEADERS])
    values = row("HS2")
    sheet.append([values[h] for h in HEADERS])
    path = tmp_path / "so.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED, record.errors
    assert [(r, c) for r, c, _ in warnings_of(record)] == [(2, "Mã thủ tục")]


def test_both_parsing_paths_give_the_same_warnings():
    positions, _ = map_header(HEADERS)
    for values in (NEXT_DAY, SAME_DAY, {"Mã thủ tục": "2000889"}, {}):
        cells = cells_of(row("HS1", **values))
        fast = FastRows(positions, False, NOW).record(list(cells), 7)
        slow, errors = parse_row(list(cells), positions, 7, False, NOW)
        assert fast == slow and not errors
        assert row_warnings(fast, cells, positions) == row_warnings(slow, cells, positions)


def test_the_result_page_lists_warnings_and_the_drilldown_shows_the_flag(import_rows, campaign, client_as):
    record = import_rows([row("HS1", **NEXT_DAY), row("HS2", **SAME_DAY)])
    html = client_as("vanphong").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert "Cảnh báo (1)" in html and "không giải quyết xong trong ngày tiếp nhận" in html
    url = (
        reverse("kpi:drilldown", args=[campaign.slug]) + "?indicator=four_on_spot_rate&period=2022-03&part=denominator"
    )
    html = client_as("vanphong").get(url).content.decode()
    assert "<th>4 tại chỗ</th>" in html
    assert "Có, không được tính (không xong trong ngày tiếp nhận)" in html
