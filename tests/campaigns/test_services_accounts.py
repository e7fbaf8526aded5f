"""The commune's account administration (campaigns/services/accounts.py, and the role services it uses):
who may do what, the rules on passwords and places, the last administrator, the audit trail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from campaigns import selectors
from campaigns.models import Commune, Person, RoleAssignment
from campaigns.services import accounts as services
from campaigns.services.organisation import role_grant, role_withdraw
from tanbinh_portal import roles
from tanbinh_portal.models import AuditEvent, PasswordChangeDue
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tests.factories import CommuneFactory, make_user

PASSWORD = "Ban-dau-2026-xyz"


@pytest.fixture
def commune(campaign) -> Commune:
    return campaign.commune


@pytest.fixture
def admin(users) -> User:
    """The demo's commune administrator (``quantri``), the only one of xã Tân Bình."""
    return users["quantri"]


@pytest.fixture
def other_commune(world) -> Commune:
    return CommuneFactory(code="thanh-tay-thu", name="Thạnh Tây")


def _create(admin, commune, **overrides) -> User:
    data = {
        "username": "tuphap.ngoc",
        "full_name": "Phan Thị Ngọc",
        "email": "",
        "person": None,
        "password": PASSWORD,
        "roles": [roles.ONE_STOP],
    }
    return services.account_create(actor=admin, commune=commune, **(data | overrides))


