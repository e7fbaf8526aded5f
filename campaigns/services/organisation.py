"""Writes for the organisation: the places (province, district, commune), the roles held at them, the
commune's units (tập thể) and people (cá nhân)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from campaigns.models import Commune, District, Person, Province, RoleAssignment, Unit, UnitName
from campaigns.places import forget_roles
from campaigns.policies import ORGANISATION_EDITORS_ONLY
from tanbinh_portal import roles
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.optimistic import Unchecked, check_version
from tanbinh_portal.roles import OFFICER, require_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.text import clean_model_text, clean_text

# The 2025 reform ends every district on 30/06/2025: from 01/07/2025 the communes answer to the province.
REFORM_DISTRICTS_END = dt.date(2025, 6, 30)


def place_code(name: str) -> str:
    """A slug for a place name: “Tây Ninh” → ``tay-ninh`` (Đ, which Unicode does not decompose, → d)."""
    return slugify(name.replace("Đ", "D").replace("đ", "d"))


def province_get_or_create(*, name: str, code: str | None = None, actor=None) -> Province:
    with transaction.atomic():
        province, created = Province.objects.get_or_create(code=code or place_code(name), defaults={"name": name})
        if created:
            audit_record(actor=actor, action=AuditAction.PROVINCE_CREATE, obj=province)
    return province


def district_get_or_create(
    *, province: Province, name: str, code: str | None = None, valid_until=REFORM_DISTRICTS_END, actor=None
) -> District:
    """A district of ``province``; districts end on 30/06/2025 unless told otherwise."""
    with transaction.atomic():
        district, created = District.objects.get_or_create(
            code=code or place_code(name), defaults={"name": name, "province": province, "valid_until": valid_until}
        )
        if created:
            audit_record(actor=actor, action=AuditAction.DISTRICT_CREATE, obj=district)
    return district


def commune_get_or_create(
    *,
    code: str,
    name: str,
    district_name: str,
    province_name: str,
    actor=None,
    province: Province | None = None,
    district: District | None = None,
) -> Commune:
    """The commune ``code``, created with its province and district (found or created by name) if new."""
    with transaction.atomic():
        existing = Commune.objects.filter(code=code).first()
        if existing is not None:
            return existing
        province = province or province_get_or_create(name=province_name, actor=actor)
        if district is None and district_name:
            district = district_get_or_create(province=province, name=district_name, actor=actor)
        commune = Commune.objects.create(
            code=code,
            name=name,
            district_name=district_name,
            province_name=province_name,
            province=province,
            district=district,
        )
        audit_record(actor=actor, action=AuditAction.COMMUNE_CREATE, obj=commune)
    return commune


ONE_STOP_ADDRESS_MAX = 300
ONE_STOP_PHONE_MAX = 40
ONE_STOP_ADDRESS_TOO_LONG = f"Địa chỉ Bộ phận Một cửa dài quá {ONE_STOP_ADDRESS_MAX} ký tự, hãy viết gọn lại."
ONE_STOP_PHONE_TOO_LONG = f"Số điện thoại Bộ phận Một cửa dài quá {ONE_STOP_PHONE_MAX} ký tự."


def commune_contact_set(*, actor, commune: Commune, address: str, phone: str) -> Commune:
    """The address and phone of the commune's one-stop counter (shown to a citizen whose rating code
    has expired, docs/kpi.md); audited with from/to. The operator (a command) or the commune's officer."""
    if actor is not None:
        require_role(
            actor,
            OFFICER,
            at=commune,
            message="Chỉ công chức Văn phòng – Thống kê của xã cập nhật địa chỉ Bộ phận Một cửa.",
        )
    address, phone = clean_text(address), clean_text(phone)
    # The form refuses these first with the same message; the service never cuts a value silently.
    if len(address) > ONE_STOP_ADDRESS_MAX:
        raise ServiceError(ONE_STOP_ADDRESS_TOO_LONG, code="too_long", field="address")
    if len(phone) > ONE_STOP_PHONE_MAX:
        raise ServiceError(ONE_STOP_PHONE_TOO_LONG, code="too_long", field="phone")
    with transaction.atomic():
        commune = Commune.objects.select_for_update().get(pk=commune.pk)
        before = {"one_stop_address": commune.one_stop_address, "one_stop_phone": commune.one_stop_phone}
        after = {"one_stop_address": address, "one_stop_phone": phone}
        if before == after:
            return commune
        commune.one_stop_address, commune.one_stop_phone = address, phone
        commune.save(update_fields=["one_stop_address", "one_stop_phone"])
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        audit_record(actor=actor, action=AuditAction.COMMUNE_CONTACT_SET, obj=commune, changes=changes, commune=commune)
    return commune


