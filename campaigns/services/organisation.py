"""Writes for the commune's organisation: the commune, its units (tập thể) and people (cá nhân)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import Commune, Person, Unit, UnitName
from campaigns.policies import ORGANISATION_EDITORS_ONLY
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.optimistic import Unchecked, check_version
from tanbinh_portal.roles import OFFICER, require_role
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.text import clean_model_text, clean_text


def commune_get_or_create(*, code: str, name: str, district_name: str, province_name: str, actor=None) -> Commune:
    with transaction.atomic():
        commune, created = Commune.objects.get_or_create(
            code=code, defaults={"name": name, "district_name": district_name, "province_name": province_name}
        )
        if created:
            audit_record(actor=actor, action=AuditAction.COMMUNE_CREATE, obj=commune)
    return commune


def unit_save(
    *,
    actor: User,
    commune: Commune,
    data: dict[str, Any],
    unit: Unit | None = None,
    expected_version: int | Unchecked,
) -> Unit:
    """Create a unit (``unit`` None) or update one; ``data`` holds model field values."""
    require_role(actor, OFFICER, message=ORGANISATION_EDITORS_ONLY)
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
    require_role(actor, OFFICER, message=ORGANISATION_EDITORS_ONLY)
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
