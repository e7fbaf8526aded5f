"""Council setup: choosing a member's account is enough; the name comes from the account unless typed."""

from __future__ import annotations

import json

from django.contrib.auth.models import User
from django.urls import reverse

from rewards.forms import MemberForm
from rewards.models import CouncilMember, CouncilRole


def _post(client, campaign, user, **fields):
    data = {"user": user.pk, "full_name": "", "position": "", "role": CouncilRole.MEMBER, **fields}
    return client.post(reverse("rewards:member-save", args=[campaign.slug]), data)


def test_the_name_may_be_left_empty_when_an_account_is_chosen(users):
    form = MemberForm({"user": users["canbo"].pk, "full_name": "", "position": "", "role": CouncilRole.MEMBER})
    assert form.is_valid(), form.errors


def test_an_empty_name_and_position_are_taken_from_the_accounts_staff_record(campaign, users, client_as):
    _post(client_as("vanphong"), campaign, users["canbo"])
    member = CouncilMember.objects.get(campaign=campaign, user=users["canbo"])
    person = users["canbo"].person
    assert (member.full_name, member.position) == (person.full_name, person.position)


def test_what_the_officer_types_wins_over_the_account(campaign, users, client_as):
    _post(client_as("vanphong"), campaign, users["canbo"], full_name="Đặng Văn Minh (Tổ trưởng)", position="Tổ viên")
    member = CouncilMember.objects.get(campaign=campaign, user=users["canbo"])
    assert (member.full_name, member.position) == ("Đặng Văn Minh (Tổ trưởng)", "Tổ viên")


def test_an_account_without_a_staff_record_gives_its_display_name(campaign, users, client_as):
    outsider = User.objects.create_user("khach", first_name="Ngô Thị Khách", password="x")  # noqa: S106
    _post(client_as("vanphong"), campaign, outsider)
    member = CouncilMember.objects.get(campaign=campaign, user=outsider)
    assert (member.full_name, member.position) == ("Ngô Thị Khách", "")


def test_the_page_gives_the_script_each_accounts_name_to_fill_in(campaign, users, client_as):
    page = client_as("vanphong").get(reverse("rewards:round-config", args=[campaign.slug])).content.decode()
    start = page.index('<script id="member-accounts" type="application/json">') + len(
        '<script id="member-accounts" type="application/json">'
    )
    accounts = json.loads(page[start : page.index("</script>", start)])
    assert accounts[str(users["canbo"].pk)] == {"name": "Đặng Văn Minh", "position": "Chủ tịch Hội Nông dân xã"}
    assert "data-member-form" in page and "js/rewards.js" in page
    assert "Để trống: lấy họ tên của tài khoản." in page