ROLE_PLACE_KINDS = {roles.DISTRICT: District, roles.PROVINCE: Province} | dict.fromkeys(roles.COMMUNE_ROLES, Commune)
ROLE_PLACE_MESSAGES = {
    Commune: "Vai trò “{role}” chỉ được giao tại một xã.",
    District: "Vai trò “{role}” chỉ được giao tại một huyện.",
    Province: "Vai trò “{role}” chỉ được giao tại một tỉnh.",
}
ROLE_ADMINS_ONLY = "Chỉ Quản trị tài khoản xã giao hoặc thu hồi vai trò của xã mình."


def _require_role_admin(actor, place: Commune | District | Province) -> None:
    """The operator (a command: no actor; or the site administrator) grants anything; a commune's
    account administrator grants and withdraws that commune's roles only."""
    if actor is None or actor.is_superuser:
        return
    if isinstance(place, Commune):
        require_role(actor, roles.COMMUNE_ADMIN, message=ROLE_ADMINS_ONLY, at=place)
        return
    raise NotPermitted("Chỉ quản trị hệ thống giao hoặc thu hồi vai trò của huyện, tỉnh.")


def role_grant(*, actor: User | None, user: User, role: str, place: Commune | District | Province) -> RoleAssignment:
    """Give ``user`` the ``role`` at ``place`` (a commune role at a commune, the district reviewer at a
    district, the province reviewer at the province); audited."""
    kind = ROLE_PLACE_KINDS.get(role)
    if kind is None:
        raise ServiceError(f"Không có vai trò “{role}”.", code="unknown_role", field="role")
    if not isinstance(place, kind):
        raise ServiceError(ROLE_PLACE_MESSAGES[kind].format(role=role), code="role_place", field="role")
    _require_role_admin(actor, place)
    place_field = {Commune: "commune", District: "district", Province: "province"}[kind]
    with transaction.atomic():
        active = RoleAssignment.objects.select_for_update().filter(
            user=user, role=role, withdrawn_at__isnull=True, **{place_field: place}
        )
        if active.exists():
            raise ServiceError(
                f"Tài khoản “{user.username}” đã có vai trò “{role}” tại {place}.", code="duplicate", field="role"
            )
        assignment = RoleAssignment.objects.create(user=user, role=role, granted_by=actor, **{place_field: place})
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_GRANT,
            obj=assignment,
            changes={"user": [None, user.username], "role": [None, role], "place": [None, str(place)]},
        )
    forget_roles(user)
    return assignment


