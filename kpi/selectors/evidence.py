"""Reads of stored indicator values for other apps: a person's or a unit's evidence, scopes and series.

Pages read ``IndicatorValue`` rows only; the dossier table is read by the drill-down (one indexed,
paginated query) and never by a dashboard.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from campaigns.models import Campaign, CriterionTarget, Person, Unit, UnitType
from kpi import indicators as ind
from kpi.dashboard import monthly_fields_shown
from kpi.importer.columns import fold
from kpi.models import IndicatorValue
from kpi.periods import CAMPAIGN, period_label

SCOPE_LABELS = {"commune": "Toàn xã", "field": "Lĩnh vực", "receiver": "Cán bộ tiếp nhận", "handler": "Cán bộ xử lý"}


def _plain_value(value: Decimal | None) -> str | None:
    """A JSON-safe decimal string, 2 decimals for rates (display rounding only) and integers as-is."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal("1")))
    return str(value.quantize(Decimal("0.01")))


def _evidence(
    row: IndicatorValue, label_suffix: str, code_key: str | None = None, field_labels: dict[str, str] | None = None
) -> dict:
    key = code_key or row.scope_key or "commune"
    label = ind.label_of(row.indicator, field_labels)
    return {
        "code": f"{row.indicator}:{row.scope}:{key}:{row.period}",
        "label": f"{label} – {label_suffix} ({period_label(row.period).lower()})",
        "indicator": row.indicator,
        "period": row.period,
        "scope": row.scope if not row.scope_key else f"{row.scope}:{row.scope_key}",
        "numerator": row.numerator,
        "denominator": row.denominator,
        "value": _plain_value(row.value),
        "formula_version": row.formula_version,
        "fingerprint": row.fingerprint,
    }


def officer_scope_keys(campaign: Campaign, person: Person) -> dict[str, str]:
    """The dossier names matching a person: NFC, whitespace collapsed, case-insensitive equality.

    Returns ``{"receiver": stored name, "handler": stored name}`` for the roles the person appears in.
    """
    wanted = fold(person.full_name)
    keys = {}
    for scope, name in (
        IndicatorValue.objects.filter(campaign=campaign, scope__in=["receiver", "handler"], period=CAMPAIGN)
        .values_list("scope", "scope_key")
        .distinct()
    ):
        if fold(name) == wanted:
            keys[scope] = name
    return keys


PERSON_INDICATORS = ("on_time_rate", "dissatisfied_harassment")


def evidence_for_person(campaign: Campaign, person: Person) -> list[dict]:
    """A one-stop officer's own campaign-period evidence: on-time rate and harassment complaints.

    One entry per indicator for each role the person has in the logs (tiếp nhận, xử lý); [] when
    the person does not appear in any dossier. Codes look like
    ``on_time_rate:handler:<person id>:campaign`` and ``…:receiver:<person id>:campaign``.
    """
    keys = officer_scope_keys(campaign, person)
    if not keys:
        return []
    rows = IndicatorValue.objects.filter(
        campaign=campaign, period=CAMPAIGN, indicator__in=PERSON_INDICATORS, scope__in=list(keys)
    ).filter(scope_key__in=list(keys.values()))
    suffix = {"receiver": f"{person.full_name} tiếp nhận", "handler": f"{person.full_name} xử lý"}
    return [
        _evidence(row, suffix[row.scope], code_key=str(person.pk))
        for row in sorted(rows, key=lambda r: (r.scope, PERSON_INDICATORS.index(r.indicator)))
        if keys.get(row.scope) == row.scope_key
    ]


UNIT_INDICATORS = (
    "on_time_rate",
    "dissatisfaction_rate",
    "four_on_spot_rate",
    "online_rate",
    "postal_rate",
)


