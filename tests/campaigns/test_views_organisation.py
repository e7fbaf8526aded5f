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