def test_the_administrator_creates_an_account_with_its_roles_at_the_commune(admin, commune):
    person = Person.objects.get(commune=commune, full_name="Phan Thị Ngọc")
    user = _create(admin, commune, person=person, roles=[roles.ONE_STOP, roles.STAFF])
    assert user.check_password(PASSWORD) and user.is_active and user.first_name == "Phan Thị Ngọc"
    assert set(
        RoleAssignment.objects.filter(user=user, commune=commune, withdrawn_at__isnull=True).values_list(
            "role", flat=True
        )
    ) == {roles.ONE_STOP, roles.STAFF}
    assert PasswordChangeDue.objects.filter(user=user).exists()  # changed at the first login
    assert Person.objects.get(pk=person.pk).user == user
    event = AuditEvent.objects.get(action="account.create", object_id=str(user.pk))
    assert event.actor == admin and event.commune_id == commune.pk  # in the commune's own log
    assert event.changes["username"] == [None, "tuphap.ngoc"] and event.changes["roles"][1] == [
        roles.ONE_STOP,
        roles.STAFF,
    ]
    assert PASSWORD not in str(event.changes)
    assert AuditEvent.objects.filter(action="role.grant", actor=admin).count() == 2
    assert AuditEvent.objects.get(action="person.update", object_id=str(person.pk)).changes == {
        "user": [None, "tuphap.ngoc"]
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "CHUTICH"}, "username", "Đã có tài khoản “CHUTICH”"),
        ({"password": "abc12"}, "password", "Mật khẩu quá ngắn"),
        ({"password": "12345678901"}, "password", "không được chỉ gồm chữ số"),
        ({"password": "tuphap.ngoc1"}, "password", "quá giống tên đăng nhập"),
        ({"roles": []}, "roles", "Chọn ít nhất một vai trò"),
        ({"roles": [roles.DISTRICT]}, "roles", "chỉ giao các vai trò của xã"),
        ({"roles": [roles.PROVINCE]}, "roles", "chỉ giao các vai trò của xã"),
        ({"full_name": "  "}, "full_name", "Hãy nhập họ và tên"),
    ],
)
def test_a_bad_account_is_refused_in_vietnamese_and_nothing_is_written(admin, commune, overrides, field, message):
    before = (User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as refused:
        _create(admin, commune, **overrides)
    assert message in str(refused.value) and refused.value.field == field
    assert (User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


def test_a_person_of_another_commune_or_with_an_account_cannot_be_linked(admin, commune, other_commune):
    from tests.factories import PersonFactory

    stranger = PersonFactory(unit__commune=other_commune)
    with pytest.raises(ServiceError, match="Cán bộ phải thuộc xã này"):
        _create(admin, commune, person=stranger)
    taken = Person.objects.get(commune=commune, full_name="Lê Văn Tài")  # the chairman's account
    with pytest.raises(ServiceError, match="đã có tài khoản “chutich”"):
        _create(admin, commune, person=taken)


def test_only_the_communes_own_administrator_manages_its_accounts(commune, other_commune, users):
    with pytest.raises(NotPermitted):
        _create(users["vanphong"], commune)  # the office officer is no account administrator
    elsewhere = make_user("quantri-thanhtay", roles.COMMUNE_ADMIN, commune=other_commune)
    with pytest.raises(NotPermitted):
        _create(elsewhere, commune)
    with pytest.raises(NotPermitted):
        role_grant(actor=elsewhere, user=users["canbo"], role=roles.OFFICER, place=commune)
    with pytest.raises(NotPermitted):
        services.account_deactivate(actor=elsewhere, commune=commune, user=users["canbo"], reason="Thử")


def test_the_administrator_grants_only_the_communes_roles_and_only_there(admin, commune, other_commune, users):
    canbo = users["canbo"]
    assignment = role_grant(actor=admin, user=canbo, role=roles.ONE_STOP, place=commune)
    assert assignment.commune == commune and assignment.granted_by == admin
    with pytest.raises(ServiceError, match="chỉ được giao tại một huyện"):
        role_grant(actor=admin, user=canbo, role=roles.DISTRICT, place=commune)
    with pytest.raises(NotPermitted):
        role_grant(actor=admin, user=canbo, role=roles.DISTRICT, place=commune.district)
    with pytest.raises(NotPermitted):
        role_grant(actor=admin, user=canbo, role=roles.PROVINCE, place=commune.province)
    with pytest.raises(NotPermitted):
        role_grant(actor=admin, user=canbo, role=roles.OFFICER, place=other_commune)


def test_withdrawing_a_role_needs_a_reason_and_keeps_the_history(admin, commune, users):
    assignment = role_grant(actor=admin, user=users["canbo"], role=roles.ONE_STOP, place=commune)
    with pytest.raises(ServiceError, match="Hãy ghi lý do"):
        role_withdraw(actor=admin, assignment=assignment, reason=" ")
    role_withdraw(actor=admin, assignment=assignment, reason="Chuyển công tác sang bộ phận khác")
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is not None
    event = AuditEvent.objects.get(action="role.withdraw", object_id=str(assignment.pk))
    assert event.actor == admin and event.reason == "Chuyển công tác sang bộ phận khác"
    history = selectors.account_summary(commune, users["canbo"]).history
    assert history[0].role == roles.ONE_STOP and history[0].withdrawn_by == admin.username
    assert history[0].reason == "Chuyển công tác sang bộ phận khác"


def test_the_last_administrator_cannot_withdraw_their_own_role(admin, commune):
    own = RoleAssignment.objects.get(user=admin, role=roles.COMMUNE_ADMIN, withdrawn_at__isnull=True)
    with pytest.raises(ServiceError, match="Quản trị tài khoản cuối cùng"):
        role_withdraw(actor=admin, assignment=own, reason="Thôi làm quản trị")
    assert RoleAssignment.objects.filter(pk=own.pk, withdrawn_at__isnull=True).exists()
    deputy = make_user("quantri-2", roles.COMMUNE_ADMIN, commune=commune)
    role_withdraw(actor=admin, assignment=own, reason="Bàn giao cho quantri-2")
    assert not RoleAssignment.objects.filter(pk=own.pk, withdrawn_at__isnull=True).exists()
    theirs = RoleAssignment.objects.get(user=deputy, role=roles.COMMUNE_ADMIN, withdrawn_at__isnull=True)
    with pytest.raises(ServiceError, match="Quản trị tài khoản cuối cùng"):
        role_withdraw(actor=deputy, assignment=theirs, reason="Thử")


def test_a_deactivated_administrator_does_not_count_as_the_one_left(admin, commune):
    other = make_user("quantri-2", roles.COMMUNE_ADMIN, commune=commune)
    services.account_deactivate(actor=admin, commune=commune, user=other, reason="Nghỉ việc")
    own = RoleAssignment.objects.get(user=admin, role=roles.COMMUNE_ADMIN, withdrawn_at__isnull=True)
    with pytest.raises(ServiceError, match="Quản trị tài khoản cuối cùng"):
        role_withdraw(actor=admin, assignment=own, reason="Thử")


def test_a_password_reset_ends_the_sessions_and_must_be_changed(admin, commune, users, settings):
    canbo = users["canbo"]
    session = Client()
    session.force_login(canbo)
    services.account_password_reset(
        actor=admin, commune=commune, user=canbo, password="Tam-thoi-2026-abc", reason="Quên mật khẩu"
    )
    assert session.get(reverse("home")).status_code == 302  # the old session is over
    assert PasswordChangeDue.objects.filter(user=canbo).exists()
    event = AuditEvent.objects.get(action="account.password_reset", object_id=str(canbo.pk))
    assert event.actor == admin and event.reason == "Quên mật khẩu" and "Tam-thoi" not in str(event.changes)
    assert event.commune_id == commune.pk
    fresh = Client()
    fresh.post(reverse("login"), {"username": "canbo", "password": "Tam-thoi-2026-abc"})
    assert fresh.get(reverse("home"))["Location"] == reverse("password-change")


def test_a_reset_is_refused_for_oneself_a_weak_password_and_no_reason(admin, commune, users):
    with pytest.raises(ServiceError, match="trang “Đổi mật khẩu”"):
        services.account_password_reset(actor=admin, commune=commune, user=admin, password=PASSWORD, reason="Thử")
    with pytest.raises(ServiceError, match="Mật khẩu quá ngắn"):
        services.account_password_reset(actor=admin, commune=commune, user=users["canbo"], password="a1", reason="X")
    with pytest.raises(ServiceError, match="Hãy ghi lý do"):
        services.account_password_reset(actor=admin, commune=commune, user=users["canbo"], password=PASSWORD, reason="")
    assert not AuditEvent.objects.filter(action="account.password_reset").exists()


def test_an_account_that_also_works_elsewhere_is_the_site_administrators(admin, commune, other_commune, users):
    """Its password and on/off switch would act for the other place too: the commune's administrator
    may still give and withdraw roles at the commune."""
    noivu = users["noivu"]  # the district reviewer
    role_grant(actor=admin, user=noivu, role=roles.STAFF, place=commune)
    problem = selectors.account_manage_problem(commune, noivu)
    assert "Huyện Tân Biên" in problem and "quản trị hệ thống" in problem
    for call in (
        lambda: services.account_password_reset(
            actor=admin, commune=commune, user=noivu, password=PASSWORD, reason="X"
        ),
        lambda: services.account_deactivate(actor=admin, commune=commune, user=noivu, reason="X"),
        lambda: services.account_update(actor=admin, commune=commune, user=noivu, full_name="Ai đó"),
    ):
        with pytest.raises(ServiceError, match="quản trị hệ thống"):
            call()
    superuser = users["admin"]
    with pytest.raises(NotPermitted):  # no account of the commune at all
        services.account_deactivate(actor=admin, commune=commune, user=superuser, reason="X")


def test_deactivation_locks_the_account_out_and_reactivation_lets_it_in(admin, commune, users, settings):
    canbo = users["canbo"]
    session = Client()
    session.force_login(canbo)
    with pytest.raises(ServiceError, match="Hãy ghi lý do"):
        services.account_deactivate(actor=admin, commune=commune, user=canbo, reason="")
    services.account_deactivate(actor=admin, commune=commune, user=canbo, reason="Nghỉ hưu từ 01/12/2026")
    assert session.get(reverse("home")).status_code == 302  # the open session ends at its next request
    login = Client().post(reverse("login"), {"username": "canbo", "password": settings.DEMO_PASSWORD})
    assert login.status_code == 200 and "không đúng" in login.content.decode()
    with pytest.raises(ServiceError, match="đã bị khóa"):
        services.account_deactivate(actor=admin, commune=commune, user=canbo, reason="Lần nữa")
    services.account_reactivate(actor=admin, commune=commune, user=canbo, reason="Đi làm lại")
    assert Client().post(reverse("login"), {"username": "canbo", "password": settings.DEMO_PASSWORD}).status_code == 302
    changes = [
        e.changes["is_active"]
        for e in AuditEvent.objects.filter(object_id=str(canbo.pk), action__startswith="account.").order_by("id")
    ]
    assert changes == [[True, False], [False, True]]


def test_nobody_deactivates_their_own_account(admin, commune):
    with pytest.raises(ServiceError, match="không thể tự khóa"):
        services.account_deactivate(actor=admin, commune=commune, user=admin, reason="Thử")
    assert User.objects.get(pk=admin.pk).is_active


def test_an_update_moves_the_person_link_and_records_both_sides(admin, commune):
    user = _create(admin, commune, person=Person.objects.get(commune=commune, full_name="Phan Thị Ngọc"))
    other = Person.objects.get(commune=commune, full_name="Đỗ Văn Khánh")
    services.account_update(actor=admin, commune=commune, user=user, full_name="Đỗ Văn Khánh", person=other)
    assert Person.objects.get(full_name="Phan Thị Ngọc").user is None and Person.objects.get(pk=other.pk).user == user
    event = AuditEvent.objects.filter(action="account.update", object_id=str(user.pk)).get()
    assert event.changes == {
        "full_name": ["Phan Thị Ngọc", "Đỗ Văn Khánh"],
        "person": ["Phan Thị Ngọc", "Đỗ Văn Khánh"],
    }


def test_the_list_holds_the_communes_accounts_only(admin, commune, other_commune):
    make_user("vanphong-thanhtay", roles.OFFICER, commune=other_commune)
    names = [summary.user.username for summary in selectors.accounts_of(commune)]
    assert "chutich" in names and "quantri" in names and "vanphong-thanhtay" not in names
    assert "admin" not in names  # the site administrator holds no role at the commune
    stranger = User.objects.get(username="vanphong-thanhtay")
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.account_get_for(commune, stranger.pk)
