import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kpi.models import Dossier, DossierImport, ImportStatus, MonthlyReport
from kpi.services import dossier_import_from_path
from tanbinh_portal.optimistic import UNCHECKED
from tests.kpi.conftest import row, write_csv
from tests.xlsx import read_table

# Uncached, it was: session, user, groups, campaign, targets, monthly fields, values, unread count;
# cached (tests/kpi/test_views_cache.py) the targets, fields and values give way to 2 version queries.
# The year comparison adds the previous campaign (once) and, uncached, the month values it compares;
# the table of the commune's campaigns (outside the cached body) one more.
QUERIES = 11


@pytest.fixture
def imported(import_rows):
    return import_rows(
        [
            row("A"),
            row("B", **{"Ngày có kết quả": "20/03/2022", "Lĩnh vực": "Hộ tịch", "Kênh nộp": "2"}),
            row("C", **{"Ngày tiếp nhận": "04/04/2022", "Ngày hẹn trả": "08/04/2022", "Ngày có kết quả": "05/04/2022"}),
        ]
    )


def test_anonymous_wrong_role_and_right_role_on_the_dashboard(campaign, client, client_as):
    url = reverse("kpi:dashboard", args=[campaign.slug])
    assert client.get(url).status_code == 302
    assert client_as("canbo").get(url).status_code == 403
    assert client_as("hoidong").get(url).status_code == 200


def test_dashboard_shows_lights_charts_and_06a_from_stored_values(
    imported, campaign, client_as, django_assert_max_num_queries
):
    client = client_as("vanphong")
    url = reverse("kpi:dashboard", args=[campaign.slug])
    client.get(url)  # warm the session and user caches
    with django_assert_max_num_queries(QUERIES):
        response = client.get(url)
    html = response.content.decode()
    assert "Tiến độ so với chỉ tiêu" in html and "Biểu II.06a" in html
    assert 'id="kpi-chart-data"' in html and "data-kpi-chart" in html
    assert "<script>" not in html.replace('<script id="kpi-chart-data" type="application/json">', "")
    assert "66,67%" in html  # on-time rate of the campaign: 2 of 3


def test_dashboard_does_not_read_the_dossier_table(imported, campaign, client_as, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("vanphong")
    for name in ("kpi:dashboard", "kpi:by-field", "kpi:by-officer", "kpi:dashboard-export"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[campaign.slug])).status_code == 200
        assert not any("kpi_dossier" in q["sql"] for q in queries.captured_queries), name


def test_scope_pages_and_drilldown(imported, campaign, client_as):
    client = client_as("motcua")
    html = client.get(reverse("kpi:by-field", args=[campaign.slug]) + "?period=2022-03").content.decode()
    assert "Hộ tịch" in html and "Chứng thực" in html
    html = client.get(reverse("kpi:by-officer", args=[campaign.slug])).content.decode()
    assert "Phan Thị Ngọc" in html
    url = reverse("kpi:drilldown", args=[campaign.slug])
    html = client.get(url + "?indicator=on_time_rate&period=2022-03&part=denominator").content.decode()
    assert "2 hồ sơ" in html and ">A<" in html and ">B<" in html
    response = client.get(url + "?indicator=online_rate&period=campaign&format=xlsx")
    table = read_table(response.content)
    assert [row[0] for row in table.rows] == ["B"]
    assert table.title[1] == "Hồ sơ được đếm: Tỷ lệ hồ sơ nộp trực tuyến (tử số), Toàn xã"
    assert client.get(url + "?indicator=khong-co").status_code == 404
    assert client.get(url + "?scope=bad").status_code == 404


def test_dashboard_export_has_every_table(imported, campaign, client_as):
    response = client_as("chutich").get(reverse("kpi:dashboard-export", args=[campaign.slug]))
    titles = load_workbook(io.BytesIO(response.content)).sheetnames
    assert titles[:3] == ["Tiến độ chỉ tiêu", "Chỉ số theo tháng", "Biểu II.06a theo tháng"]
    assert len(titles) == 5 and titles[4] == "Theo lĩnh vực và cán bộ"


def test_upload_runs_as_a_task_and_the_page_polls_progress(
    campaign, client_as, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("vanphong")
    data = write_csv(tmp_path / "so.csv", [row("A"), row("B", **{"Kênh nộp": "Zalo"})]).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("kpi:import-list"),
            {"commune": campaign.commune.pk, "file": SimpleUploadedFile("so.csv", data), "dry_run": ""},
        )
    record = DossierImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("kpi:import-detail", args=[record.pk])
    assert record.status == ImportStatus.REJECTED and not Dossier.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert "Kênh nộp không hợp lệ" in html and "Tải báo cáo lỗi" in html
    partial = client.get(reverse("kpi:import-progress", args=[record.pk])).content.decode()
    assert "hx-get" not in partial  # finished: polling stops
    errors = read_table(client.get(reverse("kpi:import-errors", args=[record.pk])).content)
    assert list(errors.rows[0][:3]) == [3, "Kênh nộp", "Zalo"]


def test_the_last_poll_brings_the_row_errors_and_a_full_progress_bar(campaign, client_as, import_rows):
    """The officer watching the progress sees the rows to fix without reloading the page."""
    record = import_rows([row("A"), row("B", **{"Kênh nộp": "Zalo"})])
    partial = client_as("vanphong").get(reverse("kpi:import-progress", args=[record.pk])).content.decode()
    assert "hx-get" not in partial and 'value="100"' in partial
    assert "<td>3</td><td>Kênh nộp</td><td>Zalo</td>" in partial


