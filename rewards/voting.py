"""Quorum and pass thresholds: pure arithmetic with Vietnamese explanations (exact, no floats)."""

from __future__ import annotations

from decimal import Decimal

from rewards.models import ThresholdBase
from tanbinh_portal.formatting import format_percent


def quorum_met(*, present: int, total: int, numerator: int = 2, denominator: int = 3) -> bool:
    """At least numerator/denominator of all members present (default two thirds)."""
    return total > 0 and present * denominator >= total * numerator


def quorum_text(*, present: int, total: int, numerator: int = 2, denominator: int = 3) -> str:
    verdict = (
        "đủ" if quorum_met(present=present, total=total, numerator=numerator, denominator=denominator) else "không đủ"
    )
    return (
        f"Có mặt {present}/{total} thành viên; yêu cầu tối thiểu {numerator}/{denominator} tổng số thành viên: "
        f"{verdict} điều kiện tiến hành họp."
    )


def vote_result(
    *, agree: int, present: int, total: int, base: str, percent: Decimal, inclusive: bool
) -> tuple[bool, str]:
    """Whether ``agree`` votes pass, and the sentence saying why ("7/9 = 77,78% tổng số thành viên, ...")."""
    denominator = total if base == ThresholdBase.ALL else present
    base_label = ThresholdBase(base).label
    if denominator <= 0:
        return False, f"Không có {base_label} để tính tỷ lệ."
    share = Decimal(agree) * 100 / Decimal(denominator)
    exact = Decimal(agree) * 100
    limit = Decimal(percent) * denominator
    passed = exact >= limit if inclusive else exact > limit
    if inclusive:
        relation = "đạt mức từ" if passed else "chưa đạt mức từ"
    else:
        relation = "trên mức" if passed else "không vượt quá mức"
    return (
        passed,
        f"{agree}/{denominator} = {format_percent(share)} {base_label}, "
        f"{relation} {format_percent(percent)} theo quy định",
    )
