import io

import pytest
from openpyxl import Workbook

from kpi.models import Dossier, DossierImport, ImportStatus
from kpi.services import dossier_import_from_path
from tanbinh_portal.models import AuditEvent
from tests.kpi.conftest import HEADERS, row, write_csv


def reasons(record):
    return [(e["row"], e["column"], e["reason"]) for e in record.errors]


def test_a_valid_file_is_applied_and_recorded(import_rows, officer):
    record = import_rows([row("HS1"), row("HS2", **{"Kênh nộp": "Trực tuyến"})])
    assert record.status == ImportStatus.APPLIED
    assert (record.rows_read, record.rows_added, record.rows_updated, record.rows_unchanged) == (2, 2, 0, 0)
    assert len(record.sha256) == 64 and record.created_by == officer and record.finished_at
    assert record.file_name == "file1.csv"
    assert Dossier.objects.get(code="HS2").channel == 2
    assert AuditEvent.objects.filter(action="kpi.import_applied").count() == 1


def test_reimport_updates_changed_dossiers_and_adds_new_ones_without_duplicates(import_rows):
    import_rows([row("HS1"), row("HS2")])
    record = import_rows([row("HS1", **{"Trạng thái": "4", "Ngày có kết quả": ""}), row("HS2"), row("HS3")])
    assert (record.rows_added, record.rows_updated, record.rows_unchanged) == (1, 1, 1)
    assert Dossier.objects.count() == 3
    assert Dossier.objects.get(code="HS1").status == 4
    assert Dossier.objects.get(code="HS1").last_import == record


def test_identical_reimport_changes_nothing_and_says_so(import_rows):
    first = import_rows([row("HS1"), row("HS2")], name="same.csv")
    before = list(Dossier.objects.values_list("pk", "row_hash", "last_import_id"))
    again = import_rows([row("HS1"), row("HS2")], name="same.csv")
    assert again.sha256 == first.sha256
    assert again.status == ImportStatus.UNCHANGED
    assert "Không có thay đổi" in again.message and "giống hệt" in again.message
    assert list(Dossier.objects.values_list("pk", "row_hash", "last_import_id")) == before


def test_dry_run_reports_what_would_change_and_writes_nothing(import_rows):
    record = import_rows([row("HS1"), row("HS2")], dry_run=True)
    assert record.status == ImportStatus.CHECKED and record.rows_added == 2
    assert "Chạy thử" in record.message
    assert not Dossier.objects.exists()


def test_dry_run_shows_the_same_errors(import_rows):
    record = import_rows([row("HS1", **{"Kênh nộp": "9"})], dry_run=True)
    assert record.status == ImportStatus.REJECTED and reasons(record)[0][:2] == (2, "Kênh nộp")


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"Ngày tiếp nhận": "31/02/2022"}, "Ngày tiếp nhận", "không tồn tại"),
        ({"Kênh nộp": "Zalo"}, "Kênh nộp", "Kênh nộp không hợp lệ"),
        ({"Trạng thái": "Đã hủy"}, "Trạng thái", "Trạng thái không hợp lệ"),
        ({"Tên thủ tục": ""}, "Tên thủ tục", "Thiếu giá trị bắt buộc"),
        ({"Lĩnh vực": "  "}, "Lĩnh vực", "Thiếu giá trị bắt buộc"),
        ({"Ngày tiếp nhận": ""}, "Ngày tiếp nhận", "Thiếu giá trị bắt buộc"),
        ({"Ngày hẹn trả": ""}, "Ngày hẹn trả", "Thiếu ngày hẹn trả"),
        ({"Ngày hẹn trả": "01/03/2022"}, "Ngày hẹn trả", "trước ngày tiếp nhận"),
        ({"Đánh giá": "Tạm được"}, "Đánh giá", "Đánh giá chỉ nhận"),
        ({"4 tại chỗ": "có lẽ"}, "4 tại chỗ", "4 tại chỗ chỉ nhận"),
        ({"Số lần bổ sung": "-1"}, "Số lần bổ sung", "số nguyên không âm"),
        ({"Ngày có kết quả": "03/02/2022 10:00"}, "Ngày có kết quả", "Ngày có kết quả trước ngày tiếp nhận"),
        ({"Ngày trả kết quả": "02/03/2022 23:59"}, "Ngày trả kết quả", "Ngày trả kết quả trước ngày tiếp nhận"),
        ({"Ngày trả kết quả": "10/03/2031"}, "Ngày trả kết quả", "sau thời điểm nhập tệp"),
        ({"Ngày có kết quả": "2031-03-08T10:00:00+07:00"}, "Ngày có kết quả", "sau thời điểm nhập tệp"),
        (
            {"Ngày tiếp nhận": "03/03/2031 08:00", "Ngày hẹn trả": "10/03/2031", "Ngày có kết quả": ""},
            "Ngày tiếp nhận",
            "sau thời điểm nhập tệp",
        ),
    ],
)
def test_each_rejection_reason_names_its_row_and_column_and_nothing_is_applied(import_rows, values, column, reason):
    record = import_rows([row("HS1"), row("HS2"), row("HS3", **values)])
    assert record.status == ImportStatus.REJECTED
    [(row_no, col, text)] = reasons(record)
    assert (row_no, col) == (4, column) and reason in text
    assert record.rows_rejected == 1
    assert not Dossier.objects.exists()