def require_another_admin(commune: Commune, *, leaving: User) -> None:
    """Refuse when ``leaving`` is the commune's last active account administrator (Quản trị tài khoản
    xã). Locks the commune's administrator rows: two administrators removing each other at once cannot
    both succeed."""
    admins = list(
        RoleAssignment.objects.select_for_update()
        .filter(commune=commune, role=roles.COMMUNE_ADMIN, withdrawn_at__isnull=True, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    if leaving.pk in admins and all(pk == leaving.pk for pk in admins):
        raise ServiceError(
            "Đây là Quản trị tài khoản cuối cùng của xã: hãy giao vai trò này cho một tài khoản khác trước, "
            "để xã không mất quyền quản lý tài khoản.",
            code="last_admin",
        )


def place_switch(*, actor: User, previous, place) -> None:
    """Record that ``actor`` now works at ``place`` (a ``campaigns.places.Place`` they hold); the view keeps
    it in the session."""
    audit_record(
        actor=actor,
        action=AuditAction.PLACE_SWITCH,
        obj=place.obj,
        changes={"place": [previous.label if previous is not None else None, place.label]},
    )


def role_withdraw(*, actor: User | None, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    """End an active role assignment (the row stays as history); a reason is required; audited."""
    reason = clean_text(reason)
    if not reason:
        raise ServiceError("Hãy ghi lý do thu hồi vai trò.", code="reason_required", field="reason")
    _require_role_admin(actor, assignment.place)
    with transaction.atomic():
        if assignment.role == roles.COMMUNE_ADMIN and actor is not None and not actor.is_superuser:
            # A commune's administrator cannot leave it without one (the operator still can).
            require_another_admin(assignment.commune, leaving=assignment.user)
        now = timezone.now()
        # A conditional update: two withdrawals at once end the row once.
        if not RoleAssignment.objects.filter(pk=assignment.pk, withdrawn_at__isnull=True).update(withdrawn_at=now):
            raise ServiceError("Vai trò này đã được thu hồi.", code="already_withdrawn")
        assignment.withdrawn_at = now
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_WITHDRAW,
            obj=assignment,
            changes={"withdrawn_at": [None, now]},
            reason=reason,
        )
    forget_roles(assignment.user)
    return assignment


def unit_save(
    *,
    actor: User,
    commune: Commune,
    data: dict[str, Any],
    unit: Unit | None = None,
    expected_version: int | Unchecked,
) -> Unit:
    """Create a unit (``unit`` None) or update one; ``data`` holds model field values."""
    require_role(actor, OFFICER, message=ORGANISATION_EDITORS_ONLY, at=commune)
    data = clean_model_text(Unit, data)
    head = data.get("head")
    if head is not None and head.commune_id != commune.pk:
        raise ServiceError("Người đứng đầu phải là cán bộ của xã này.", code="head_commune")
    with transaction.atomic():
        if unit is None:
            check_version(None, expected_version)
            if Unit.objects.filter(commune=commune, name=data["name"]).exists():
                raise ServiceError(f"Đã có tập thể tên “{data['name']}”.", code="duplicate")
            unit = Unit.objects.create(commune=commune, **data)
            audit_record(actor=actor, action=AuditAction.UNIT_CREATE, obj=unit, changes={"name": [None, unit.name]})
            return unit
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        check_version(unit, expected_version)
        changes = diff_fields(unit, data)
        if not changes:
            return unit
        if "name" in changes and Unit.objects.filter(commune=commune, name=data["name"]).exclude(pk=unit.pk).exists():
            raise ServiceError(f"Đã có tập thể tên “{data['name']}”.", code="duplicate")
        for field, value in data.items():
            setattr(unit, field, value)
        unit.version += 1
        unit.save()
        audit_record(actor=actor, action=AuditAction.UNIT_UPDATE, obj=unit, changes=changes)
    return unit


def unit_rename(*, actor: User, unit: Unit, name: str, valid_from) -> UnitName:
    """Record the name ``unit`` takes from ``valid_from`` (papers dated earlier keep the former name).
    Recording the same name from the same day again changes nothing."""
    require_role(actor, OFFICER, message=ORGANISATION_EDITORS_ONLY)
    name = clean_model_text(UnitName, {"name": name})["name"]
    if not name:
        raise ServiceError("Nhập tên mới của tập thể.", code="name")
    if valid_from is None:
        raise ServiceError("Nhập ngày tập thể mang tên mới.", code="valid_from")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        existing = UnitName.objects.filter(unit=unit, valid_from=valid_from).first()
        if existing is not None:
            if existing.name == name:
                return existing
            raise ServiceError(
                f"Từ ngày {valid_from:%d/%m/%Y} tập thể đã mang tên “{existing.name}”.", code="duplicate_day"
            )
        if unit.name_on(valid_from) == name:
            raise ServiceError(f"Ngày {valid_from:%d/%m/%Y} tập thể đã mang tên “{name}”.", code="same_name")
        dated = UnitName.objects.create(unit=unit, name=name, valid_from=valid_from)
        audit_record(
            actor=actor,
            action=AuditAction.UNIT_RENAME,
            obj=unit,
            changes={"name": [unit.name_on(valid_from - dt.timedelta(days=1)), f"{name} (từ {valid_from:%d/%m/%Y})"]},
        )
    return dated


def person_save(
    *,
    actor: User,
    commune: Commune,
    data: dict[str, Any],
    person: Person | None = None,
    expected_version: int | Unchecked,
    reason: str = "",
) -> Person:
    """Create or update a person. Changing the disciplinary flag needs a reason."""
    require_role(actor, OFFICER, message=ORGANISATION_EDITORS_ONLY, at=commune)
    data = clean_model_text(Person, data)
    reason = clean_text(reason)
    unit = data.get("unit")
    if unit is not None and unit.commune_id != commune.pk:
        raise ServiceError("Tập thể phải thuộc xã này.", code="unit_commune")
    user = data.get("user")
    if user is not None and Person.objects.filter(user=user).exclude(pk=getattr(person, "pk", None)).exists():
        raise ServiceError(f"Tài khoản “{user.username}” đã gắn với một cán bộ khác.", code="user_taken")
    with transaction.atomic():
        if person is None:
            check_version(None, expected_version)
            person = Person(commune=commune, **data)
            _person_unique_check(person)
            person.save()
            audit_record(
                actor=actor,
                action=AuditAction.PERSON_CREATE,
                obj=person,
                changes={"full_name": [None, person.full_name]},
                reason=reason,
            )
            return person
        person = Person.objects.select_for_update().get(pk=person.pk)
        check_version(person, expected_version)
        changes = diff_fields(person, data)
        if not changes:
            return person
        if "has_open_disciplinary_matter" in changes and not reason.strip():
            raise ServiceError("Hãy ghi lý do khi thay đổi tình trạng xem xét kỷ luật.", code="reason_required")
        for field, value in data.items():
            setattr(person, field, value)
        _person_unique_check(person)
        person.version += 1
        person.save()
        audit_record(actor=actor, action=AuditAction.PERSON_UPDATE, obj=person, changes=changes, reason=reason)
    return person


def _person_unique_check(person: Person) -> None:
    clash = Person.objects.filter(commune=person.commune, full_name=person.full_name, unit=person.unit)
    if person.pk:
        clash = clash.exclude(pk=person.pk)
    if clash.exists():
        raise ServiceError(f"Tập thể “{person.unit}” đã có cán bộ tên “{person.full_name}”.", code="duplicate")
