"""The account administration pages (campaigns/views/accounts.py): who opens them, what a bad input
says, another commune's account answering like a missing one, and the whole path of a new account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from campaigns.models import Commune, RoleAssignment
from tanbinh_portal import roles
from tanbinh_portal.models import AuditEvent, PasswordChangeDue

PASSWORD = "Ban-dau-2026-xyz"


@pytest.fixture
def commune(campaign) -> Commune:
    return campaign.commune


@pytest.fixture
def admin_client(client_as) -> Client:
    """The demo's commune administrator (``quantri``), the only one of xã Tân Bình."""
    return client_as("quantri")


def test_anonymous_users_go_to_login_and_other_roles_are_refused(world, client_as):
    url = reverse("campaigns:account-list")
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for username in ("chutich", "vanphong", "canbo", "noivu"):
        assert client_as(username).get(url).status_code == 403, username


def test_the_list_shows_the_communes_accounts_with_their_roles(admin_client):
    page = admin_client.get(reverse("campaigns:account-list")).content.decode()
    assert "chutich" in page and roles.CHAIRMAN in page and "Tạo tài khoản" in page
    assert 'name="viewport"' in page and "table-responsive" in page  # readable at phone width


def test_another_communes_account_answers_like_a_missing_one(admin_client, second_commune):
    stranger = second_commune["officer"]  # commune B's office officer
    before = (stranger.is_active, stranger.password, RoleAssignment.objects.filter(user=stranger).count())
    missing = max(User.objects.values_list("pk", flat=True)) + 100
    for name in ("account-detail", "account-edit", "account-password-reset", "account-deactivate"):
        theirs = admin_client.get(reverse(f"campaigns:{name}", args=[stranger.pk]))
        nobody = admin_client.get(reverse(f"campaigns:{name}", args=[missing]))
        assert theirs.status_code == nobody.status_code == 404, name
        posted = admin_client.post(
            reverse(f"campaigns:{name}", args=[stranger.pk]), {"reason": "Thử", "full_name": "X"}
        )
        assert posted.status_code == 404, name
    for name in ("account-reactivate", "account-role-grant"):
        response = admin_client.post(reverse(f"campaigns:{name}", args=[stranger.pk]), {"role": roles.STAFF})
        assert response.status_code == 404, name
    assignment = RoleAssignment.objects.filter(user=stranger, withdrawn_at__isnull=True).first()
    url = reverse("campaigns:account-role-withdraw", args=[stranger.pk, assignment.pk])
    assert admin_client.post(url, {"reason": "Thử"}).status_code == 404
    stranger.refresh_from_db()
    assert (stranger.is_active, stranger.password, RoleAssignment.objects.filter(user=stranger).count()) == before
    assert RoleAssignment.objects.get(pk=assignment.pk).withdrawn_at is None
    listing = admin_client.get(reverse("campaigns:account-list")).content.decode()
    assert stranger.username not in listing


