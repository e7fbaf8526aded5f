"""Journey: an official reads their own progress on a phone, and a unit head their unit's."""

import pytest

from tests.e2e.conftest import AXE_BLOCKING, axe_violations
from tests.kpi.conftest import row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def import_small_log(demo, tmp_path):
    """Four dossiers Võ Thị Lan received in March 2022, one resolved late (through the real import)."""
    from kpi.services import dossier_import_from_path

    rows = [row(f"HS{i}") for i in range(1, 4)] + [row("HS4", **{"Ngày có kết quả": "15/03/2022 10:00"})]
    path = write_csv(tmp_path / "so.csv", rows)
    campaign = demo["campaign"]
    dossier_import_from_path(actor=demo["users"]["vanphong"], commune=campaign.commune, path=path, dry_run=False)


def open_menu_entry(page, label: str) -> None:
    if page.locator(".navbar-toggler").is_visible():  # the menu collapses below 992 px
        page.click(".navbar-toggler")
    page.get_by_role("link", name=label).first.click()


def test_an_official_reads_their_progress_on_a_phone(demo, live_server, page, login, shot, tmp_path):
    import_small_log(demo, tmp_path)
    login("motcua")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    open_menu_entry(page, "Tiến độ của tôi")
    page.wait_for_url("**/tien-do/ca-nhan/**")
    assert page.get_by_role("heading", name="Tiến độ của tôi").is_visible()
    assert page.get_by_text("Đã đăng ký thi đua ngày").is_visible()
    table = page.get_by_role("region", name="Hồ sơ do Võ Thị Lan tiếp nhận theo tháng")
    march = table.get_by_role("row", name="Tháng 03/2022")
    assert "75%" in march.inner_text() and "3/4" in march.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert [v for v in axe_violations(page) if v["impact"] in AXE_BLOCKING] == []
    shot("progress-phone-official")

    # She works at the one-stop desk but does not head it (a Phó Chủ tịch UBND xã does): no unit progress.
    assert page.get_by_role("link", name="Tiến độ của tập thể Bộ phận Tiếp nhận và Trả kết quả").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.console_errors == []
