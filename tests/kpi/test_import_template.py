"""The downloadable import template: codes explained, code columns kept as text, sample imports cleanly."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from kpi.importer.columns import ALL_COLUMNS
from kpi.models import ImportStatus
from kpi.services import dossier_import_from_path

CODE_HEADERS = ("Mã hồ sơ", "Mã thủ tục", "Kênh nộp", "Trạng thái")


def template(client_as):
    response = client_as("motcua").get(reverse("kpi:import-template"))
    assert response.status_code == 200
    return response.content, load_workbook(io.BytesIO(response.content))


def test_code_columns_are_text_in_the_sample_and_for_what_is_typed_later(client_as):
    _, workbook = template(client_as)
    sheet = workbook["Hồ sơ"]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in ALL_COLUMNS]  # the column contract: names unchanged
    for header in CODE_HEADERS:
        index = headers.index(header) + 1
        letter = sheet.cell(1, index).column_letter
        assert sheet.column_dimensions[letter].number_format == "@", header
        for row in range(2, 5):
            cell = sheet.cell(row, index)
            assert cell.number_format == "@" and isinstance(cell.value, str), (header, row)
    assert sheet.cell(2, headers.index("Mã thủ tục") + 1).value == "1.001"


def test_the_codes_of_channel_status_and_rating_are_explained(client_as):
    _, workbook = template(client_as)
    codes = {(r[0], r[1]): r[2] for r in workbook["Mã"].iter_rows(min_row=2, values_only=True)}
    assert codes[("Kênh nộp", "1")] == "Trực tiếp" and codes[("Kênh nộp", "3")] == "Bưu chính công ích"
    assert codes[("Trạng thái", "1")] == "Mới đăng ký" and codes[("Trạng thái", "10")] == "Đã trả kết quả"
    assert len([key for key in codes if key[0] == "Trạng thái"]) == 10
    assert codes[("Đánh giá", "KHL")] == "Không hài lòng"
    columns = list(workbook["Cột"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in columns] == [(c.header, c.alias) for c in ALL_COLUMNS]
    assert all(r[3] for r in columns)  # every column says what it accepts


def test_the_sample_imports_cleanly_without_warnings(client_as, tmp_path, officer, campaign):
    data, _ = template(client_as)
    path = tmp_path / "mau.xlsx"
    path.write_bytes(data)
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED, record.errors
    assert record.rows_added == 3 and record.warning_count == 0, record.warnings
