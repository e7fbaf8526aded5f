"""The message shown after an upload stays true once the import has finished."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpi.models import DossierImport, ImportStatus
from tests.kpi.conftest import row, write_csv


def test_finished_import_page_does_not_say_it_is_still_processing(
    campaign, client_as, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("vanphong")
    data = write_csv(tmp_path / "so.csv", [row("A"), row("B")]).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("kpi:import-list"),
            {"commune": campaign.commune.pk, "file": SimpleUploadedFile("so-thang-3.csv", data), "dry_run": ""},
        )
    assert DossierImport.objects.get().status == ImportStatus.APPLIED
    html = client.get(response["Location"]).content.decode()  # the page the browser lands on
    assert "Đã nhập" in html and "đang xử lý" not in html.lower()
    assert "so-thang-3.csv" in html  # the file the page is about, without a "đang xử lý" banner
