"""XLSX imports read by calamine: the same records, counts and messages as with openpyxl."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from kpi.models import Dossier, ImportStatus
from kpi.services import dossier_import_from_path
from tanbinh_portal import spreadsheets
from tests.kpi.conftest import HEADERS, row


def write_xlsx(path, rows: list[dict]):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for values in rows:
        sheet.append([values.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def typed(code, **values) -> dict:
    """A row as Excel stores it: dates as date cells, codes and counts as numbers."""
    cells = row(code, **{"Kênh nộp": 1, "Trạng thái": 10, "Số lần bổ sung": 0})
    cells.update({"Ngày tiếp nhận": dt.datetime(2022, 3, 3, 8), "Ngày hẹn trả": dt.date(2022, 3, 10)})
    cells.update({"Ngày có kết quả": dt.datetime(2022, 3, 8, 10)})
    cells.update(values)
    return cells


MIXED = [
    typed("HS1"),
    typed("HS2", **{"Trạng thái": "Đã trả kết quả", "Đánh giá": "KHL", "Lý do không hài lòng": "nhũng nhiễu"}),
    typed("HS3", **{"Ngày hẹn trả": dt.date(2022, 3, 1)}),  # due before received
    typed("HS4", **{"Kênh nộp": 4, "Số lần bổ sung": 1.5}),
    typed("HS5", **{"Ngày tiếp nhận": "31/02/2022", "4 tại chỗ": True}),
    typed("HS1"),  # the same code twice
    typed(12345, **{"Mã thủ tục": 1.001, "4 tại chỗ": 1, "Ngày trả kết quả": dt.datetime(2022, 3, 9)}),
    {},
    typed("HS7", **{"Trạng thái": 1, "Ngày hẹn trả": None, "Ngày có kết quả": None}),
]


def imported(tmp_path, campaign, officer, rows, name):
    path = write_xlsx(tmp_path / name, rows)
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    dossiers = sorted(Dossier.objects.values_list("code", "row_hash", "received_at", "due_date", "four_on_spot"))
    return record, dossiers


@pytest.mark.parametrize("rows", [MIXED, [r for r in MIXED[:3] if r] + [typed("HS9")]], ids=["rejected", "valid"])
def test_calamine_and_openpyxl_give_the_same_import(tmp_path, campaign, officer, monkeypatch, rows):
    fast_record, fast_dossiers = imported(tmp_path, campaign, officer, rows, "fast.xlsx")
    Dossier.objects.all().delete()
    monkeypatch.setattr(spreadsheets, "_calamine_may_read", lambda stream: False)  # openpyxl reads
    slow_record, slow_dossiers = imported(tmp_path, campaign, officer, rows, "slow.xlsx")
    assert fast_record.errors == slow_record.errors
    assert fast_record.warnings == slow_record.warnings
    assert fast_record.message == slow_record.message and fast_record.status == slow_record.status
    assert fast_dossiers == slow_dossiers


def test_rejections_keep_their_rows_columns_and_messages(tmp_path, campaign, officer):
    record, _ = imported(tmp_path, campaign, officer, MIXED, "so.xlsx")
    assert record.status == ImportStatus.REJECTED
    assert [(e["row"], e["column"]) for e in record.errors] == [
        (4, "Ngày hẹn trả"),
        (5, "Kênh nộp"),
        (5, "Số lần bổ sung"),
        (6, "Ngày tiếp nhận"),
        (7, "Mã hồ sơ"),
    ]
    assert record.errors[2]["value"] == "1.5" and record.errors[3]["value"] == "31/02/2022"


def test_a_plain_xlsx_file_is_read_without_openpyxl(tmp_path, campaign, officer, monkeypatch):
    path = write_xlsx(tmp_path / "so.xlsx", [typed("HS1"), typed("HS2")])
    monkeypatch.setattr(spreadsheets, "load_workbook", lambda *a, **k: pytest.fail("openpyxl read the file"))
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED, record.errors
    assert (record.rows_added, Dossier.objects.get(code="HS2").received_date) == (2, dt.date(2022, 3, 3))
    again = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert again.status == ImportStatus.UNCHANGED and again.message.startswith("Không có thay đổi")


def test_valid_xlsx_rows_ending_early_take_the_fast_path(tmp_path, campaign, officer, monkeypatch):
    from kpi.importer import pipeline

    path = write_xlsx(tmp_path / "so.xlsx", [typed("HS1"), typed("HS2", **{"Đánh giá": "HL"})])  # empty last cells
    monkeypatch.setattr(pipeline, "parse_row", lambda *a, **k: pytest.fail("a valid row left FastRows"))
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED, record.errors
    assert Dossier.objects.get(code="HS2").rating == 2


def test_a_code_stored_as_a_number_is_still_warned_about(tmp_path, campaign, officer):
    record, _ = imported(tmp_path, campaign, officer, [typed(12345), typed("HS2")], "so.xlsx")
    assert record.status == ImportStatus.APPLIED, record.errors
    assert [(w["row"], w["column"], w["value"]) for w in record.warnings] == [(2, "Mã hồ sơ", "12345")]