def evidence_for_unit(campaign: Campaign, unit: Unit) -> list[dict]:
    """A unit's evidence.

    The one-stop desk (UnitType one_stop) gets the commune-level campaign KPIs, the campaign value
    of each monthly field a target uses (even empty: it is judged), and every month or campaign
    value entered for any monthly field of the campaign; a department gets the KPIs of each lĩnh
    vực whose name appears in the unit's name (e.g. "Hộ tịch" in "Tư pháp – Hộ tịch"); other units
    get [].
    """
    if unit.unit_type == UnitType.ONE_STOP:
        field_labels = monthly_fields_shown(campaign)
        target_keys = set(
            CriterionTarget.objects.filter(criterion__campaign=campaign).values_list("indicator", flat=True)
        )
        targeted = [key for key in field_labels if key in target_keys]
        rows = IndicatorValue.objects.filter(
            campaign=campaign, scope="commune", indicator__in=[*UNIT_INDICATORS, *targeted]
        ).filter(period=CAMPAIGN) | IndicatorValue.objects.filter(
            campaign=campaign, scope="commune", indicator__in=list(field_labels), numerator__isnull=False
        )
        sequence = [*UNIT_INDICATORS, *targeted, *(key for key in field_labels if key not in target_keys)]
        order = {name: i for i, name in enumerate(sequence)}
        rows = sorted(set(rows), key=lambda r: (order.get(r.indicator, 99), r.period))
        return [_evidence(row, "toàn xã", field_labels=field_labels) for row in rows]
    if unit.unit_type != UnitType.DEPARTMENT:
        return []
    fields = unit_field_keys(campaign, unit)
    rows = IndicatorValue.objects.filter(
        campaign=campaign, scope="field", scope_key__in=fields, period=CAMPAIGN, indicator__in=UNIT_INDICATORS
    )
    return [
        _evidence(row, f"lĩnh vực {row.scope_key}") for row in sorted(rows, key=lambda r: (r.scope_key, r.indicator))
    ]


def unit_field_keys(campaign: Campaign, unit: Unit) -> list[str]:
    """The lĩnh vực of the logs a department answers for: those whose name appears in the unit's name."""
    unit_name = fold(unit.name)
    return [
        key
        for key in IndicatorValue.objects.filter(campaign=campaign, scope="field", period=CAMPAIGN)
        .order_by("scope_key")  # the model's ordering would make DISTINCT keep one row per indicator
        .values_list("scope_key", flat=True)
        .distinct()
        if fold(key) in unit_name
    ]


def person_scopes(campaign: Campaign, person: Person) -> list[tuple[str, str]]:
    """``[(scope, stored name)]``: the person as receiving officer, then as handling officer, where the
    logs name them (same matching as the evidence: NFC, spaces collapsed, case-insensitive)."""
    keys = officer_scope_keys(campaign, person)
    return [(scope, keys[scope]) for scope in ("receiver", "handler") if scope in keys]


def unit_scopes(campaign: Campaign, unit: Unit) -> list[tuple[str, str]]:
    """The stored scopes that measure a unit: the whole commune for the one-stop desk (its work is the
    commune's one-stop work), the matching lĩnh vực for a department, none for the others."""
    if unit.unit_type == UnitType.ONE_STOP:
        return [("commune", "")]
    if unit.unit_type == UnitType.DEPARTMENT:
        return [("field", key) for key in unit_field_keys(campaign, unit)]
    return []


def scope_series(
    campaign: Campaign, scopes: list[tuple[str, str]], indicators: list[str]
) -> dict[tuple[str, str], dict[str, dict[str, IndicatorValue]]]:
    """``{(scope, key): {indicator: {period: stored value}}}`` for every month and the campaign, in
    one query over the stored values (themselves SQL aggregates of the logs, kpi.services.compute)."""
    out: dict[tuple[str, str], dict[str, dict[str, IndicatorValue]]] = {scope: {} for scope in scopes}
    if not scopes or not indicators:
        return out
    wanted = Q()
    for scope, key in scopes:
        wanted |= Q(scope=scope, scope_key=key)
    for row in IndicatorValue.objects.filter(wanted, campaign=campaign, indicator__in=indicators):
        out[(row.scope, row.scope_key)].setdefault(row.indicator, {})[row.period] = row
    return out
