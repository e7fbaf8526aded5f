"""Who signs for a collective, and over which words (pledges and achievement reports, issue 11).

A mass organisation signs for its executive committee over its head's title: "TM. BAN CHẤP HÀNH" over
"BÍ THƯ" (Đoàn) or "CHỦ TỊCH" (Hội); the Ủy ban Mặt trận Tổ quốc "TM. BAN THƯỜNG TRỰC" over "CHỦ TỊCH"; the
UBND "TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH"; any other collective (an office, a hamlet, the one-stop desk)
over its head's own title when the head belongs to it, else over "TRƯỞNG ẤP" / "TRƯỞNG BỘ PHẬN" (docs/documents.md).
"""

from __future__ import annotations

import re

from campaigns.models import Campaign, Unit, UnitType
from campaigns.reference_data import TWO_LEVEL_GOVERNMENT_FROM
from documents.engine.data import Signature


def collective_parent_body(unit: Unit, campaign: Campaign, day) -> str:
    """Ô 1's cơ quan chủ quản above a collective (NĐ 30, Phụ lục I, II.3): a mass organisation's own body one
    level up (the district's until the two-level government began on 1 July 2025, then the province's),
    any other collective the commune's UBND; the UBND itself has none (the one header rule)."""
    commune = campaign.commune
    name = unit.name_on(day or campaign.start_date)
    if unit.unit_type == UnitType.MASS_ORG:
        before_reform = commune.district_name and (day or campaign.start_date) < TWO_LEVEL_GOVERNMENT_FROM
        above = f"huyện {commune.district_name}" if before_reform else f"tỉnh {commune.province_name}"
        return f"{name.removesuffix(' xã')} {above}".upper()
    if name.upper().startswith("ỦY BAN NHÂN DÂN"):
        return ""
    return f"UBND XÃ {commune.name.upper()}"


def unit_authority(unit: Unit, name: str) -> list[str]:
    """The authority lines of ``unit``'s signature; ``name`` is the name it bore on the paper's date."""
    head = unit.head if unit.head_id else None
    position = re.sub(r"\s*\(.*\)$", "", head.position).strip() if head else ""
    if unit.unit_type == UnitType.MASS_ORG:
        if name.startswith("Ủy ban Mặt trận"):
            return ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"]
        return ["TM. BAN CHẤP HÀNH", "BÍ THƯ" if name.startswith("Đoàn") else "CHỦ TỊCH"]
    if name.upper().startswith("ỦY BAN NHÂN DÂN"):
        return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    if head is not None and head.unit_id == unit.id and position:
        return [position.upper()]
    if unit.unit_type == UnitType.HAMLET:
        return ["TRƯỞNG ẤP"]
    if unit.unit_type == UnitType.ONE_STOP:
        return ["TRƯỞNG BỘ PHẬN"]
    return ["THỦ TRƯỞNG ĐƠN VỊ"]


def unit_signature(unit: Unit, name: str) -> Signature:
    return Signature(authority=unit_authority(unit, name), name=unit.head.full_name if unit.head_id else "")
