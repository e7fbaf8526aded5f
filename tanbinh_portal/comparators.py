"""Comparators: one enum for a plan's targets and an award form's eligibility rules, and the comparison.

A target says "≥ 95%" or "nâng cao so với cùng kỳ năm trước" (``INCREASE``, judged by
``kpi.year_comparison``); a rule says "≥ 95%" or "= 0". Each model field offers its own subset
(``TARGET_CHOICES``, ``RULE_CHOICES``); the stored values are the same codes everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import StrEnum


class Comparator(StrEnum):
    """The codes stored by ``CriterionTarget.comparator`` and ``EligibilityRule.comparator``.

    A plain ``StrEnum`` (each member equals its code), not Django's ``TextChoices``: the number formatting
    the print engine uses reads the symbols here, and the engine reaches no part of ``django.db``
    (tests/documents/test_architecture.py).
    """

    GTE = "gte"
    GT = "gt"
    LTE = "lte"
    LT = "lt"
    EQ = "eq"
    # Against the same months of the previous campaign (kpi.year_comparison); the in-year fallback of the
    # dashboard is named in tanbinh_portal.formatting.INCREASE_LABEL.
    INCREASE = "increase"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Comparator.GTE: "≥",
    Comparator.GT: ">",
    Comparator.LTE: "≤",
    Comparator.LT: "<",
    Comparator.EQ: "=",
    Comparator.INCREASE: "nâng cao so với cùng kỳ năm trước",
}


def _choices(members: Iterable[Comparator]) -> list[tuple[str, str]]:
    return [(str(member.value), member.label) for member in members]


# A target of the plan: a threshold, or an increase over the previous year (a rate is never aimed at exactly).
TARGET_CHOICES = _choices((Comparator.GTE, Comparator.GT, Comparator.LTE, Comparator.LT, Comparator.INCREASE))
# An eligibility rule: a threshold or an exact figure (no previous year in a checklist).
RULE_CHOICES = _choices((Comparator.GTE, Comparator.GT, Comparator.LTE, Comparator.LT, Comparator.EQ))

_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    Comparator.GTE: lambda a, b: a >= b,
    Comparator.GT: lambda a, b: a > b,
    Comparator.LTE: lambda a, b: a <= b,
    Comparator.LT: lambda a, b: a < b,
    Comparator.EQ: lambda a, b: a == b,
}


def meets(comparator: str, value: Decimal, threshold: Decimal) -> bool:
    """Whether ``value`` satisfies "``comparator`` ``threshold``" (a threshold comparator, not ``INCREASE``:
    that one needs the previous year, see ``kpi.year_comparison``). An unknown code raises ``KeyError``."""
    return _OPS[comparator](value, threshold)