def test_due_date_may_be_empty_for_status_1_and_3(import_rows):
    record = import_rows(
        [row("HS1", **{"Trạng thái": "3", "Ngày hẹn trả": ""}), row("HS2", **{"Trạng thái": "1", "Ngày hẹn trả": ""})]
    )
    assert record.status == ImportStatus.APPLIED


def test_the_same_code_twice_in_a_file_is_rejected_with_both_rows(import_rows):
    record = import_rows([row("HS1"), row("HS2"), row("HS1")])
    assert record.status == ImportStatus.REJECTED
    assert reasons(record) == [(4, "Mã hồ sơ", "Mã hồ sơ trùng với dòng 2 của cùng tệp.")]


def test_a_missing_column_rejects_the_file(import_rows):
    headers = [h for h in HEADERS if h != "Kênh nộp"]
    record = import_rows([row("HS1")], headers=headers)
    assert record.status == ImportStatus.REJECTED and reasons(record)[0][:2] == (1, "Kênh nộp")


def test_an_unreadable_file_is_rejected_with_a_reason(tmp_path, campaign, officer):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.REJECTED and "không đọc được" in record.errors[0]["reason"]
    path = tmp_path / "utf16.csv"
    write_csv(path, [row("HSÉ", **{"Tên thủ tục": "Chứng thực"})], encoding="utf-16")
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.REJECTED and "UTF-8" in record.errors[0]["reason"]


def test_aliases_bom_semicolons_and_nul_bytes(tmp_path, campaign, officer):
    from kpi.importer.columns import COLUMNS

    path = tmp_path / "dvcqg.csv"
    aliases = [c.alias for c in COLUMNS]
    values = list(row("HS\x001", **{"Tên thủ tục": "Chứng\x00 thực"}).values())
    path.write_text("\ufeff" + ";".join(aliases) + "\n" + ";".join(values) + "\n", encoding="utf-8")
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED, record.errors
    assert Dossier.objects.get().code == "HS1"


def test_an_xlsx_file_with_real_dates_imports(tmp_path, campaign, officer):
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    values = row("HS1")
    values["Ngày tiếp nhận"] = dt.datetime(2022, 3, 3, 8, 0)
    values["Ngày hẹn trả"] = dt.date(2022, 3, 10)
    values["Trạng thái"] = 10
    sheet.append([values[h] for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "so.xlsx"
    path.write_bytes(buffer.getvalue())
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED, record.errors
    dossier = Dossier.objects.get()
    assert str(dossier.received_date) == "2022-03-03" and str(dossier.due_date) == "2022-03-10"


def test_local_dates_come_from_offsets(import_rows):
    import_rows([row("HS1", **{"Ngày tiếp nhận": "2022-01-31T20:00:00Z", "Ngày hẹn trả": "2022-02-03"})])
    assert str(Dossier.objects.get().received_date) == "2022-02-01"


def test_every_import_keeps_its_record_even_when_rejected(import_rows):
    import_rows([row("HS1", **{"Kênh nộp": "9"})])
    import_rows([row("HS1")])
    assert list(DossierImport.objects.order_by("pk").values_list("status", flat=True)) == ["rejected", "applied"]


def test_without_database_foreign_keys_a_commune_with_dossiers_stays_protected_and_a_deleted_import_is_unlinked(
    import_rows,
):
    """kpi_dossier has no FK triggers (bulk-import speed); Django still enforces PROTECT and SET_NULL."""
    from django.db.models import ProtectedError

    record = import_rows([row("HS1")])
    dossier = Dossier.objects.get(code="HS1")
    with pytest.raises(ProtectedError) as refused:
        dossier.commune.delete()
    assert dossier in refused.value.protected_objects
    assert Dossier.objects.filter(pk=dossier.pk).exists()
    DossierImport.objects.filter(pk=record.pk).delete()
    dossier.refresh_from_db()
    assert dossier.last_import_id is None
