import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Person, Unit
from tests.campaigns.test_staff_import import xlsx


def test_officer_adds_and_edits_a_unit(world, client_as):
    client = client_as("vanphong")
    response = client.post(
        reverse("campaigns:unit-create"),
        {"name": "  Ấp  Tân Nam ", "unit_type": "hamlet", "is_active": "on", "version": 0},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Ấp Tân Nam")
    response = client.post(
        reverse("campaigns:unit-edit", args=[unit.pk]),
        {"name": "Ấp Tân Đông", "unit_type": "hamlet", "version": unit.version},
    )
    assert "Đã có tập thể tên" in response.content.decode()


def test_person_form_keeps_values_when_the_unit_is_missing(world, client_as):
    page = (
        client_as("vanphong")
        .post(
            reverse("campaigns:person-create"), {"full_name": "Nguyễn Văn Giữ", "position": "Công chức", "sex": "male"}
        )
        .content.decode()
    )
    assert "Hãy chọn tập thể" in page and "Nguyễn Văn Giữ" in page


def test_person_filter_with_bad_unit_id_or_nul_bytes_does_not_fail(world, client_as):
    client = client_as("vanphong")
    assert client.get(reverse("campaigns:person-list") + "?tap_the=abc&q=%00").status_code == 200
    assert (
        client.get(reverse("campaigns:person-list") + "?tap_the=99999999999999999999&q=L%C3%AA%00").status_code == 200
    )
    assert client.get(reverse("audit-log") + "?loai=%00x").status_code == 200


def test_staff_import_page_reports_rows_and_applies_a_valid_file(world, client_as):
    client = client_as("vanphong")
    bad = xlsx([["A", "B", "Không có", "Nam", "", ""]]).getvalue()
    page = client.post(reverse("campaigns:staff-import"), {"file": SimpleUploadedFile("ds.xlsx", bad)}).content.decode()
    assert "Tệp bị từ chối" in page and "Không có tập thể này" in page
    good = xlsx([["Nguyễn Văn Mới", "Công chức", "Ủy ban nhân dân xã", "Nam", "", ""]]).getvalue()
    response = client.post(reverse("campaigns:staff-import"), {"file": SimpleUploadedFile("ds.xlsx", good)})
    assert response.status_code == 302
    assert Person.objects.filter(full_name="Nguyễn Văn Mới").exists()


def test_staff_import_refuses_a_file_that_is_not_excel(world, client_as):
    page = (
        client_as("vanphong")
        .post(
            reverse("campaigns:staff-import"),
            {"file": SimpleUploadedFile("ds.xlsx", io.BytesIO(b"Ho va ten;Chuc vu").getvalue()), "dry_run": "on"},
        )
        .content.decode()
    )
    assert "không phải Excel" in page


def test_staff_template_downloads_with_the_import_headers(world, client_as):
    from openpyxl import load_workbook

    from campaigns.staff_import import COLUMNS

    response = client_as("vanphong").get(reverse("campaigns:staff-import-template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == list(COLUMNS.values())
    # The file is re-uploaded: header on row 1, every column kept as text, header frozen and filtered.
    assert sheet["A2"].number_format == "@" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1")


def test_officer_records_a_units_member_count_audited(world, client_as):
    from tanbinh_portal.models import AuditEvent

    client = client_as("vanphong")
    unit = Unit.objects.get(name="Ủy ban nhân dân xã")
    before = unit.member_count  # the demo organisation's own count (24)
    assert before != 1250
    base = {"name": unit.name, "unit_type": unit.unit_type, "is_active": "on", "version": unit.version}
    page = client.post(reverse("campaigns:unit-edit", args=[unit.pk]), base | {"member_count": "0"}).content.decode()
    assert "Số thành viên phải từ 1 trở lên" in page
    response = client.post(reverse("campaigns:unit-edit", args=[unit.pk]), base | {"member_count": "1.250"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.member_count == 1250
    event = AuditEvent.objects.filter(action="unit.update", object_id=str(unit.pk)).latest("pk")
    assert event.changes["member_count"] == [before, 1250]
    page = client.get(reverse("campaigns:unit-list")).content.decode()
    assert "Số thành viên" in page and "1250" in page


def test_officer_records_a_persons_year_of_birth_audited(world, client_as):
    from tanbinh_portal.models import AuditEvent

    client = client_as("vanphong")
    person = Person.objects.filter(commune=world["campaign"].commune).select_related("unit").first()
    before = person.year_of_birth  # the demo's year for this person
    assert before != 1984
    base = {
        "full_name": person.full_name,
        "position": person.position,
        "unit": person.unit_id,
        "sex": person.sex,
        "is_active": "on",
        "version": person.version,
    }
    url = reverse("campaigns:person-edit", args=[person.pk])
    for bad, message in (
        ("1850", "Năm sinh phải từ 1900"),
        ("2999", "không thể sau năm hiện tại"),
        ("abc", "bốn chữ số"),
    ):
        assert message in client.post(url, base | {"year_of_birth": bad}).content.decode()
    assert client.post(url, base | {"year_of_birth": "1984"}).status_code == 302
    person.refresh_from_db()
    assert person.year_of_birth == 1984
    event = AuditEvent.objects.filter(action="person.update", object_id=str(person.pk)).latest("pk")
    assert event.changes["year_of_birth"] == [before, 1984]
    assert "1984" in client.get(reverse("campaigns:person-list")).content.decode()
