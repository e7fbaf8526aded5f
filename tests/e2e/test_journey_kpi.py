"""Journey (issue 6): the officer imports a one-stop export with a bad row, reads the error, imports the
corrected file while the progress bar runs to the end, enters a month's figures, and sees the dashboard
and the drill-down change."""

from __future__ import annotations

import re

import pytest

from kpi.models import Dossier, DossierImport, ImportStatus, MonthlyValue
from kpi.services import dossier_import_from_path
from kpi.tasks import run_dossier_import
from tests.kpi.conftest import row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

NEW_CODES = ["TB-220314-90001", "TB-220314-90002", "TB-220315-90003"]


@pytest.fixture
def earlier_log(demo, tmp_path, officer):
    """The log already imported before the journey: five March dossiers of the desk."""
    path = write_csv(tmp_path / "so-thang-2.csv", [row(f"TB-220303-{i:05d}") for i in range(1, 6)])
    record = dossier_import_from_path(actor=officer, commune=demo["campaign"].commune, path=path, dry_run=False)
    assert record.status == ImportStatus.APPLIED
    return record


@pytest.fixture
def worker(monkeypatch, page):
    """A worker that picks up queued imports between two polls of the progress bar.

    Tasks run eagerly in tests, so an upload would be finished before its page loads and the polling
    never seen. Imports are held instead and run when the page asks for the progress again; the
    browser then receives the finished state exactly as with a real worker. Running them inside the
    intercepted poll keeps the live server idle meanwhile (with SQLite it shares the test's connection).
    """
    from kpi.services import imports
    from tanbinh_portal.tasks_dispatch import enqueue

    held: list[int] = []

    def hold(task, *args, **kwargs):
        if task is run_dossier_import:
            held.extend(args)
            return True
        return enqueue(task, *args, **kwargs)

    monkeypatch.setattr(imports, "enqueue", hold)

    def on_poll(route):
        while held:
            run_dossier_import(held.pop(0))
        route.continue_()

    page.route(re.compile(r".*/chi-so/nhap-ho-so/\d+/tien-do/$"), on_poll)
    return held


def _received_total(page):
    """The campaign total of "Hồ sơ tiếp nhận" in the dashboard's monthly table (last column)."""
    heading = page.locator("th", has_text=re.compile(r"^Hồ sơ tiếp nhận$"))
    return page.locator("table tr", has=heading).locator("td").last


def _upload(page, live_server, path, worker, shot, name):
    page.goto(f"{live_server.url}/chi-so/nhap-ho-so/")
    page.set_input_files("#id_file", str(path))
    page.click("button[type=submit]:has-text('Tải lên')")
    page.wait_for_url(re.compile(r"/chi-so/nhap-ho-so/\d+/$"))
    # Queued: the bar is there and htmx polls; the worker has not run yet.
    bar = page.locator("#import-progress[hx-get] progress")
    assert bar.get_attribute("value") == "0" and worker
    shot(f"{name}-a-queued")
    page.wait_for_selector("#import-progress [data-import-status]")
    assert page.locator("#import-progress[hx-get]").count() == 0  # polling stopped
    assert page.locator("#import-progress progress").get_attribute("value") == "100"
    shot(f"{name}-b-finished")


def test_officer_imports_fixes_a_bad_row_enters_figures_and_sees_the_numbers_move(
    demo, earlier_log, live_server, page, login, shot, worker, tmp_path
):
    campaign = demo["campaign"]
    login("vanphong")
    page.goto(f"{live_server.url}/chi-so/{campaign.slug}/")
    assert _received_total(page).inner_text() == "5"
    shot("kpi-01-dashboard-before")

    rows = [row(NEW_CODES[0]), row(NEW_CODES[1], **{"Kênh nộp": "Zalo"}), row(NEW_CODES[2])]
    bad = write_csv(tmp_path / "so-mot-cua-thang-3.csv", rows)
    _upload(page, live_server, bad, worker, shot, "kpi-02-import-rejected")
    assert page.locator("[data-import-status=rejected]").is_visible()
    error = page.locator("#import-errors tbody tr").first.locator("td")
    assert [error.nth(i).inner_text() for i in range(3)] == ["3", "Kênh nộp", "Zalo"]
    assert error.nth(3).inner_text().startswith("Kênh nộp không hợp lệ: dùng 1, 2, 3")
    assert not Dossier.objects.filter(code__in=NEW_CODES).exists()  # nothing written

    rows[1] = row(NEW_CODES[1], **{"Kênh nộp": "Trực tuyến"})
    good = write_csv(tmp_path / "so-mot-cua-thang-3-da-sua.csv", rows)
    _upload(page, live_server, good, worker, shot, "kpi-03-import-applied")
    assert page.locator("[data-import-status=applied]").is_visible()
    assert "thêm 3" in page.locator("#import-progress").inner_text()
    assert DossierImport.objects.filter(status=ImportStatus.APPLIED).count() == 2

    page.goto(f"{live_server.url}/chi-so/{campaign.slug}/")
    page.click("text=Số liệu tháng")
    page.locator("tr", has_text="Tháng 03/2022").locator("text=Mở").click()
    page.wait_for_url(re.compile(r"/so-lieu-thang/2022-03/$"))
    page.fill("#id_e_documents", "128")
    page.fill("#id_surveys", "2")
    shot("kpi-04-monthly-figures")
    page.click("button[type=submit]:has-text('Lưu')")
    assert "Đã lưu số liệu tháng." in page.content()
    assert MonthlyValue.objects.get(report__month="2022-03", key="e_documents").value == 128

    page.goto(f"{live_server.url}/chi-so/{campaign.slug}/")
    assert _received_total(page).inner_text() == "8"
    e_documents = page.locator("table tr", has=page.locator("th", has_text="Văn bản điện tử gửi, nhận"))
    assert e_documents.locator("td").last.inner_text() == "128"
    shot("kpi-05-dashboard-after")

    _received_total(page).locator("a").click()
    page.wait_for_url(re.compile(r"/ho-so/\?"))
    assert "8 hồ sơ" in page.content()
    listed = page.locator("table tbody tr td:first-child").all_inner_texts()
    assert set(NEW_CODES) <= set(listed)
    shot("kpi-06-drilldown")
    assert page.console_errors == []
