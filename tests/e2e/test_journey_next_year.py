"""Journey: the officer starts next year's plan from this one, reads what the dated rules changed, saves."""

import pytest

from campaigns.models import Campaign

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_creates_next_years_plan_after_reading_the_preview(demo, live_server, page, login, shot, axe):
    login("vanphong")
    page.goto(f"{live_server.url}/phong-trao/tan-binh-cchc-2022/")
    page.click("text=Tạo kế hoạch năm sau từ kế hoạch này")
    page.select_option("#id_nam", "2026")
    page.click("button:has-text('Xem trước')")
    table = page.locator("table").first
    assert "Giấy khen của Chủ tịch UBND huyện" in table.inner_text()
    assert "Sở Nội vụ tỉnh (Ban Thi đua – Khen thưởng)" in table.inner_text()
    assert "Trung tâm Phục vụ hành chính công xã" in table.inner_text()
    assert not Campaign.objects.filter(slug="tan-binh-cchc-2026").exists()  # nothing saved by the preview
    shot("next-year-01-preview")
    axe("next year preview")
    page.click("button:has-text('Tạo dự thảo kế hoạch năm 2026')")
    page.wait_for_url(f"{live_server.url}/phong-trao/tan-binh-cchc-2026/")
    assert "Đã tạo dự thảo kế hoạch năm 2026" in page.content()
    assert page.locator("text=Tạo từ kế hoạch").is_visible()
    shot("next-year-02-draft")
    assert Campaign.objects.get(slug="tan-binh-cchc-2026").copied_from.slug == "tan-binh-cchc-2022"
    assert page.console_errors == []
