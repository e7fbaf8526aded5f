"""Indicator formulas: one place for every formula on the dossier log, used by the drill-down.

The catalogue (codes, labels, rates, Biểu II.06a columns, the exported list) is
``tanbinh_portal.indicator_catalogue``, re-exported here so that ``kpi.indicators.RATES`` and the like
keep reading naturally inside kpi.

Each count is a ``Q`` on Dossier for a period [start, end] of local calendar dates; each rate is a
numerator count over a denominator count. Because the aggregate (``Count(filter=Q)``) and the
drill-down (``filter(Q)``) use the same ``Q``, a clicked value lists exactly the dossiers it counts.
Formulas, versions and decisions: docs/kpi.md.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from kpi import ratings
from tanbinh_portal.indicator_catalogue import (
    COUNT_LABELS,
    COUNT_VERSION,
    EXPORTED,
    FORM_06A,
    FORM_06A_KEYS,
    FORM_06A_LABELS,
    FORM_06A_PREFIX,
    LOG_INDICATOR_KEYS,
    MONTHLY_VERSION,
    RATES,
    TARGETABLE,
    Rate,
    is_rate,
    label_of,
)

__all__ = [
    "COUNTS",
    "COUNT_LABELS",
    "COUNT_VERSION",
    "EXPORTED",
    "FORM_06A",
    "FORM_06A_KEYS",
    "FORM_06A_LABELS",
    "FORM_06A_PREFIX",
    "LOG_INDICATOR_KEYS",
    "MONTHLY_VERSION",
    "RATES",
    "TARGETABLE",
    "Rate",
    "drill_queries",
    "is_rate",
    "label_of",
]

NOT_COUNTED = (1, 3)  # Mới đăng ký, Không được tiếp nhận: never count
RESOLVED = (9, 10)
NOT_PENDING = (1, 3, 7)


def _received(s: dt.date, e: dt.date) -> Q:
    return ~Q(status__in=NOT_COUNTED) & Q(received_date__gte=s, received_date__lte=e)


def _resolved(s: dt.date, e: dt.date) -> Q:
    return Q(status__in=RESOLVED, result_date__gte=s, result_date__lte=e)


def _pending(s: dt.date, e: dt.date) -> Q:
    return ~Q(status__in=NOT_PENDING) & Q(received_date__lte=e) & (Q(result_date__isnull=True) | Q(result_date__gt=e))


COUNTS = {
    "received": _received,
    "received_online": lambda s, e: _received(s, e) & Q(channel=2),
    "received_postal": lambda s, e: _received(s, e) & Q(channel=3),
    "received_direct_postal": lambda s, e: _received(s, e) & Q(channel__in=(1, 3)),
    "received_four_on_spot": lambda s, e: (
        _received(s, e) & Q(four_on_spot=True, status__in=RESOLVED, result_date=F("received_date"))
    ),
    "carried_over": lambda s, e: (
        ~Q(status__in=NOT_PENDING) & Q(received_date__lt=s) & (Q(result_date__isnull=True) | Q(result_date__gte=s))
    ),
    "resolved": _resolved,
    "resolved_early": lambda s, e: _resolved(s, e) & Q(result_date__lt=F("due_date")),
    "resolved_on_time": lambda s, e: _resolved(s, e) & Q(result_date=F("due_date")),
    "resolved_late": lambda s, e: _resolved(s, e) & Q(result_date__gt=F("due_date")),
    "resolved_in_time": lambda s, e: _resolved(s, e) & Q(result_date__lte=F("due_date")),
    # The one set of ratings: the portal's where the citizen rated there, else the import's (kpi.ratings).
    "resolved_rated": lambda s, e: _resolved(s, e) & ratings.RATED,
    "dissatisfied_harassment": lambda s, e: _resolved(s, e) & ratings.HARASSMENT,
    "dissatisfied_any": lambda s, e: _resolved(s, e) & ratings.DISSATISFIED,
    "pending": _pending,
    "pending_in_time": lambda s, e: _pending(s, e) & (Q(due_date__isnull=True) | Q(due_date__gte=e)),
    "pending_overdue": lambda s, e: _pending(s, e) & Q(due_date__lt=e),
    "progress_good": lambda s, e: (
        (_resolved(s, e) & Q(result_date__lte=F("due_date")))
        | (_pending(s, e) & (Q(due_date__isnull=True) | Q(due_date__gte=e)))
    ),
    "progress_base": lambda s, e: _resolved(s, e) | _pending(s, e),
}


def drill_queries(indicator: str, start: dt.date, end: dt.date) -> tuple[Q, Q | None]:
    """(numerator Q, denominator Q or None) for a dossier-based indicator."""
    if indicator in RATES:
        rate = RATES[indicator]
        return COUNTS[rate.numerator](start, end), COUNTS[rate.denominator](start, end)
    if indicator in COUNTS:
        return COUNTS[indicator](start, end), None
    raise KeyError(indicator)
