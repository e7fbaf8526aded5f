"""Journey: a unit head registers the unit; the officer sees it and reminds the rest; CSP holds."""

import pytest

from campaigns.models import Registration, Unit

pytestmark = pytest.mark.django_db(transaction=True)


def test_unit_head_registers_and_officer_follows_up(demo, live_server, page, login, shot):
    login("canbo")
    assert "Chưa đăng ký thi đua cho bản thân, tập thể Hội Nông dân xã" in page.content()
    shot("foundation-01-home-canbo")
    page.click("text=Đăng ký thi đua")
    page.click("text=Đăng ký cho tập thể")
    page.check("input[name^=commit_] >> nth=1")
    page.fill("textarea[name=commitment_text]", "Tập thể cam kết giải quyết hồ sơ đất đai đúng hạn.")
    shot("foundation-02-registration-form")
    page.click("button[type=submit]:has-text('Đăng ký thi đua')")
    assert "Đã ghi nhận đăng ký thi đua của Hội Nông dân xã" in page.content()
    unit = Unit.objects.get(name="Hội Nông dân xã")
    assert Registration.objects.filter(unit=unit).exists()

    login("vanphong")
    page.goto(f"{live_server.url}/phong-trao/tan-binh-cchc-2022/dang-ky-thi-dua/danh-sach/")
    row = page.locator("table").first.locator("tr", has_text="Hội Nông dân xã")
    assert "Đã đăng ký" in row.inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Nhắc người chưa đăng ký")
    assert "Đã gửi lời nhắc" in page.content()
    shot("foundation-03-registration-overview")
    assert page.console_errors == []


def test_plan_page_renders_without_csp_violations(demo, live_server, page, login, shot):
    login("chutich")
    page.goto(f"{live_server.url}/phong-trao/tan-binh-cchc-2022/")
    assert page.locator("h1", has_text="KẾ HOẠCH").is_visible()
    shot("foundation-04-plan-page")
    assert page.console_errors == []


def test_anonymous_visitor_is_sent_to_login(live_server, page):
    page.goto(f"{live_server.url}/phong-trao/")
    assert "/dang-nhap/" in page.url
    assert page.locator("h1", has_text="Đăng nhập").is_visible()
