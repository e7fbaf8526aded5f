"""Rendering stored values: a rate with 2 decimals (display only), a count as an integer, "—" if empty."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.urls import get_script_prefix, reverse

from kpi import indicators as ind
from kpi import ratings
from tanbinh_portal.formatting import format_duration, format_number, format_percent

register = template.Library()


@register.filter
def kpi_value(row) -> str:
    if row is None or row.value is None:
        return "—"
    if ind.is_rate(row.indicator):
        return format_percent(row.value)
    return format_number(row.value, 0)


@register.filter
def duration(milliseconds) -> str:
    return format_duration(milliseconds)


@register.filter
def kpi_number(value) -> str:
    return "—" if value is None else format_number(value, 2)


@register.simple_tag
def drill_url(slug: str, row, part: str = "numerator") -> str:
    """The drill-down link of a stored value (numerator or denominator)."""
    query = {"indicator": row.indicator, "period": row.period, "scope": row.scope, "part": part}
    if row.scope_key:
        query["key"] = row.scope_key
    return _drilldown_path(get_script_prefix(), slug) + "?" + urlencode(query)


@lru_cache(maxsize=256)
def _drilldown_path(script_prefix: str, slug: str) -> str:
    # The dashboard prints ~170 drill-down links; reversing each one was a sixth of its CPU time.
    return reverse("kpi:drilldown", args=[slug])


@register.simple_tag
def query_with(query, **changes) -> str:
    data = query.copy()
    for key, value in changes.items():
        data[key] = value
    return data.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def rating_label(level) -> str:
    """ "Rất hài lòng" … for a rating level (``kpi.models.Rating``); empty when the dossier has none."""
    return ratings.LEVEL_LABELS.get(level, "")


@register.filter
def rating_source_label(source) -> str:
    return ratings.SOURCE_LABELS.get(source, "")
