"""Journey: the officer adds a council member by choosing the account; the page fills in the name."""

import pytest
from django.contrib.auth.models import User

from rewards.models import CouncilMember

pytestmark = pytest.mark.django_db(transaction=True)


def test_choosing_an_account_fills_in_the_name_and_a_typed_name_stays(demo, live_server, page, login):
    login("vanphong")
    page.goto(f"{live_server.url}/khen-thuong/tan-binh-cchc-2022/cau-hinh/")
    form = page.locator("form[data-member-form]")
    canbo = User.objects.get(username="canbo")
    form.locator("select[name=user]").select_option(str(canbo.pk))
    assert form.locator("input[name=full_name]").input_value() == "Đặng Văn Minh"
    assert form.locator("input[name=position]").input_value() == "Chủ tịch Hội Nông dân xã"
    form.locator("input[name=full_name]").fill("Đặng Văn Minh (đại diện Hội Nông dân)")
    form.locator("select[name=user]").select_option(str(User.objects.get(username="motcua").pk))
    assert form.locator("input[name=full_name]").input_value() == "Đặng Văn Minh (đại diện Hội Nông dân)"
    assert form.locator("input[name=position]").input_value() == "Công chức Tư pháp – Hộ tịch"  # followed the account
    form.locator("select[name=user]").select_option(str(canbo.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Đã cập nhật thành viên Hội đồng.")
    member = CouncilMember.objects.get(campaign__slug="tan-binh-cchc-2022", user=canbo)
    assert (member.full_name, member.position) == ("Đặng Văn Minh (đại diện Hội Nông dân)", "Chủ tịch Hội Nông dân xã")