def _create_form(**overrides) -> dict:
    return {
        "username": "tuphap.ngoc",
        "full_name": "Phan Thị Ngọc",
        "email": "",
        "person": "",
        "roles": [roles.ONE_STOP],
        "password": PASSWORD,
        "password_again": PASSWORD,
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "phan thị ngọc"}, "không có khoảng trắng"),
        ({"username": "chutich"}, "Đã có tài khoản “chutich”"),
        ({"password_again": "Khac-han-2026"}, "không khớp"),
        ({"password": "abc", "password_again": "abc"}, "Mật khẩu quá ngắn"),
        ({"roles": []}, "Chọn ít nhất một vai trò"),
        ({"roles": [roles.DISTRICT]}, "không giao được ở xã"),
        ({"email": "lan@"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"person": "999999"}, "không còn chọn được"),
        ({"full_name": "Phan\x00Ngọc"}, ""),
    ],
)
def test_a_bad_new_account_says_why_and_keeps_what_was_typed(admin_client, overrides, message):
    before = User.objects.count()
    response = admin_client.post(reverse("campaigns:account-create"), _create_form(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert User.objects.count() == before
    if "full_name" not in overrides:
        assert "Phan Thị Ngọc" in page  # nothing typed is lost
    assert PASSWORD not in page  # a password is never sent back


def test_a_new_account_logs_in_changes_its_password_and_works(admin_client, commune):
    response = admin_client.post(reverse("campaigns:account-create"), _create_form(roles=[roles.ONE_STOP]))
    user = User.objects.get(username="tuphap.ngoc")
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:account-detail", args=[user.pk])
    detail = admin_client.get(response["Location"]).content.decode()
    assert roles.ONE_STOP in detail and "Chờ người dùng đổi mật khẩu" in detail

    newcomer = Client()
    assert newcomer.post(reverse("login"), {"username": "tuphap.ngoc", "password": PASSWORD}).status_code == 302
    assert newcomer.get(reverse("home"))["Location"] == reverse("password-change")
    own = "Cua-rieng-toi-2026"
    newcomer.post(reverse("password-change"), {"old_password": PASSWORD, "new_password1": own, "new_password2": own})
    home = newcomer.get(reverse("home"))
    assert home.status_code == 200
    assert not PasswordChangeDue.objects.filter(user=user).exists()


def test_grant_and_withdraw_a_role_from_the_account_page(admin_client, users, commune):
    canbo = users["canbo"]
    url = reverse("campaigns:account-role-grant", args=[canbo.pk])
    assert admin_client.post(url, {"role": roles.ONE_STOP}).status_code == 302
    refused = admin_client.post(url, {"role": roles.DISTRICT})
    assert refused.status_code == 200 and "không giao được ở xã" in refused.content.decode()
    assignment = RoleAssignment.objects.get(user=canbo, role=roles.ONE_STOP, withdrawn_at__isnull=True)
    withdraw = reverse("campaigns:account-role-withdraw", args=[canbo.pk, assignment.pk])
    confirm = admin_client.get(withdraw)
    assert confirm.status_code == 200 and "Thu hồi vai trò" in confirm.content.decode()
    no_reason = admin_client.post(withdraw, {"reason": ""})
    assert no_reason.status_code == 200 and "Hãy ghi lý do" in no_reason.content.decode()
    assert admin_client.post(withdraw, {"reason": "Chuyển bộ phận"}).status_code == 302
    page = admin_client.get(reverse("campaigns:account-detail", args=[canbo.pk])).content.decode()
    assert "Chuyển bộ phận" in page  # the history says why
    assert admin_client.post(withdraw, {"reason": "Lần nữa"}).status_code == 404  # no longer active


def test_a_reset_shows_the_temporary_password_once_and_never_stores_it(admin_client, users):
    canbo = users["canbo"]
    url = reverse("campaigns:account-password-reset", args=[canbo.pk])
    no_reason = admin_client.post(url, {"password": "", "password_again": "", "reason": ""})
    assert no_reason.status_code == 200 and "Hãy ghi lý do đặt lại mật khẩu" in no_reason.content.decode()
    response = admin_client.post(url, {"password": "", "password_again": "", "reason": "Quên mật khẩu"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    temporary = re.search(r'<code class="user-select-all">([^<]+)</code>', response.content.decode()).group(1)
    assert User.objects.get(pk=canbo.pk).check_password(temporary)
    assert temporary not in str(list(AuditEvent.objects.values_list("changes", "reason")))
    again = admin_client.get(reverse("campaigns:account-detail", args=[canbo.pk])).content.decode()
    assert temporary not in again


def test_the_chairman_reads_the_account_changes_in_the_communes_log(admin_client, client_as):
    admin_client.post(reverse("campaigns:account-create"), _create_form())
    log = client_as("chutich").get(reverse("audit-log")).content.decode()
    assert "Tạo tài khoản" in log and "tuphap.ngoc" in log


def test_deactivate_and_reactivate_from_the_account_page(admin_client, users):
    canbo = users["canbo"]
    url = reverse("campaigns:account-deactivate", args=[canbo.pk])
    assert "Hãy ghi lý do" in admin_client.post(url, {"reason": ""}).content.decode()
    assert admin_client.post(url, {"reason": "Nghỉ việc"}).status_code == 302
    assert not User.objects.get(pk=canbo.pk).is_active
    page = admin_client.get(reverse("campaigns:account-list")).content.decode()
    assert "Đã khóa" in page
    response = admin_client.post(reverse("campaigns:account-reactivate", args=[canbo.pk]), follow=True)
    assert "Đã mở khóa tài khoản" in response.content.decode() and User.objects.get(pk=canbo.pk).is_active
    twice = admin_client.post(reverse("campaigns:account-reactivate", args=[canbo.pk]), follow=True)
    assert "đang hoạt động" in twice.content.decode()


def test_the_administrator_cannot_lock_themself_out_from_the_pages(admin_client):
    me = User.objects.get(username="quantri")
    response = admin_client.post(reverse("campaigns:account-deactivate", args=[me.pk]), {"reason": "Thử"})
    assert response.status_code == 200 and "không thể tự khóa" in response.content.decode()
    own = RoleAssignment.objects.get(user=me, role=roles.COMMUNE_ADMIN)
    url = reverse("campaigns:account-role-withdraw", args=[me.pk, own.pk])
    response = admin_client.post(url, {"reason": "Thử"})
    assert response.status_code == 200 and "Quản trị tài khoản cuối cùng" in response.content.decode()
    assert User.objects.get(pk=me.pk).is_active
    assert RoleAssignment.objects.get(pk=own.pk).withdrawn_at is None


ACCOUNT_FIELDS = ("username", "full_name", "email", "person", "roles", "role", "password", "password_again", "reason")
JUNK = [
    dict.fromkeys(ACCOUNT_FIELDS, "\x00'; DROP TABLE x; --"),
    dict.fromkeys(ACCOUNT_FIELDS, "-99999999999999999999"),
    dict.fromkeys(ACCOUNT_FIELDS, "ạ" * 5000),
    {},
]


def test_junk_input_on_the_account_pages_never_gives_a_server_error(admin_client, users):
    admin_client.raise_request_exception = False
    canbo = users["canbo"]
    assignment = RoleAssignment.objects.filter(user=canbo, withdrawn_at__isnull=True).first()
    urls = [reverse("campaigns:account-list"), reverse("campaigns:account-create")] + [
        reverse(f"campaigns:{name}", args=[canbo.pk])
        for name in ("account-detail", "account-edit", "account-role-grant", "account-password-reset")
    ]
    urls.append(reverse("campaigns:account-role-withdraw", args=[canbo.pk, assignment.pk]))
    errors = []
    for url in urls:
        for data in JUNK:
            for response in (admin_client.get(url, data), admin_client.post(url, data)):
                if response.status_code >= 500:
                    errors.append(f"{url} {sorted(data)[:1]}: {response.status_code}")
    assert errors == []


def test_the_person_form_offers_only_the_communes_own_accounts(client_as, second_commune):
    """Linking a person to an account: another commune's accounts are neither offered nor accepted."""
    page = client_as("vanphong").get(reverse("campaigns:person-create")).content.decode()
    assert ">chutich<" in page and f">{second_commune['officer'].username}<" not in page
