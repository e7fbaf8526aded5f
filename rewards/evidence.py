"""Evidence attached to a nomination: registration, commitments and KPI values, with fingerprints.

Reads only. Frozen at submission (``EvidenceItem`` rows, by ``rewards.services.evidence``); compared
later with what the sources say now.
"""

from __future__ import annotations

import hashlib
import json
import re

from campaigns.models import Campaign, Person, Registration, Unit
from kpi import selectors as kpi_selectors
from kpi.indicators import is_rate
from rewards.models import EvidenceItem, Nomination
from tanbinh_portal.formatting import format_number


def fingerprint(data: dict) -> str:
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


PERIOD_KEY_SUFFIX = re.compile(r" \((campaign|\d{4}-\d{2})\)$")


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis (never mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.–-")
    return f"{cut}…"


def evidence_display(label: str, value: str, data: dict | None) -> tuple[str, str]:
    """How a frozen item reads on the page: no technical period key after the label, KPI numbers in
    Vietnamese (96,81%; 1.234). Stored values stay as frozen, so comparisons are unaffected."""
    label = PERIOD_KEY_SUFFIX.sub("", label)
    indicator = (data or {}).get("indicator")
    if not indicator or value in ("", None, "(không còn)"):
        return label, value or ("—" if indicator else "")
    try:
        number = format_number(value)
    except ArithmeticError:  # not a number (decimal.InvalidOperation): show it as it is
        return label, value
    return label, f"{number}%" if is_rate(indicator) else number


def kpi_evidence(campaign: Campaign, *, unit: Unit | None = None, person: Person | None = None) -> list[dict]:
    """KPI values that concern the nominee, from the kpi app (one dict per indicator and period)."""
    if unit is not None:
        return kpi_selectors.evidence_for_unit(campaign, unit)
    return kpi_selectors.evidence_for_person(campaign, person)


def _registration_items(campaign: Campaign, unit: Unit | None, person: Person | None) -> list[dict]:
    lookup = {"unit": unit} if unit is not None else {"person": person}
    registration = Registration.objects.filter(campaign=campaign, **lookup).first()
    if registration is None:
        data = {"registered": False}
        return [_item("registration", "registration", "Đăng ký thi đua", "Chưa đăng ký", data)]
    data = {
        "registered": True,
        "at": registration.registered_at.date().isoformat(),
        "text": registration.commitment_text,
    }
    day = registration.registered_on or registration.registered_at.date()  # the date on the form
    value = f"Đã đăng ký ngày {day:%d/%m/%Y}. {registration.commitment_text}".strip()
    items = [_item("registration", "registration", "Đăng ký thi đua", value, data)]
    for commitment in registration.commitments.select_related("criterion"):
        criterion = commitment.criterion
        data = {"criterion": criterion.order, "target": commitment.target_text}
        label = f"Cam kết nội dung {criterion.order}: {shorten(criterion.text, 120)}"
        value = commitment.target_text or "Cam kết thực hiện"
        items.append(_item("commitment", f"commitment:{criterion.order}", label, value, data))
    return items


def _kpi_items(campaign: Campaign, unit: Unit | None, person: Person | None) -> list[dict]:
    items = []
    for row in kpi_evidence(campaign, unit=unit, person=person):
        code = f"kpi:{row['code']}:{row.get('period', '')}"
        label = f"{row['label']} ({row.get('period', '')})"
        value = "" if row.get("value") is None else str(row["value"])
        fp = row.get("fingerprint") or fingerprint(row)
        items.append(
            {"source": "kpi", "code": code[:120], "label": label[:300], "value": value, "fingerprint": fp, "data": row}
        )
    return items


def _item(source: str, code: str, label: str, value: str, data: dict) -> dict:
    return {
        "source": source,
        "code": code,
        "label": label,
        "value": value,
        "fingerprint": fingerprint(data),
        "data": data,
    }


def collect_evidence(campaign: Campaign, *, unit: Unit | None = None, person: Person | None = None) -> list[dict]:
    """What the sources say now about the nominee (not saved)."""
    return _registration_items(campaign, unit, person) + _kpi_items(campaign, unit, person)


# What a KPI item's value is made of. Its fingerprint is the stored row's, which also hashes the
# scope's input (the dossiers that can count in the campaign, so that a recompute can skip unchanged
# rows): a later import that changes any of them changes it while the nominee's figures may stay the same.
KPI_VALUE_KEYS = ("numerator", "denominator", "value")


def _frozen_value_changed(frozen: EvidenceItem, now: dict) -> bool:
    if now["value"] != frozen.value:
        return True
    if frozen.source == "kpi":
        return any(frozen.data.get(key) != now["data"].get(key) for key in KPI_VALUE_KEYS)
    return now["fingerprint"] != frozen.fingerprint  # a hash of exactly what was frozen


def evidence_changes(nomination: Nomination, frozen: list[EvidenceItem] | None = None) -> list[dict]:
    """Frozen values that differ from the sources now: ``[{label, old, new}]`` (empty when unchanged).

    Only a frozen value that really changed counts: for KPI items the numerator, denominator and
    value, not the row's fingerprint (see ``KPI_VALUE_KEYS``).
    """
    frozen = list(nomination.evidence.all()) if frozen is None else frozen
    if not frozen:
        return []
    current = {
        item["code"]: item
        for item in collect_evidence(nomination.campaign, unit=nomination.unit, person=nomination.person)
    }
    changes = []
    for item in frozen:
        now = current.get(item.code)
        if now is None:
            changes.append({"label": item.label, "old": item.value, "new": "(không còn)"})
        elif _frozen_value_changed(item, now):
            changes.append({"label": item.label, "old": item.value, "new": now["value"]})
    return changes
