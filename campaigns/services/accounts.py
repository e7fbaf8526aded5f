"""Writes of the commune's account administration (Quản trị tài khoản xã).

The commune administrator creates the commune's accounts, gives and withdraws the commune's roles
(through :func:`~campaigns.services.organisation.role_grant` / ``role_withdraw``), resets passwords and
deactivates or reactivates accounts, without the Django admin. Every write is audited (who, when,
what, from what to what, why).

Whose account a commune administrator may manage: an account of the commune (one that holds or held a
role there, or is linked to one of its people) that is no site administrator and holds no active role
anywhere else. The password and the on/off switch of an account that also works for another commune,
the district or the province belong to the site administrator: otherwise the administrator of one
commune could take over an account that acts for another place.

An administrator cannot lock the commune out of its own account administration: the last active
administrator of a commune keeps that role and stays active, and nobody deactivates their own account.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns.models import Commune, Person
from campaigns.selectors import account_manage_problem, is_account_of
from campaigns.services.organisation import require_another_admin, role_grant
from tanbinh_portal.accounts import account_password_set
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.models import PasswordChangeDue
from tanbinh_portal.roles import COMMUNE_ADMIN, COMMUNE_ROLES, require_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.text import clean_line, clean_text

ACCOUNT_ADMINS_ONLY = "Chỉ Quản trị tài khoản xã quản lý tài khoản của xã mình."
ROLES_OF_COMMUNE_ONLY = "Quản trị tài khoản xã chỉ giao các vai trò của xã; vai trò “{role}” không giao được ở đây."


def _require_admin(actor: User, commune: Commune) -> None:
    require_role(actor, COMMUNE_ADMIN, message=ACCOUNT_ADMINS_ONLY, at=commune)


def _require_account_of(user: User, commune: Commune) -> None:
    if not is_account_of(user, commune):
        raise NotPermitted("Tài khoản này không thuộc xã.")


def _require_manageable(user: User, commune: Commune) -> None:
    _require_account_of(user, commune)
    problem = account_manage_problem(commune, user)
    if problem:
        raise ServiceError(problem, code="not_manageable")


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), code="password", field="password") from None


def _check_person(person: Person | None, commune: Commune, user: User | None = None) -> None:
    if person is None:
        return
    if person.commune_id != commune.pk:
        raise ServiceError("Cán bộ phải thuộc xã này.", code="person_commune", field="person")
    if person.user_id is not None and (user is None or person.user_id != user.pk):
        raise ServiceError(
            f"{person.full_name} đã có tài khoản “{person.user.username}”.", code="person_taken", field="person"
        )


def _link_person(actor: User, person: Person, user: User | None) -> None:
    """Link ``person`` to ``user`` (None: unlink), the person's version moved on as every edit does."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    old = person.user.username if person.user_id else None
    person.user = user
    person.version += 1
    person.save(update_fields=["user", "version"])
    audit_record(
        actor=actor,
        action=AuditAction.PERSON_UPDATE,
        obj=person,
        changes={"user": [old, user.username if user else None]},
    )


def account_create(
    *,
    actor: User,
    commune: Commune,
    username: str,
    full_name: str,
    email: str = "",
    person: Person | None = None,
    password: str,
    roles: list[str],
) -> User:
    """A new account of ``commune`` holding ``roles`` there, which must choose its own password at its
    first login."""
    _require_admin(actor, commune)
    username, full_name, email = clean_line(username), clean_line(full_name), clean_line(email)
    roles = list(dict.fromkeys(roles))
    if not username:
        raise ServiceError("Hãy nhập tên đăng nhập.", code="username", field="username")
    if not full_name:
        raise ServiceError("Hãy nhập họ và tên người dùng.", code="full_name", field="full_name")
    if not roles:
        raise ServiceError("Chọn ít nhất một vai trò cho tài khoản.", code="roles", field="roles")
    for role in roles:
        if role not in COMMUNE_ROLES:
            raise ServiceError(ROLES_OF_COMMUNE_ONLY.format(role=role), code="role_place", field="roles")
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            f"Đã có tài khoản “{username}”; hãy chọn tên đăng nhập khác.", code="username_taken", field="username"
        )
    _check_person(person, commune)
    user = User(username=username, first_name=full_name, email=email)
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        PasswordChangeDue.objects.create(user=user)
        audit_record(
            actor=actor,
            action=AuditAction.ACCOUNT_CREATE,
            obj=user,
            commune=commune,
            changes={
                "username": [None, username],
                "full_name": [None, full_name],
                "email": [None, email],
                "person": [None, person.full_name if person else None],
                "roles": [None, roles],
                "commune": [None, str(commune)],
                "must_change": [None, True],
            },
        )
        if person is not None:
            _link_person(actor, person, user)
        for role in roles:
            role_grant(actor=actor, user=user, role=role, place=commune)
    return user


