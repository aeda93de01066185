"""Charts drawn on the server as SVG: no JavaScript, no network, the same picture on the
screen, on paper and in the PDF. Every chart sits beside a table of its numbers (the
accessible version), so the SVG itself is hidden from screen readers."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TONES = {
    "danger": "#b02a37",
    "warning": "#b35c00",
    "success": "#1e7b45",
    "primary": "#0b5ed7",
    "muted": "#6c757d",
    "info": "#0a7a8f",
}
FONT = "Liberation Serif, Times New Roman, serif"


@dataclass
class Bar:
    label: str
    value: int
    tone: str = "primary"


@dataclass
class Series:
    label: str
    values: list[int]
    tone: str = "primary"


def _svg(width: int, height: int, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" class="chart" aria-hidden="true" '
        f'focusable="false" font-family="{FONT}" font-size="15">' + "".join(body) + "</svg>"
    )


def bar_chart(bars: list[Bar], *, width: int = 440) -> SafeString:
    """Horizontal bars, one per row, the label on the left and the value at the bar's end."""
    label_width, row, gap = 190, 22, 6
    scale_width = width - label_width - 50
    top = max((b.value for b in bars), default=0) or 1
    body = []
    for index, bar in enumerate(bars):
        y = index * (row + gap)
        length = round(scale_width * bar.value / top) if bar.value else 0
        colour = TONES.get(bar.tone, TONES["primary"])
        body.append(
            f'<text x="{label_width - 8}" y="{y + row * 0.7:.1f}" text-anchor="end" '
            f'fill="#212529">{escape(_short(bar.label))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{row}" '
            f'fill="{colour}" rx="2"/>'
            f'<text x="{label_width + length + 6}" y="{y + row * 0.7:.1f}" '
            f'fill="#212529" font-weight="bold">{bar.value}</text>'
        )
    return _svg(width, max(len(bars), 1) * (row + gap), body)


def column_chart(categories: list[str], series: list[Series], *, width: int = 560) -> SafeString:
    """Grouped vertical columns: one group per category (a quarter), one column per series,
    with a legend above and room between them for the tallest column's value."""
    legend_height, value_room, axis_height, plot_height = 26, 18, 22, 160
    top = max((v for s in series for v in s.values), default=0) or 1
    group_width = (width - 40) / max(len(categories), 1)
    column = min(28.0, (group_width - 12) / max(len(series), 1))
    body = []
    x = 40
    for s in series:
        colour = TONES.get(s.tone, TONES["primary"])
        body.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="16" fill="#212529">{escape(s.label)}</text>'
        )
        x += 24 + 7 * len(s.label)
    base = legend_height + value_room + plot_height
    body.append(
        f'<line x1="36" y1="{base}" x2="{width}" y2="{base}" stroke="#6c757d" stroke-width="1"/>'
    )
    for index, category in enumerate(categories):
        left = 40 + index * group_width + (group_width - column * len(series)) / 2
        for k, s in enumerate(series):
            value = s.values[index]
            height = round(plot_height * value / top) if value else 0
            colour = TONES.get(s.tone, TONES["primary"])
            cx = left + k * column
            body.append(
                f'<rect x="{cx:.1f}" y="{base - height}" width="{column - 2:.1f}" '
                f'height="{max(height, 1)}" fill="{colour}"/>'
                f'<text x="{cx + (column - 2) / 2:.1f}" y="{base - height - 3}" '
                f'text-anchor="middle" font-size="11" fill="#212529">{value}</text>'
            )
        middle = 40 + index * group_width + group_width / 2
        body.append(
            f'<text x="{middle:.1f}" y="{base + 16}" text-anchor="middle" '
            f'fill="#212529">{escape(category)}</text>'
        )
    return _svg(width, base + axis_height, body)


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
