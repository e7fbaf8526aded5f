"""Reads of the progress pages: an official's (or a unit's) registration, commitments, own results month
by month against the plan's targets, and the nominations about them.

Results come from the stored indicator values (kpi.selectors.scope_series), never from the dossiers:
a person is measured where the logs name them as receiving or handling officer, a unit where its
scope exists (the one-stop desk: the commune; a department: its lĩnh vực).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch

from campaigns.models import Campaign, Commitment, CriterionTarget, Indicator, Person, Registration, Unit
from kpi import selectors as kpi_selectors
from kpi.dashboard import month_keys, monthly_fields_shown, traffic_light
from kpi.indicators import is_rate
from kpi.periods import CAMPAIGN, period_label
from rewards.models import Nomination
from rewards.policies import can_view_nomination
from tanbinh_portal.comparators import meets
from tanbinh_portal.formatting import format_number

# Counts shown beside the targets so that a rate reads with its base ("96% of 31 dossiers").
CONTEXT_COUNTS = ("received", "resolved")
# Column headings of the monthly tables (the full labels are in the list above each table).
SHORT_LABELS = {
    "on_time_rate": "Đúng hạn",
    "dissatisfaction_rate": "Nhũng nhiễu",
    "four_on_spot_rate": "4 tại chỗ",
    "online_rate": "Nộp trực tuyến",
    "postal_rate": "Qua bưu chính",
}
SCOPE_TITLES = {
    "receiver": "Hồ sơ do {name} tiếp nhận",
    "handler": "Hồ sơ do {name} xử lý",
    "commune": "Hồ sơ một cửa của toàn xã (Bộ phận Tiếp nhận và Trả kết quả)",
    "field": "Hồ sơ lĩnh vực {key}",
}


def _registration(campaign: Campaign, **registrant) -> dict:
    """The registration and each commitment with the plan's targets of its criterion (2 queries)."""
    registration = (
        Registration.objects.filter(campaign=campaign, **registrant)
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.select_related("criterion")))
        .first()
    )
    if registration is None:
        return {"registration": None, "commitments": []}
    commitments = list(registration.commitments.all())
    return {"registration": registration, "commitments": commitments}


def _targets(campaign: Campaign, *, log_only: bool) -> list[CriterionTarget]:
    targets = list(
        CriterionTarget.objects.filter(criterion__campaign=campaign, criterion__kind="measured")
        .select_related("criterion")
        .order_by("criterion__order", "id")
    )
    if log_only:
        return [t for t in targets if t.indicator in Indicator.values]
    return targets


def _text(indicator: str, row) -> str:
    if row is None or row.value is None:
        return "—"
    return f"{format_number(row.value)}%" if is_rate(indicator) else format_number(row.value, 0)


def _cell(target: CriterionTarget, row) -> dict:
    """A month's value against the target: met (green), not met (red), no figure or month-on-month (grey)."""
    value: Decimal | None = None if row is None else row.value
    if value is None or target.comparator == "increase":
        colour = "grey"
    else:
        colour = "green" if meets(target.comparator, value, target.target) else "red"
    base = f"{row.numerator}/{row.denominator}" if row is not None and row.denominator else ""
    return {"text": _text(target.indicator, row), "colour": colour, "base": base}


def _column(target: CriterionTarget) -> dict:
    label = SHORT_LABELS.get(target.indicator) or target.get_indicator_display()
    goal = "tăng dần" if target.comparator == "increase" else target.display
    return {"label": label, "target": goal}


def _measure(title: str, series: dict, targets: list[CriterionTarget], months: list[str]) -> dict:
    """One table: a row per month (and the campaign), a column per target, with the counts."""
    rows = []
    for period in [*months, CAMPAIGN]:
        rows.append(
            {
                "label": period_label(period),
                "is_campaign": period == CAMPAIGN,
                "counts": [_text(n, series.get(n, {}).get(period)) for n in CONTEXT_COUNTS],
                "cells": [_cell(t, series.get(t.indicator, {}).get(period)) for t in targets],
            }
        )
    lights = [traffic_light(t, {p: r.value for p, r in series.get(t.indicator, {}).items()}, months) for t in targets]
    columns = [_column(t) for t in targets]
    return {"title": title, "columns": columns, "rows": rows, "lights": lights, "has_values": bool(series)}


def _measures(campaign: Campaign, scopes: list[tuple[str, str]], targets: list, subject_name: str) -> list[dict]:
    months = month_keys(campaign)
    indicators = sorted({t.indicator for t in targets} | set(CONTEXT_COUNTS))
    values = kpi_selectors.scope_series(campaign, scopes, indicators)
    return [
        _measure(SCOPE_TITLES[scope].format(name=subject_name, key=key), values[(scope, key)], targets, months)
        for scope, key in scopes
    ]


def _nominations(user, campaign: Campaign, **nominee) -> list[dict]:
    rows = Nomination.objects.filter(campaign=campaign, **nominee).select_related(
        "award_form", "unit", "person", "decision", "campaign"
    )
    return [{"nomination": n, "may_open": can_view_nomination(user, n)} for n in rows]


def person_progress(user, campaign: Campaign, person: Person) -> dict:
    """Tiến độ của tôi: the person's registration, results as receiving and handling officer, nominations."""
    targets = _targets(campaign, log_only=True)
    labels = monthly_fields_shown(campaign)
    for target in targets:
        target.field_labels = labels
    scopes = kpi_selectors.person_scopes(campaign, person)
    return {
        **_registration(campaign, person=person),
        "targets": targets,
        "measures": _measures(campaign, scopes, targets, person.full_name),
        "nominations": _nominations(user, campaign, person=person),
    }


def unit_progress(user, campaign: Campaign, unit: Unit) -> dict:
    """Tiến độ của tập thể: the unit's registration, its results where a scope measures it, its
    members' registrations, and the nominations of the unit."""
    scopes = kpi_selectors.unit_scopes(campaign, unit)
    # The one-stop desk answers for the commune's figures, hand-entered monthly ones included.
    targets = _targets(campaign, log_only=scopes != [("commune", "")])
    labels = monthly_fields_shown(campaign)
    for target in targets:
        target.field_labels = labels
    registered = Registration.objects.filter(campaign=campaign, person=OuterRef("pk"))
    members = list(unit.members.filter(is_active=True).annotate(is_registered=Exists(registered)))
    return {
        **_registration(campaign, unit=unit),
        "targets": targets,
        "measures": _measures(campaign, scopes, targets, unit.name),
        "nominations": _nominations(user, campaign, unit=unit),
        "members": members,
    }


def progress_choices(user, campaign: Campaign, *, me: Person | None, manager: bool) -> dict:
    """What the progress index offers: oneself, the units one heads, and for managers everyone."""
    commune = campaign.commune
    headed = []
    if me:
        headed = list(Unit.objects.filter(commune=commune, head=me, is_active=True).prefetch_related("dated_names"))
    if not manager:
        return {"me": me, "headed": headed, "units": [], "people": []}
    return {
        "me": me,
        "headed": headed,
        "units": list(Unit.objects.filter(commune=commune, is_active=True).prefetch_related("dated_names")),
        "people": list(
            Person.objects.filter(commune=commune, is_active=True)
            .select_related("unit")
            .prefetch_related("unit__dated_names")
        ),
    }
