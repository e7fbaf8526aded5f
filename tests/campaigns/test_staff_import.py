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


YEAR_HEADER = ["Họ và tên", "Chức vụ", "Tập thể", "Giới tính", "Năm sinh"]


def test_year_of_birth_column_is_read_as_text_or_number_and_checked(campaign, officer):
    def recorded_years():
        return dict(Person.objects.filter(year_of_birth__isnull=False).values_list("full_name", "year_of_birth"))

    before = recorded_years()  # the demo organisation's people have theirs already
    stream = xlsx(
        [
            ["Nguyễn Văn Mới", "Công chức", "Ủy ban nhân dân xã", "Nam", "1985"],
            ["Trần Thị Số", "Công chức", "Ủy ban nhân dân xã", "Nữ", 1990],
            ["Lê Văn Thực", "Công chức", "Ủy ban nhân dân xã", "Nam", 1979.0],
        ],
        header=YEAR_HEADER,
    )
    result = run(campaign, officer, stream)
    assert result.errors == [] and result.applied
    assert recorded_years() == before | {"Nguyễn Văn Mới": 1985, "Trần Thị Số": 1990, "Lê Văn Thực": 1979}


@pytest.mark.parametrize("bad", ["85", "1885", "3000", "năm 1985", "1985.5"])
def test_a_bad_year_of_birth_rejects_the_file_on_its_cell(campaign, officer, bad):
    before = Person.objects.count()
    result = run(
        campaign, officer, xlsx([["Nguyễn Văn Mới", "X", "Ủy ban nhân dân xã", "Nam", bad]], header=YEAR_HEADER)
    )
    assert not result.applied and Person.objects.count() == before
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "Năm sinh", bad)]
    assert "bốn chữ số" in result.errors[0].reason


def test_a_file_without_the_year_column_keeps_the_recorded_year(campaign, officer):
    person = Person.objects.filter(commune=campaign.commune).select_related("unit").first()
    Person.objects.filter(pk=person.pk).update(year_of_birth=1970)
    row = [person.full_name, person.position + " (đổi)", person.unit.name, person.get_sex_display(), "", ""]
    assert run(campaign, officer, xlsx([row])).applied
    person.refresh_from_db()
    assert person.year_of_birth == 1970 and person.position.endswith("(đổi)")
    # With the column, an empty cell clears the year, audited like any other change.
    row = [person.full_name, person.position, person.unit.name, person.get_sex_display(), ""]
    assert run(campaign, officer, xlsx([row], header=YEAR_HEADER)).applied
    person.refresh_from_db()
    assert person.year_of_birth is None
    event = AuditEvent.objects.filter(action="person.update", object_id=str(person.pk)).latest("pk")
    assert event.changes["year_of_birth"] == [1970, None]