def test_a_running_import_keeps_polling(campaign, client_as, live_runner):
    record = DossierImport.objects.create(
        commune=campaign.commune, file_name="x.csv", sha256="0" * 64, status="running", progress=40
    )
    live_runner(record)
    partial = client_as("vanphong").get(reverse("kpi:import-progress", args=[record.pk])).content.decode()
    assert "hx-get" in partial and 'value="40"' in partial


def test_upload_refuses_other_types_and_keeps_the_form(campaign, client_as):
    response = client_as("vanphong").post(
        reverse("kpi:import-list"), {"commune": campaign.commune.pk, "file": SimpleUploadedFile("so.pdf", b"%PDF")}
    )
    assert response.status_code == 200 and "Chỉ nhận tệp .csv" in response.content.decode()


def test_upload_over_upload_max_bytes_is_refused_naming_the_limit_nginx_mirrors(campaign, client_as, settings):
    """UPLOAD_MAX_BYTES is the form's limit; deploy/'s nginx refuses only bodies beyond it plus the form."""
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    header = "Mã hồ sơ,Ngày tiếp nhận\r\n".encode()
    at_limit = SimpleUploadedFile("so.csv", header + b"x" * (settings.UPLOAD_MAX_BYTES - len(header)))
    over = SimpleUploadedFile("so.csv", b"x" * (settings.UPLOAD_MAX_BYTES + 1))
    client = client_as("vanphong")
    refused = client.post(reverse("kpi:import-list"), {"commune": campaign.commune.pk, "file": over})
    assert refused.status_code == 200 and "Tệp lớn hơn 2 MB: hãy dùng lệnh import_dossiers" in refused.content.decode()
    assert not DossierImport.objects.exists()
    taken = client.post(reverse("kpi:import-list"), {"commune": campaign.commune.pk, "file": at_limit})
    assert taken.status_code == 302 and DossierImport.objects.count() == 1


def test_only_the_officer_may_upload(campaign, client_as):
    response = client_as("chutich").post(reverse("kpi:import-list"), {"commune": campaign.commune.pk})
    assert response.status_code == 403


def test_the_downloadable_sample_imports_cleanly(campaign, client_as, tmp_path, officer):
    response = client_as("motcua").get(reverse("kpi:import-template"))
    path = tmp_path / "mau.xlsx"
    path.write_bytes(response.content)
    record = dossier_import_from_path(actor=officer, commune=campaign.commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED, record.errors
    assert record.rows_added == 3


def test_monthly_form_saves_and_moves_through_states(campaign, client_as):
    officer = client_as("vanphong")
    url = reverse("kpi:monthly-edit", args=[campaign.slug, "2022-03"])
    response = officer.post(url, {"e_documents": "30", "digital_signatures": "12", "b06a_3": "5", "version": 0})
    assert response.status_code == 200 and "nhập đủ các cột" in response.content.decode()
    response = officer.post(url, {"e_documents": "30", "digital_signatures": "12", "version": 0})
    assert response.status_code == 302
    officer.post(reverse("kpi:monthly-submit", args=[campaign.slug, "2022-03"]))
    chairman = client_as("chutich")
    assert chairman.post(url, {"e_documents": "1"}).status_code == 403
    chairman.post(reverse("kpi:monthly-lock", args=[campaign.slug, "2022-03"]))
    assert MonthlyReport.objects.get().status == "locked"
    chairman.post(reverse("kpi:monthly-unlock", args=[campaign.slug, "2022-03"]), {"reason": ""})
    assert MonthlyReport.objects.get().status == "locked"
    chairman.post(reverse("kpi:monthly-unlock", args=[campaign.slug, "2022-03"]), {"reason": "Bổ sung số liệu"})
    assert MonthlyReport.objects.get().status == "draft"
    assert officer.get(reverse("kpi:monthly-edit", args=[campaign.slug, "2023-05"])).status_code == 404
    assert "Bản nháp" in officer.get(reverse("kpi:monthly-list", args=[campaign.slug])).content.decode()


def test_index_redirects_to_the_latest_campaign(campaign, client_as):
    response = client_as("hoidong").get(reverse("kpi:index"))
    assert response.status_code == 302 and campaign.slug in response["Location"]


def test_home_page_and_menu_point_to_the_dashboard(campaign, client_as):
    html = client_as("vanphong").get(reverse("home")).content.decode()
    assert reverse("kpi:dashboard", args=[campaign.slug]) in html
    assert reverse("kpi:index") in html
    assert reverse("kpi:index") not in client_as("canbo").get(reverse("home")).content.decode()


def test_monthly_figures_show_on_the_dashboard_and_in_its_export(campaign, officer, client_as):
    from kpi.services import indicators_recompute, monthly_values_save

    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 1234}, expected_version=UNCHECKED
    )
    indicators_recompute(campaign=campaign)
    client = client_as("chutich")
    assert "1.234" in client.get(reverse("kpi:dashboard", args=[campaign.slug])).content.decode()
    content = client.get(reverse("kpi:dashboard-export", args=[campaign.slug])).content
    labels = [row[0] for row in read_table(content, "Chỉ số theo tháng").rows]
    assert "Văn bản điện tử gửi, nhận qua trục liên thông" in labels


def test_a_count_judged_by_an_increase_target_is_not_shown_as_a_percentage(campaign, officer, client_as):
    """The demo plan's "nâng cao so với năm trước" targets are in %, the e-document value is a count."""
    from kpi.services import indicators_recompute, monthly_values_save

    monthly_values_save(
        actor=officer, campaign=campaign, month="2022-03", values={"e_documents": 128}, expected_version=UNCHECKED
    )
    indicators_recompute(campaign=campaign)
    html = client_as("chutich").get(reverse("kpi:dashboard", args=[campaign.slug])).content.decode()
    assert "128" in html and "128%" not in html
