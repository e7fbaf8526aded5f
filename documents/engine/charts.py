"""Monthly trend charts as inline SVG, drawn on the server (no JavaScript in a PDF)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from documents.engine.data import TrendSeries
from tanbinh_portal.formatting import format_number

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 34


def _scale(series: TrendSeries) -> tuple[float, float]:
    values = [v for v in series.values if v is not None]
    if series.target is not None:
        values.append(series.target)
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    span = (high - low) or max(abs(high), 1.0)
    low, high = low - span * 0.15, high + span * 0.15
    if min(values) >= 0:
        low = max(low, 0.0)  # a rate or a count is never below 0: the axis does not pretend otherwise
    if series.unit == "%" and max(values) <= 100:
        high = min(high, 100.0)
    return low, high


def line_chart_svg(series: TrendSeries) -> SafeString:
    """A line chart of ``series`` with its target as a dashed line; months without data leave gaps."""
    low, high = _scale(series)
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
    for tick in (low, (low + high) / 2, high):
        label = f"{format_number(tick, 1)}{escape(series.unit)}"
        parts.append(f'<text x="{LEFT - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{label}</text>')
    for i, month in enumerate(series.months):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle">{escape(month[:2])}</text>')
    if series.target is not None:
        ty = y(series.target)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#b00" '
            f'stroke-dasharray="6 4"/><text x="{WIDTH - RIGHT}" y="{ty - 4:.1f}" text-anchor="end" fill="#b00">'
            f"Chỉ tiêu {format_number(series.target)}{escape(series.unit)}</text>"
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
