"""The one-stop units of a provincial system and the commune each one is (routing of province files)."""

from __future__ import annotations

from django.db import transaction

from campaigns.models import Commune
from kpi.importer.columns import MAX_LENGTHS
from kpi.importer.routing import unit_key
from kpi.models import OneStopUnit
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.text import clean_cell


def one_stop_unit_set(*, actor, code: str, commune: Commune, name: str = "") -> OneStopUnit:
    """Say which commune the one-stop unit ``code`` (DVCQG ``DonViId``) is; create it or move it.

    Province-level data: run by the operator (``set_one_stop_unit``, ``actor`` None), the demo, or a
    superuser; a commune's officers never set it (a wrong code would send one commune's dossiers to
    another). The code is stored as the import compares it (``routing.unit_key``). Audited when it
    changes; setting what is already stored changes nothing.
    """
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise NotPermitted("Chỉ quản trị cổng được gán mã đơn vị một cửa cho xã.")
    key = unit_key(code)
    if not key:
        raise ServiceError("Mã đơn vị không được để trống.", code="unit_code_empty", field="code")
    if len(key) > MAX_LENGTHS["unit_code"]:
        raise ServiceError(f"Mã đơn vị dài quá {MAX_LENGTHS['unit_code']} ký tự.", code="unit_code_long", field="code")
    name = clean_cell(name)[:255]
    with transaction.atomic():
        unit = OneStopUnit.objects.select_for_update().filter(code=key).first()
        before = None if unit is None else {"commune": unit.commune.code, "name": unit.name}
        if unit is None:
            unit = OneStopUnit(code=key)
        elif unit.commune_id == commune.pk and unit.name == name:
            return unit
        unit.commune, unit.name = commune, name
        unit.save()
        audit_record(
            actor=actor,
            action=AuditAction.KPI_ONE_STOP_UNIT_SET,
            obj=unit,
            changes={"before": before, "commune": commune.code, "name": name},
        )
    return unit
