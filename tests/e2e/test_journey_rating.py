"""Journey (issue 16) on a phone: the desk prints a dossier's receipt, the citizen's phone reads the QR
code on it (decoded from the rendered image with zxing-cpp), rates the service without logging in,
and the chairman's dashboard shows the new dissatisfaction rate."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from kpi.models import CitizenRating, IndicatorValue
from kpi.services import dossier_import_from_path
from kpi.templatetags.kpi_tags import kpi_value
from tests.e2e.conftest import SCREENSHOTS
from tests.kpi.conftest import row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "tan-binh-cchc-2022"
CODE = "TB-220310-77001"
PHONE = {"width": 390, "height": 844}
RATE_LABEL = "Tỷ lệ không hài lòng do nhũng nhiễu, gây phiền hà"


@pytest.fixture
def returned_dossier(demo, tmp_path, officer, settings):
    """A March 2022 dossier, resolved and returned; its code is kept valid for the journey (the demo's
    2022 results are years old today, and the code expires RATING_VALID_DAYS after the return)."""
    settings.RATING_VALID_DAYS = 3650 * 3
    path = write_csv(tmp_path / "so.csv", [row(CODE, **{"Ngày trả kết quả": "09/03/2022 09:00"})])
    dossier_import_from_path(actor=officer, commune=demo["campaign"].commune, path=path, dry_run=False)


def stored_rate():
    return IndicatorValue.objects.get(
        campaign__slug=SLUG, indicator="dissatisfaction_rate", period="campaign", scope="commune"
    )


def dashboard_rate_cell(page, live_server) -> str:
    page.goto(f"{live_server.url}/chi-so/{SLUG}/")
    return page.locator("tr", has=page.locator("th", has_text=RATE_LABEL)).locator("td").last.inner_text().strip()


def test_receipt_qr_code_rating_on_a_phone_changes_the_dashboard(
    returned_dossier, browser, live_server, page, login, shot, axe
):
    login("chutich")
    before = dashboard_rate_cell(page, live_server)
    assert before == kpi_value(stored_rate())

    # The desk, on a phone-sized screen, prints the receipt.
    login("motcua")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/chi-so/mot-cua/?ma=77001")
    page.get_by_role("button", name="In giấy tiếp nhận (Mẫu 01)").click()
    page.wait_for_url("**/giay-tiep-nhan/")
    assert page.get_by_role("heading", name="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ").first.is_visible()
    shot("rating-receipt")
    image = Image.open(io.BytesIO(page.locator(".rating .qr svg").screenshot()))
    codes = zxingcpp.read_barcodes(image)
    assert [c.format for c in codes] == [zxingcpp.BarcodeFormat.QRCode]
    url = codes[0].text
    assert url.startswith(f"{live_server.url}/danh-gia/") and CODE not in url

    # The citizen's phone: no account, no cookie of the desk.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    citizen = phone.new_page()
    errors = []
    citizen.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    citizen.goto(url)
    assert citizen.get_by_role("heading", name="Đánh giá việc giải quyết hồ sơ").is_visible()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Võ Thị Lan" not in citizen.content()  # the receiving officer's name is on the paper, not here
    citizen.get_by_label("Không hài lòng").check()
    citizen.get_by_label("Nhũng nhiễu, gây phiền hà").check()
    citizen.get_by_label("Ý kiến khác", exact=False).fill("Phải đi lại ba lần")
    citizen.screenshot(path=str(SCREENSHOTS / "rating-phone.png"), full_page=True)
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_url("**/da-gui/")
    assert citizen.get_by_role("heading", name="Cảm ơn ông/bà đã đánh giá").is_visible()
    assert errors == []
    phone.close()

    rating = CitizenRating.objects.get(dossier__code=CODE)
    assert (rating.level, rating.harassment, rating.comment) == (3, True, "Phải đi lại ba lần")

    # The chairman's dashboard shows the recomputed rate at once (the page's cache follows the data).
    login("chutich")
    after = dashboard_rate_cell(page, live_server)
    assert after == kpi_value(stored_rate()) and after != before
    assert page.console_errors == []


def test_the_rating_page_and_its_errors_pass_axe_on_a_phone(returned_dossier, live_server, page, login, axe):
    login("motcua")
    page.goto(f"{live_server.url}/chi-so/mot-cua/?ma=77001")
    page.get_by_role("button", name="In phiếu nhỏ có mã QR").click()
    page.wait_for_url("**/phieu-danh-gia/")
    url = zxingcpp.read_barcodes(Image.open(io.BytesIO(page.locator(".qr svg").screenshot())))[0].text
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(url)
    axe("trang đánh giá")
    page.get_by_role("button", name="Gửi đánh giá").click()
    assert page.get_by_text("Xin chọn một mức").is_visible()
    axe("trang đánh giá có lỗi")
    page.goto(f"{live_server.url}/cong-khai/tan-binh/{SLUG}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe("trang công khai kết quả")
