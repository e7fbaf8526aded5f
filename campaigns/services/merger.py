"""Writes for the 2025 reform of communes: communes merged into a new one, and what the new one takes over.

A merged commune keeps every row it has (campaigns, logs, registrations, nominations, documents): its
2022 campaign stays under it and its district and prints as it did. It ends the day before the new
commune is formed (``valid_until``) and names it as its ``successor``; the new commune lies directly
under the province (no district from 01/07/2025). Its collectives, staff and roles start as the
predecessor's (:func:`commune_carry_over`); next year's plans copied from the old commune's campaigns
are written under it (``Commune.on``, ``campaigns.next_year``).

Both services are for the operator (a command, the demo): no commune role merges communes.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import Commune, Person, RoleAssignment, Unit, UnitName
from campaigns.places import forget_roles
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.service_errors import NotPermitted, ServiceError


def _require_operator(actor: User | None) -> None:
    if actor is not None and not actor.is_superuser:
        raise NotPermitted("Chỉ quản trị hệ thống ghi nhận việc sắp xếp xã.")


def commune_merge(
    *, actor: User | None, predecessors: list[Commune], code: str, name: str, formed_on: dt.date
) -> Commune:
    """The commune ``code`` formed on ``formed_on`` from ``predecessors`` (same province), which end the day
    before and name it as their successor; audited on each. Running it again changes nothing."""
    if not predecessors:
        raise ServiceError("Hãy chọn ít nhất một xã được sắp xếp.", code="no_predecessor")
    provinces = {commune.province_id for commune in predecessors}
    if len(provinces) != 1:
        raise ServiceError("Các xã được sắp xếp phải cùng một tỉnh.", code="provinces_differ")
    _require_operator(actor)
    ends_on = formed_on - dt.timedelta(days=1)
    with transaction.atomic():
        first = predecessors[0]
        successor, created = Commune.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "province_id": first.province_id,
                "province_name": first.province_name,
                "district": None,
                "district_name": "",
                "valid_from": formed_on,
            },
        )
        if created:
            audit_record(actor=actor, action=AuditAction.COMMUNE_CREATE, obj=successor)
        for commune in Commune.objects.select_for_update().filter(pk__in=[c.pk for c in predecessors]):
            if commune.pk == successor.pk:
                raise ServiceError("Xã mới không thể là một trong các xã được sắp xếp.", code="merged_into_itself")
            if commune.successor_id == successor.pk and commune.valid_until == ends_on:
                continue
            if commune.successor_id is not None and commune.successor_id != successor.pk:
                raise ServiceError(f"{commune} đã được sắp xếp vào xã khác.", code="already_merged")
            before = [commune.valid_until and f"{commune.valid_until:%d/%m/%Y}", commune.successor_id]
            commune.valid_until, commune.successor = ends_on, successor
            commune.save(update_fields=["valid_until", "successor"])
            audit_record(
                actor=actor,
                action=AuditAction.COMMUNE_MERGE,
                obj=commune,
                changes={
                    "valid_until": [before[0], f"{ends_on:%d/%m/%Y}"],
                    "successor": [before[1], successor.code],
                },
                commune=commune,
            )
    return successor


def commune_carry_over(*, actor: User | None, source: Commune, target: Commune) -> dict[str, int]:
    """The successor ``target`` starts with ``source``'s active collectives (with their heads and dated
    names), staff and roles: new rows of ``target``, the old ones left as the old commune's history.

    An account follows its official: the new staff record holds it, the old one keeps the name without
    the account (a person record holds at most one). Idempotent: what ``target`` has by name is kept.
    Returns the counts written (one audit row lists them).
    """
    if source.successor_id != target.pk:
        raise ServiceError(f"{target} không phải là xã kế thừa của {source}.", code="not_successor")
    _require_operator(actor)
    with transaction.atomic():
        units = _carry_units(source, target)
        people = _carry_people(source, target, units)
        heads = _carry_heads(source, units, people)
        role_count = _carry_roles(source, target, actor)
        counts = {"units": len(units), "people": len(people), "heads": heads, "roles": role_count}
        if any(counts.values()):
            audit_record(
                actor=actor,
                action=AuditAction.COMMUNE_CARRY_OVER,
                obj=target,
                changes={"from": [None, source.code], "copied": counts},
                commune=target,
            )
    return counts


def _carry_units(source: Commune, target: Commune) -> dict[int, Unit]:
    """Old unit id → its new unit, for the units ``target`` did not have."""
    existing = set(Unit.objects.filter(commune=target).values_list("name", flat=True))
    carried = {}
    for unit in Unit.objects.filter(commune=source, is_active=True).prefetch_related("dated_names"):
        if unit.name in existing:
            continue
        new = Unit.objects.create(
            commune=target, name=unit.name, unit_type=unit.unit_type, member_count=unit.member_count
        )
        UnitName.objects.bulk_create(
            UnitName(unit=new, name=dated.name, valid_from=dated.valid_from) for dated in unit.dated_names.all()
        )
        carried[unit.pk] = new
    return carried


def _carry_people(source: Commune, target: Commune, units: dict[int, Unit]) -> dict[int, Person]:
    """Old person id → their new record, for the staff of the carried units."""
    carried = {}
    for person in Person.objects.filter(commune=source, is_active=True, unit_id__in=list(units)):
        account = person.user_id
        if account is not None:  # the account moves with its official (one person record per account)
            Person.objects.filter(pk=person.pk).update(user=None)
        carried[person.pk] = Person.objects.create(
            commune=target,
            full_name=person.full_name,
            position=person.position,
            unit=units[person.unit_id],
            sex=person.sex,
            year_of_birth=person.year_of_birth,
            user_id=account,
            has_open_disciplinary_matter=person.has_open_disciplinary_matter,
            disciplinary_note=person.disciplinary_note,
        )
    return carried


def _carry_heads(source: Commune, units: dict[int, Unit], people: dict[int, Person]) -> int:
    count = 0
    for unit in Unit.objects.filter(pk__in=list(units), head__isnull=False):
        head = people.get(unit.head_id)
        if head is not None:
            Unit.objects.filter(pk=units[unit.pk].pk).update(head=head)
            count += 1
    return count


def _carry_roles(source: Commune, target: Commune, actor: User | None) -> int:
    """The commune roles held at ``source`` held at ``target`` too (the old ones stay: their holders still
    open the old commune's campaigns through the place switcher)."""
    held = set(RoleAssignment.objects.filter(commune=target, withdrawn_at__isnull=True).values_list("user_id", "role"))
    new = [
        RoleAssignment(user_id=a.user_id, role=a.role, commune=target, granted_by=actor)
        for a in RoleAssignment.objects.filter(commune=source, withdrawn_at__isnull=True).order_by("id")
        if (a.user_id, a.role) not in held
    ]
    RoleAssignment.objects.bulk_create(new)
    for user in User.objects.filter(pk__in={a.user_id for a in new}):
        forget_roles(user)
    return len(new)
