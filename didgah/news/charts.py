"""Charts for the editors' dashboard, drawn as SVG on the server.

Pure functions of plain data (no Django, no database): a chart is a title, a description,
labels and whole-number values, and comes out as an SVG fragment to put in the page.
No script and no chart library: the admin runs under the site's CSP (`style-src 'self'`),
so the markup carries no `style` attribute either; colours come from classes that
static/news/dashboard.css sets from the admin's own variables (light and dark themes).

Read right to left like the page: the first column stands at the right, a bar grows
from its label at the right towards the left, the scale's numbers stand on the right.
Every number is in Persian digits. The SVG is `role="img"` named by its `<title>` and
`<desc>`, each mark has a `<title>` of its own (the browser's tooltip), and the same
figures are given as a table (`Chart.rows`) for screen readers and for copying.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from didgah.persian import format_number

# The drawing's own coordinate system; the page scales it to its column's width.
WIDTH = 640
COLUMNS_HEIGHT = 220
BAR_ROW = 28
# Room for the scale's numbers at the right and the hour labels below.
SCALE_WIDTH = 48
AXIS_HEIGHT = 26
TOP_MARGIN = 12
# A bar's label takes the right third: long Persian headlines are cut to fit it.
LABEL_WIDTH = 250
LABEL_CHARS = 38
# Room at the bar's far end for its number.
VALUE_WIDTH = 56


@dataclass(frozen=True)
class Chart:
    """What one chart shows. `kind` "columns" for a series over time (hours), "bars" for
    a ranking; `links` (optional, one per label) make the label a link in the table: not
    in the drawing, whose role="img" makes its content one picture, nothing to focus."""

    key: str
    title: str
    desc: str
    labels: tuple[str, ...]
    values: tuple[int, ...]
    kind: str = "columns"
    label_header: str = ""
    value_header: str = ""
    links: tuple[str, ...] = field(default_factory=tuple)
    # Columns: label every n-th column only (24 hours do not fit 24 labels).
    label_every: int = 1

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """(label, value in Persian digits, link or "") per mark: the table beside the drawing."""
        links = self.links or ("",) * len(self.labels)
        return [(label, format_number(value), link) for label, value, link in zip(self.labels, self.values, links)]

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def svg(self) -> str:
        return render(self)


def nice_max(value: int) -> int:
    """The scale's top: the smallest of 1, 2 or 5 times a power of ten that is at least
    `value`, and at least 5, so a quiet hour's one view does not fill the chart."""
    top = max(int(value), 5)
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= top:
                return m * step
        step *= 10


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _cut(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _open(chart: Chart, height: int) -> list[str]:
    return [
        f'<svg class="chart chart-{_e(chart.kind)}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{_e(chart.key)}-t {_e(chart.key)}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{_e(chart.key)}-t">{_e(chart.title)}</title>',
        f'<desc id="{_e(chart.key)}-d">{_e(chart.desc)}</desc>',
    ]


def column_positions(n: int, *, width: int = WIDTH, scale: int = SCALE_WIDTH) -> list[tuple[float, float]]:
    """(x, width) of n columns, the first at the right; a fifth of each slot is the gap."""
    if n <= 0:
        return []
    slot = (width - scale) / n
    gap = slot / 5
    right = width - scale
    return [(round(right - (i + 1) * slot + gap / 2, 2), round(slot - gap, 2)) for i in range(n)]


def columns_svg(chart: Chart) -> str:
    height = COLUMNS_HEIGHT
    plot_bottom = height - AXIS_HEIGHT
    plot_height = plot_bottom - TOP_MARGIN
    top = nice_max(max(chart.values, default=0))
    out = _open(chart, height)
    # The scale: zero, half and the top, on the right like the start of a Persian line.
    for fraction in (0, 0.5, 1):
        y = round(plot_bottom - fraction * plot_height, 2)
        out.append(f'<line class="chart-grid" x1="0" x2="{WIDTH - SCALE_WIDTH}" y1="{y}" y2="{y}"/>')
        out.append(f'<text class="chart-scale" x="{WIDTH - 4}" y="{y + 4}" text-anchor="end">'
                   f"{_e(format_number(int(top * fraction)))}</text>")
    for i, ((x, w), label, value) in enumerate(zip(column_positions(len(chart.values)), chart.labels, chart.values)):
        h = round(value / top * plot_height, 2)
        out.append(
            f'<rect class="chart-mark" x="{x}" y="{round(plot_bottom - h, 2)}" width="{w}" height="{h}">'
            f"<title>{_e(label)}: {_e(format_number(value))}</title></rect>"
        )
        if i % max(chart.label_every, 1) == 0:
            out.append(f'<text class="chart-label" x="{round(x + w / 2, 2)}" y="{height - 8}" '
                       f'text-anchor="middle">{_e(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def bars_svg(chart: Chart) -> str:
    n = len(chart.values)
    height = max(n, 1) * BAR_ROW + 4
    top = nice_max(max(chart.values, default=0))
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bar_right = WIDTH - LABEL_WIDTH
    out = _open(chart, height)
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        y = i * BAR_ROW + 4
        w = round(value / top * room, 2)
        out.append(f'<text class="chart-label" x="{WIDTH - 4}" y="{y + BAR_ROW / 2 + 2}" text-anchor="start" '
                   f'direction="rtl">{_e(_cut(label))}</text>')
        out.append(
            f'<rect class="chart-mark" x="{round(bar_right - 8 - w, 2)}" y="{y + 4}" width="{w}" '
            f'height="{BAR_ROW - 10}"><title>{_e(label)}: {_e(format_number(value))}</title></rect>'
        )
        out.append(f'<text class="chart-value" x="{round(bar_right - 12 - w, 2)}" y="{y + BAR_ROW / 2 + 2}" '
                   f'text-anchor="end">{_e(format_number(value))}</text>')
    out.append("</svg>")
    return "".join(out)


def render(chart: Chart) -> str:
    """The chart's SVG; every text in it is escaped, so labels may be anything."""
    return bars_svg(chart) if chart.kind == "bars" else columns_svg(chart)
