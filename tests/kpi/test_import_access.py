"""The one-stop desk uploads the log it prepares and sees its own imports; the officer keeps the rest."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpi.models import DossierImport, ImportStatus
from tests.kpi.conftest import row, write_csv


def upload(client, campaign, tmp_path, capture, rows, name="so.csv"):
    data = write_csv(tmp_path / name, rows).read_bytes()
    with capture(execute=True):
        return client.post(
            reverse("kpi:import-list"),
            {"commune": campaign.commune.pk, "file": SimpleUploadedFile(name, data), "dry_run": ""},
        )


def test_the_one_stop_desk_uploads_and_sees_only_its_own_imports(
    campaign, client_as, tmp_path, django_capture_on_commit_callbacks, users
):
    capture = django_capture_on_commit_callbacks
    desk, officer = client_as("motcua"), client_as("vanphong")
    response = upload(desk, campaign, tmp_path, capture, [row("A")], "cua-motcua.csv")
    own = DossierImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("kpi:import-detail", args=[own.pk])
    assert own.created_by == users["motcua"] and own.status == ImportStatus.APPLIED
    upload(officer, campaign, tmp_path, capture, [row("B", **{"Kênh nộp": "Zalo"})], "cua-vanphong.csv")
    other = DossierImport.objects.exclude(pk=own.pk).get()

    listing = desk.get(reverse("kpi:import-list")).content.decode()
    assert "cua-motcua.csv" in listing and "cua-vanphong.csv" not in listing
    assert "Các lần nhập của bạn" in listing and 'enctype="multipart/form-data"' in listing
    for name in ("kpi:import-detail", "kpi:import-progress", "kpi:import-errors"):
        assert desk.get(reverse(name, args=[own.pk])).status_code == 200, name
        assert desk.get(reverse(name, args=[other.pk])).status_code == 404, name  # like a missing one
        assert desk.get(reverse(name, args=[other.pk + 100])).status_code == 404, name
    listing = officer.get(reverse("kpi:import-list")).content.decode()
    assert "cua-motcua.csv" in listing and "cua-vanphong.csv" in listing
    assert officer.get(reverse("kpi:import-detail", args=[own.pk])).status_code == 200
    assert "Nhập sổ hồ sơ" in desk.get(reverse("home")).content.decode()  # in the desk's menu


def test_only_the_officer_retries_and_sees_the_retry_button(campaign, client_as, users):
    record = DossierImport.objects.create(
        commune=campaign.commune,
        file_name="x.csv",
        sha256="0" * 64,
        status=ImportStatus.FAILED,
        file="kpi/imports/x.csv",
        created_by=users["motcua"],
    )
    assert "Thử lại" not in client_as("motcua").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert "Thử lại" in client_as("vanphong").get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert client_as("motcua").post(reverse("kpi:import-retry", args=[record.pk])).status_code == 403


def test_other_roles_still_cannot_upload(campaign, client_as):
    for username in ("chutich", "hoidong", "canbo"):
        response = client_as(username).post(reverse("kpi:import-list"), {"commune": campaign.commune.pk})
        assert response.status_code == 403, username


def test_a_pdf_renamed_xlsx_is_refused_at_upload_for_what_it_is(campaign, client_as):
    response = client_as("motcua").post(
        reverse("kpi:import-list"),
        {"commune": campaign.commune.pk, "file": SimpleUploadedFile("so.xlsx", b"%PDF-1.7\n" + b"\x00" * 64)},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Tệp này thực chất là tài liệu PDF" in html
    assert not DossierImport.objects.exists()


def test_the_result_page_offers_the_error_report_once_and_no_stale_processing_banner(
    campaign, client_as, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("vanphong")
    response = upload(client, campaign, tmp_path, django_capture_on_commit_callbacks, [row("A", **{"Kênh nộp": "9"})])
    html = client.get(response["Location"]).content.decode()
    assert 'data-import-status="rejected"' in html
    assert html.count("Tải báo cáo lỗi (Excel)") == 1
    assert "đang xử lý" not in html.casefold()
