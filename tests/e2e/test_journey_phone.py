"""Journey: the pages fit a 390 px phone and the whole menu shows on a 1366 px desktop."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "tan-binh-cchc-2022"


def test_plan_and_dashboard_fit_a_phone_and_charts_keep_their_height(demo, live_server, page, login, shot):
    login("chutich")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (f"/phong-trao/{SLUG}/", f"/chi-so/{SLUG}/", f"/phong-trao/{SLUG}/dang-ky-thi-dua/danh-sach/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"{live_server.url}/chi-so/{SLUG}/")
    canvas = page.locator("canvas[data-kpi-chart]").first
    canvas.scroll_into_view_if_needed()
    assert canvas.bounding_box()["height"] >= 250
    shot("quality-phone-dashboard")
    assert page.console_errors == []


def test_the_whole_menu_shows_at_1366_px(demo, live_server, page, login):
    login("vanphong")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/")
    assert not page.locator(".navbar-toggler").is_visible()
    for label in ("Phong trào thi đua", "Chỉ số CCHC", "Khen thưởng", "Nhật ký", "Thông báo"):
        assert page.get_by_role("link", name=label).first.is_visible(), label


def test_every_page_says_where_you_are_on_a_phone_and_on_a_desktop(demo, live_server, page, login, shot):
    login("chutich")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", f"/phong-trao/{SLUG}/", "/noi-lam-viec/"):
        page.goto(live_server.url + path)
        place = page.locator(".place-bar .place-label")
        assert place.is_visible(), path  # not in the collapsed menu: seen without opening it
        assert "Xã Tân Bình · Chủ tịch UBND xã" in place.inner_text(), path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    shot("place-phone-header")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/")
    assert page.locator(".place-bar .place-label").is_visible()
    assert not page.locator(".navbar-toggler").is_visible()
    shot("place-desktop-header")
    assert page.console_errors == []
