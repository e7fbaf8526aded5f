import io

import pytest
from openpyxl import Workbook

from campaigns.models import Person
from campaigns.staff_import import staff_import_apply
from tanbinh_portal.models import AuditEvent

HEADER = ["Họ và tên", "Chức vụ", "Tập thể", "Giới tính", "Tài khoản", "Đang xem xét kỷ luật"]


def xlsx(rows, header=HEADER) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def run(campaign, officer, stream, dry_run=False):
    return staff_import_apply(
        actor=officer, commune=campaign.commune, stream=stream, file_name="ds.xlsx", dry_run=dry_run
    )


def test_valid_file_creates_and_updates_people(campaign, officer):
    stream = xlsx(
        [
            ["Nguyễn Văn Mới", "Công chức Tư pháp – Hộ tịch", "Ủy ban nhân dân xã", "Nam", "", ""],
            ["Đỗ Văn Khánh", "Công chức Tư pháp – Hộ tịch (đổi)", "ủy ban nhân dân xã", "nam", "", "có"],
        ]
    )
    result = run(campaign, officer, stream)
    assert result.errors == [] and result.applied
    assert (result.created, result.updated) == (1, 1)
    assert Person.objects.get(full_name="Đỗ Văn Khánh").has_open_disciplinary_matter is True
    assert AuditEvent.objects.filter(action="person.import").exists()


def test_dry_run_reports_without_writing(campaign, officer):
    before = Person.objects.count()
    result = run(campaign, officer, xlsx([["Nguyễn Văn Mới", "X", "Ủy ban nhân dân xã", "Nam", "", ""]]), dry_run=True)
    assert result.created == 1 and not result.applied
    assert Person.objects.count() == before


def test_any_bad_row_rejects_the_whole_file_with_row_and_column(campaign, officer):
    before = Person.objects.count()
    stream = xlsx(
        [
            ["Nguyễn Văn Mới", "X", "Ủy ban nhân dân xã", "Nam", "", ""],
            ["Trần Văn Sai", "X", "Phòng không có", "Nam", "", ""],
            ["Lê Thị Sai", "X", "Ủy ban nhân dân xã", "Không rõ", "", ""],
            ["", "X", "Ủy ban nhân dân xã", "Nam", "", ""],
            ["Nguyễn Văn Mới", "Y", "Ủy ban nhân dân xã", "Nam", "", ""],
            ["Phạm Văn Tk", "Y", "Ủy ban nhân dân xã", "Nam", "khongco", ""],
        ]
    )
    result = run(campaign, officer, stream)
    assert not result.applied
    assert Person.objects.count() == before
    found = {(e.row, e.column) for e in result.errors}
    assert {(3, "Tập thể"), (4, "Giới tính"), (5, "Họ và tên"), (6, "Họ và tên"), (7, "Tài khoản")} <= found
    reasons = " ".join(e.reason for e in result.errors)
    assert "Không có tập thể này" in reasons and "Trùng với dòng 2" in reasons


def test_missing_required_header_is_reported_on_row_one(campaign, officer):
    result = run(campaign, officer, xlsx([["A", "B"]], header=["Họ và tên", "Chức vụ"]))
    assert {(e.row, e.column) for e in result.errors} == {(1, "Tập thể"), (1, "Giới tính")}


@pytest.mark.parametrize("payload", [b"", b"PK\x03\x04 not really a zip", "Họ và tên\n".encode()])
def test_unreadable_files_get_a_clear_message(campaign, officer, payload):
    result = run(campaign, officer, io.BytesIO(payload))
    assert result.errors and "Excel" in result.errors[0].reason
