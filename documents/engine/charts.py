"""Monthly trend charts as inline SVG, drawn on the server (no JavaScript in a PDF)."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from documents.engine.data import TrendSeries
from tanbinh_portal.formatting import format_number

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 34


def _step(span: float, whole: bool) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about four intervals; at least 1
    for counts, which have no fractions."""
    raw = span / 4
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return max(step, 1.0) if whole else step


def _scale(series: TrendSeries) -> tuple[float, float, list[float]]:
    """Axis bounds and ticks on round values (90%, 95%, 100%; 100, 150, 200), never below 0 for a rate or
    a count, never above 100 for a rate."""
    values = [v for v in series.values if v is not None]
    if series.target is not None:
        values.append(series.target)
    if not values:
        return 0.0, 1.0, [0.0, 1.0]
    low, high = min(values), max(values)
    span = (high - low) or max(abs(high), 1.0)
    low, high = low - span * 0.15, high + span * 0.15
    if min(values) >= 0:
        low = max(low, 0.0)  # a rate or a count is never below 0: the axis does not pretend otherwise
    if series.unit == "%" and max(values) <= 100:
        high = min(high, 100.0)
    step = _step(high - low, whole=series.unit != "%")
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    ticks = [round(i * step, 6) for i in range(first, last + 1)]
    return ticks[0], ticks[-1], ticks


def line_chart_svg(series: TrendSeries) -> SafeString:
    """A line chart of ``series`` with its dashed line (a target, or last year's same months) labelled
    by what it is; months without data leave gaps."""
    low, high, ticks = _scale(series)
    n = max(len(series.months), 1)
    step = (WIDTH - LEFT - RIGHT) / max(n - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + (high - v) / (high - low) * (HEIGHT - TOP - BOTTOM)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(series.title)}" font-family="Liberation Serif" font-size="11">',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#000"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#000"/>',
    ]
    for tick in ticks:
        label = f"{format_number(tick, 2)}{escape(series.unit)}"
        parts.append(f'<text x="{LEFT - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{label}</text>')
    for i, month in enumerate(series.months):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle">{escape(month[:2])}</text>')
    if series.target is not None:
        ty = y(series.target)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#b00" '
            f'stroke-dasharray="6 4"/><text x="{WIDTH - RIGHT}" y="{ty - 4:.1f}" text-anchor="end" fill="#b00">'
            f"{escape(series.target_label[:1].upper() + series.target_label[1:])} "
            f"{format_number(series.target)}{escape(series.unit)}</text>"
        )
    segment: list[str] = []
    segments = []
    for i, value in enumerate(series.values):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(value):.1f}")
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="#1f4e99"/>')
    if segment:
        segments.append(segment)
    for points in segments:
        parts.append(f'<polyline fill="none" stroke="#1f4e99" stroke-width="2" points="{" ".join(points)}"/>')
    parts.append(f'<text x="{(WIDTH + LEFT) / 2:.0f}" y="{HEIGHT - 4}" text-anchor="middle">Tháng</text></svg>')
    # Built from escaped text and formatted numbers only.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