def account_update(
    *, actor: User, commune: Commune, user: User, full_name: str, email: str = "", person: Person | None = None
) -> User:
    """Change the name, e-mail address or linked person of an account of the commune."""
    _require_admin(actor, commune)
    _require_manageable(user, commune)
    full_name, email = clean_line(full_name), clean_line(email)
    if not full_name:
        raise ServiceError("Hãy nhập họ và tên người dùng.", code="full_name", field="full_name")
    _check_person(person, commune, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        current = Person.objects.filter(user=user).first()
        changes = {}
        if user.first_name != full_name:
            changes["full_name"] = [user.first_name, full_name]
        if user.email != email:
            changes["email"] = [user.email, email]
        if (current.pk if current else None) != (person.pk if person else None):
            changes["person"] = [current.full_name if current else None, person.full_name if person else None]
        if not changes:
            return user
        user.first_name, user.email = full_name, email
        user.save(update_fields=["first_name", "email"])
        audit_record(actor=actor, action=AuditAction.ACCOUNT_UPDATE, obj=user, changes=changes, commune=commune)
        if "person" in changes:
            if current is not None:
                _link_person(actor, current, None)
            if person is not None:
                _link_person(actor, person, user)
    return user


def account_password_reset(*, actor: User, commune: Commune, user: User, password: str, reason: str) -> User:
    """A temporary password for an account of the commune; its sessions end, a login throttle on it is
    lifted, and the user must choose their own password at the next login."""
    _require_admin(actor, commune)
    _require_manageable(user, commune)
    if user.pk == actor.pk:
        raise ServiceError("Đổi mật khẩu của chính bạn ở trang “Đổi mật khẩu”.", code="own_account")
    reason = clean_text(reason)
    if not reason:
        raise ServiceError("Hãy ghi lý do đặt lại mật khẩu.", code="reason_required", field="reason")
    _check_password(password, user)
    with transaction.atomic():
        return account_password_set(
            actor=actor, user=user, password=password, reason=reason, must_change=True, commune=commune
        )


def account_deactivate(*, actor: User, commune: Commune, user: User, reason: str) -> User:
    """Switch an account of the commune off: it can no longer log in, and its open sessions end at
    their next request. Its roles and history stay."""
    _require_admin(actor, commune)
    _require_manageable(user, commune)
    reason = clean_text(reason)
    if not reason:
        raise ServiceError("Hãy ghi lý do khóa tài khoản.", code="reason_required", field="reason")
    if user.pk == actor.pk:
        raise ServiceError("Bạn không thể tự khóa tài khoản của mình.", code="own_account")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ServiceError(f"Tài khoản “{user.username}” đã bị khóa.", code="already_inactive")
        require_another_admin(commune, leaving=user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditAction.ACCOUNT_DEACTIVATE,
            commune=commune,
            obj=user,
            changes={"is_active": [True, False]},
            reason=reason,
        )
    return user


def account_reactivate(*, actor: User, commune: Commune, user: User, reason: str = "") -> User:
    """Switch a deactivated account of the commune back on."""
    _require_admin(actor, commune)
    _require_manageable(user, commune)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise ServiceError(f"Tài khoản “{user.username}” đang hoạt động.", code="already_active")
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditAction.ACCOUNT_REACTIVATE,
            commune=commune,
            obj=user,
            changes={"is_active": [False, True]},
            reason=clean_text(reason),
        )
    return user
