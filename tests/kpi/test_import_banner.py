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


def test_the_result_says_what_its_durations_measure(campaign, client_as, tmp_path, django_capture_on_commit_callbacks):
    import datetime as dt

    client = client_as("vanphong")
    data = write_csv(tmp_path / "so.csv", [row("A")]).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("kpi:import-list"),
            {"commune": campaign.commune.pk, "file": SimpleUploadedFile("so.csv", data), "dry_run": ""},
        )
    record = DossierImport.objects.get()
    # As if the upload had waited 7,6 s in the queue before 3 ms of work.
    DossierImport.objects.filter(pk=record.pk).update(
        duration_ms=3, finished_at=record.created_at + dt.timedelta(milliseconds=7600)
    )
    html = client.get(reverse("kpi:import-detail", args=[record.pk])).content.decode()
    assert "Thời gian xử lý (đọc, kiểm tra và ghi tệp): 3 ms" in html
    assert "từ lúc tải lên đến khi có kết quả: 7,6 giây" in html
    listing = client.get(reverse("kpi:import-list")).content.decode()
    assert "Thời gian xử lý</th>" in listing and '<td class="text-end">3 ms</td>' in listing


def test_durations_read_in_vietnamese_units():
    from tanbinh_portal.formatting import format_duration

    assert [format_duration(v) for v in (None, 0, 3, 999, 1000, 7600, 59_949, 125_000, 120_000)] == [
        "",
        "0 ms",
        "3 ms",
        "999 ms",
        "1 giây",
        "7,6 giây",
        "59,9 giây",
        "2 phút 5 giây",
        "2 phút",
    ]
