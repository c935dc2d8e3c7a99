"""Server-side SVG charts, one code path for web pages and PDFs.

Every chart function returns a standalone, responsive ``<svg>`` element as a
``SafeString``. The markup is deliberately plain so that browsers and
WeasyPrint draw it the same way: presentation attributes instead of CSS, no
scripts, no external resources, no ``dominant-baseline``. All text passes
through ``escape()``; long labels are cut with an ellipsis and the full label
is kept in a ``<title>`` tooltip.

Values are expected to be non-negative counts or rates: negative values are
drawn as zero, ``None`` and NaN as missing. Empty input never raises; it gives
a chart saying "暂无数据".
"""

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT_FAMILY = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif'

# Series colours, in order of use. Distinguishable on screen and in greyscale print.
PALETTE = (
    "#2f80ed",  # blue
    "#f0883e",  # orange
    "#27ae60",  # green
    "#d9363e",  # red
    "#9b51e0",  # purple
    "#8c6d31",  # brown
    "#e377c2",  # pink
    "#7f7f7f",  # grey
    "#bcbd22",  # olive
    "#17becf",  # cyan
)

# Four-colour risk levels (红橙黄蓝, 安委办〔2016〕11号): the one mapping of level → colour. Every
# chart takes its risk colours from here; the .level-* badges in static/css/site.css carry the
# same values (tests/test_charts.py holds them equal).
RISK_COLOURS = {
    "red": "#d9363e",
    "orange": "#f0883e",
    "yellow": "#f2c94c",
    "blue": "#2f80ed",
}
# The order every risk chart draws and lists the levels in: the highest first (at the base of a
# stack and first in its legend).
RISK_ORDER = ("red", "orange", "yellow", "blue")

TEXT_COLOUR = "#333333"
MUTED_COLOUR = "#666666"
GRID_COLOUR = "#e3e6ea"
OTHER_COLOUR = "#c8ccd0"  # the merged "其他" slice of a donut
AXIS_COLOUR = "#9aa0a6"

# Text sizes in viewBox units. No text is smaller than MIN_FONT, and a chart is never drawn
# narrower than its ``chart-min-*`` class allows (site.css), so on screen every label is at least
# MIN_SCREEN_PX; a 640-unit chart across an A4 page's text width (174 mm) prints it at 10 pt.
MIN_FONT = 13
TITLE_SIZE = 16
LABEL_SIZE = MIN_FONT
LEGEND_ROW = 20
MIN_SCREEN_PX = 11
# (class, minimum rendered width in px) from the narrowest; site.css sets each min-width.
MIN_WIDTH_CLASSES = (
    ("chart-min-20", 320),
    ("chart-min-28", 448),
    ("chart-min-34", 544),
    ("chart-min-40", 640),
    ("chart-min-48", 768),
)


# --- Public helpers ---------------------------------------------------------


def nice_ticks(max_value: float, count: int = 5) -> list[float]:
    """Round axis ticks from 0 up to at least ``max_value``.

    The step is 1, 2 or 5 times a power of ten, so labels read as round
    numbers; there are at most ``count`` + 1 ticks. Zero, negative or
    non-numeric maxima give ``[0.0, 1.0]`` so an axis can always be drawn.
    """
    count = max(1, int(count))
    if not _is_number(max_value) or max_value <= 0:
        return [0.0, 1.0]
    raw_step = max_value / count
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step * (1 - 1e-9))
    steps = math.ceil(max_value / step - 1e-9)
    return [float(round(i * step, 10)) for i in range(steps + 1)]


def range_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round ticks inside ``[low, high]`` (a step of 1, 2 or 5 times a power of ten), for an axis
    that does not start at zero, such as degrees of longitude. An empty range gives ``[low]``."""
    if not (_is_number(low) and _is_number(high)) or high <= low:
        return [low] if _is_number(low) else []
    raw_step = (high - low) / max(1, int(count))
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step * (1 - 1e-9))
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [float(round(i * step, 10)) for i in range(first, last + 1)]


def svg_text(x: float, y: float, content: str, **options) -> str:
    """A ``<text>`` drawn as the charts draw theirs (escaped; cut to ``max_width`` with the
    full text as tooltip), for other server-side SVG pictures."""
    return _text(x, y, content, **options)


def svg_number(number: float) -> str:
    """A coordinate as the charts write it (at most one decimal)."""
    return _n(number)


def svg_legend(
    names: list[str], colours: list[str], y: float, width: float
) -> tuple[list[str], int]:
    """The charts' legend (coloured keys, centred, wrapped into rows) and how many rows it
    took, for other SVG pictures."""
    rows = _legend_rows(names, width - 16, colours)
    return _legend(rows, y, width), len(rows)


# --- Charts -----------------------------------------------------------------


def bar_chart(
    labels: list[str],
    values: list[float],
    *,
    title: str = "",
    unit: str = "",
    horizontal: bool = False,
    width: int = 640,
    height: int = 320,
) -> SafeString:
    """One bar per label, with its value written at the end of the bar."""
    labels = [str(label) for label in labels]
    values = _clean(values, len(labels))
    if not labels or all(v is None for v in values):
        return _empty(width, height, title)
    desc = _describe(labels, values, unit)
    if horizontal:
        # Rows grow the chart rather than shrink the text below MIN_FONT.
        height = max(height, _horizontal_top(title, unit) + 24 + len(labels) * (LABEL_SIZE + 7))
        body = _horizontal_bars(labels, values, width, height, title, unit)
        return _svg(width, height, title, body, desc)

    frame = _Frame.build(
        labels,
        _max(values),
        width,
        height,
        title,
        unit,
        _all_integral(values),
        value_labels=True,
    )
    body = _y_axis(frame, unit)
    bar_w = min(frame.slot * 0.6, 56)
    show_values = all(
        _text_width(_fmt(v), LABEL_SIZE) <= frame.slot for v in values if v is not None
    )
    for label, value, cx in zip(labels, values, frame.centres(), strict=True):
        amount = max(value or 0, 0)
        y = frame.y(amount)
        tip = escape(f"{label}: {_fmt(value)}{unit}")
        body.append(
            f'<rect x="{_n(cx - bar_w / 2)}" y="{_n(y)}" width="{_n(bar_w)}" '
            f'height="{_n(frame.baseline - y)}" fill="{PALETTE[0]}"><title>{tip}</title></rect>'
        )
        if show_values and value is not None:
            body.append(_text(cx, y - 4, _fmt(value), anchor="middle", fill=MUTED_COLOUR))
    body += _x_axis(frame, labels)
    return _svg(width, height, title, body, desc)


def stacked_bar_chart(
    labels: list[str],
    series: dict[str, list[float]],
    *,
    title: str = "",
    unit: str = "",
    width: int = 640,
    height: int = 320,
    colours: list[str] | None = None,
) -> SafeString:
    """Bars stacked by series in legend order, with the total above each bar.

    The first series sits at the base of each bar and first in the legend, so the legend reads
    in stack order. ``colours`` (one per series) fixes the colours, e.g. a risk level's.
    """
    labels = [str(label) for label in labels]
    cleaned = {str(name): _clean(values, len(labels)) for name, values in series.items()}
    if not labels or not cleaned or all(v is None for vs in cleaned.values() for v in vs):
        return _empty(width, height, title)
    totals = [sum(max(vs[i] or 0, 0) for vs in cleaned.values()) for i in range(len(labels))]
    integral = all(_all_integral(vs) for vs in cleaned.values())
    series_colours = list(colours) if colours else [c for _name, c in zip(cleaned, cycle(PALETTE))]
    frame = _Frame.build(
        labels,
        max(totals),
        width,
        height,
        title,
        unit,
        integral,
        legend=list(cleaned),
        colours=series_colours,
        value_labels=True,
    )
    body = _y_axis(frame, unit)
    bar_w = min(frame.slot * 0.6, 56)
    show_totals = all(_text_width(_fmt(t), LABEL_SIZE) <= frame.slot for t in totals)
    for i, (label, cx) in enumerate(zip(labels, frame.centres(), strict=True)):
        running = 0.0
        for (name, values), colour in zip(cleaned.items(), series_colours, strict=False):
            amount = max(values[i] or 0, 0)
            if amount <= 0:
                continue
            y_top, y_bottom = frame.y(running + amount), frame.y(running)
            running += amount
            tip = escape(f"{label} · {name}: {_fmt(values[i])}{unit}")
            body.append(
                f'<rect x="{_n(cx - bar_w / 2)}" y="{_n(y_top)}" width="{_n(bar_w)}" '
                f'height="{_n(y_bottom - y_top)}" fill="{colour}"><title>{tip}</title></rect>'
            )
        if show_totals:
            body.append(
                _text(
                    cx,
                    frame.y(running) - 4,
                    _fmt(totals[i]),
                    anchor="middle",
                    fill=MUTED_COLOUR,
                )
            )
    body += _x_axis(frame, labels)
    body += _legend(frame.legend_rows, frame.legend_y, width)
    desc = "; ".join(f"{name}: {_describe(labels, vs, unit)}" for name, vs in cleaned.items())
    return _svg(width, height, title, body, desc)


def line_chart(
    labels: list[str],
    series: dict[str, list[float]],
    *,
    title: str = "",
    unit: str = "",
    width: int = 640,
    height: int = 320,
) -> SafeString:
    """One line with point markers per series; missing values break the line."""
    labels = [str(label) for label in labels]
    cleaned = {str(name): _clean(values, len(labels)) for name, values in series.items()}
    if not labels or not cleaned or all(v is None for vs in cleaned.values() for v in vs):
        return _empty(width, height, title)
    peak = max(_max(vs) for vs in cleaned.values())
    integral = all(_all_integral(vs) for vs in cleaned.values())
    frame = _Frame.build(labels, peak, width, height, title, unit, integral, legend=list(cleaned))
    body = _y_axis(frame, unit)
    centres = frame.centres()
    radius = 3 if frame.slot >= 8 else 2
    for (name, values), colour in zip(cleaned.items(), cycle(PALETTE)):
        segment: list[str] = []
        markers = []
        for label, value, cx in zip(labels, values, centres, strict=True):
            if value is None:
                body.append(_polyline(segment, colour))
                segment = []
                continue
            cy = frame.y(max(value, 0))
            segment.append(f"{_n(cx)},{_n(cy)}")
            tip = escape(f"{label} · {name}: {_fmt(value)}{unit}")
            markers.append(
                f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{radius}" fill="#ffffff" '
                f'stroke="{colour}" stroke-width="2"><title>{tip}</title></circle>'
            )
        body.append(_polyline(segment, colour))
        body += markers
    body += _x_axis(frame, labels)
    body += _legend(frame.legend_rows, frame.legend_y, width)
    desc = "; ".join(f"{name}: {_describe(labels, vs, unit)}" for name, vs in cleaned.items())
    return _svg(width, height, title, body, desc)


def donut_chart(
    labels: list[str],
    values: list[float],
    *,
    title: str = "",
    width: int = 420,
    height: int = 260,
) -> SafeString:
    """Shares of a whole, with the total in the middle and percentages in the legend.

    More slices than the legend can hold are merged into "其他" (the smallest ones).
    """
    labels = [str(label) for label in labels]
    values = [max(v or 0, 0) for v in _clean(values, len(labels))]
    total = sum(values)
    if not labels or total <= 0:
        return _empty(width, height, title)

    top = 40 if title else 12
    radius = max(min((height - top - 16) / 2, (width - 32) * 0.28), 20)
    cx, cy = 16 + radius, top + (height - top) / 2
    max_rows = min(max(int((height - top - 8) // LEGEND_ROW), 1), len(PALETTE))
    shares = [(label, value) for label, value in zip(labels, values, strict=True) if value > 0]
    slices = [(label, value, colour) for (label, value), colour in zip(shares, cycle(PALETTE))]
    if len(slices) > max_rows:
        slices.sort(key=lambda item: item[1], reverse=True)
        kept, rest = slices[: max_rows - 1], slices[max_rows - 1 :]
        slices = [*kept, (_("其他"), sum(item[1] for item in rest), OTHER_COLOUR)]

    body = []
    start = -math.pi / 2
    # A lone slice is a closed ring drawn in two halves; a white seam would show between them.
    stroke = ' stroke="#ffffff" stroke-width="1"' if len(slices) > 1 else ""
    for label, value, colour in slices:
        sweep = 2 * math.pi * value / total
        tip = escape(f"{label}: {_fmt(value)} ({_percent(value, total)})")
        body.append(
            f'<path d="{_ring_path(cx, cy, radius, radius * 0.6, start, sweep)}" '
            f'fill="{colour}"{stroke}><title>{tip}</title></path>'
        )
        start += sweep
    body.append(_text(cx, cy + 4, _fmt(total), size=18, anchor="middle", weight="bold"))
    body.append(_text(cx, cy + 20, _("合计"), anchor="middle", fill=MUTED_COLOUR))

    legend_x = cx + radius + 20
    legend_w = width - legend_x - 8
    y = cy - len(slices) * LEGEND_ROW / 2 + LEGEND_ROW / 2
    for label, value, colour in slices:
        percent = _percent(value, total)
        percent_w = _text_width(percent, LABEL_SIZE)
        body.append(
            f'<rect x="{_n(legend_x)}" y="{_n(y - 5)}" width="10" height="10" fill="{colour}" '
            f'class="legend-key"/>'
        )
        body.append(_text(legend_x + 14, y + 4, label, max_width=legend_w - 14 - percent_w - 6))
        body.append(_text(width - 8, y + 4, percent, anchor="end", fill=MUTED_COLOUR))
        y += LEGEND_ROW
    desc = "; ".join(
        f"{label}: {_fmt(v)} ({_percent(v, total)})"
        for label, v in zip(labels, values, strict=True)
    )
    return _svg(width, height, title, body, desc)


def risk_matrix_chart(
    counts: dict[tuple[int, int], int],
    *,
    likelihood_labels: list[str],
    severity_labels: list[str],
    level_of: Callable[[int, int], str],
    title: str = "",
) -> SafeString:
    """A likelihood × severity grid coloured by four-colour risk level.

    ``counts`` maps 1-based ``(likelihood, severity)`` to a number of risks;
    keys outside the grid are ignored. Likelihood grows upwards, severity to
    the right. ``level_of(likelihood, severity)`` gives each cell's level
    ("red", "orange", "yellow", "blue"): the caller passes the same function
    that sets its recorded levels (``hazards.risk.matrix_level``), so the
    chart has no bands of its own. An empty ``counts`` still draws the
    coloured grid, since the scale itself is informative.
    """
    rows = [str(label) for label in likelihood_labels]
    cols = [str(label) for label in severity_labels]
    cell_w, cell_h = 72, 44
    row_label_w = min(max(_text_width(label, LABEL_SIZE) for label in rows or [""]) + 8, 120)
    left = 24 + row_label_w  # 24 for the rotated axis title
    width = max(left + len(cols) * cell_w + 16, 360)
    top = 40 if title else 12
    grid_bottom = top + len(rows) * cell_h
    height = grid_bottom + 24 + 20 + LEGEND_ROW + 12
    if not rows or not cols:
        return _empty(width, max(height, 200), title)

    body = []
    for li in range(1, len(rows) + 1):
        y = grid_bottom - li * cell_h
        body.append(
            _text(
                left - 6, y + cell_h / 2 + 4, rows[li - 1], anchor="end", max_width=row_label_w - 4
            )
        )
        for si in range(1, len(cols) + 1):
            x = left + (si - 1) * cell_w
            level = str(level_of(li, si))
            count = _count(counts, li, si)
            tip = escape(
                f"{_('可能性')} {rows[li - 1]} × {_('严重程度')} {cols[si - 1]} = {li * si}: "
                f"{count}"
            )
            body.append(
                f'<rect x="{x}" y="{_n(y)}" width="{cell_w}" height="{cell_h}" '
                f'fill="{RISK_COLOURS[level]}" stroke="#ffffff" stroke-width="2">'
                f"<title>{tip}</title></rect>"
            )
            if count:
                ink = "#ffffff" if level in ("red", "blue") else "#1f1f1f"
                body.append(
                    _text(
                        x + cell_w / 2,
                        y + cell_h / 2 + 6,
                        str(count),
                        size=16,
                        anchor="middle",
                        weight="bold",
                        fill=ink,
                    )
                )
    for si, label in enumerate(cols):
        body.append(
            _text(
                left + si * cell_w + cell_w / 2,
                grid_bottom + 16,
                label,
                anchor="middle",
                max_width=cell_w - 4,
            )
        )
    grid_mid_x = left + len(cols) * cell_w / 2
    body.append(
        _text(grid_mid_x, grid_bottom + 38, _("严重程度"), anchor="middle", fill=MUTED_COLOUR)
    )
    mid_y = top + len(rows) * cell_h / 2
    body.append(_text(14, mid_y, _("可能性"), anchor="middle", fill=MUTED_COLOUR, rotate=-90))
    legend_names = [_("重大风险"), _("较大风险"), _("一般风险"), _("低风险")]
    colours = [RISK_COLOURS[level] for level in RISK_ORDER]
    rows_layout = _legend_rows(legend_names, width - 32, colours)
    body += _legend(rows_layout, grid_bottom + 50, width)

    desc = "; ".join(
        f"{rows[li - 1]} × {cols[si - 1]}: {_count(counts, li, si)}"
        for li in range(1, len(rows) + 1)
        for si in range(1, len(cols) + 1)
        if _count(counts, li, si)
    )
    return _svg(width, height, title, body, desc)


# --- Layout -----------------------------------------------------------------


@dataclass
class _Frame:
    """The plot box of a chart with categories along x and values along y."""

    left: float
    top: float
    plot_w: float
    plot_h: float
    slot: float
    count: int
    ticks: list[float]
    rotate_labels: bool
    legend_rows: list
    legend_y: float
    unit_y: float = 0.0

    @classmethod
    def build(
        cls,
        labels,
        max_value,
        width,
        height,
        title,
        unit,
        integral,
        legend=(),
        colours=None,
        value_labels=False,
    ):
        ticks = _value_ticks(max_value, integral)
        left = 10 + max(_text_width(_fmt(t), LABEL_SIZE) for t in ticks) + 8
        plot_w = max(width - left - 16, 40)
        slot = plot_w / len(labels)
        widest = max(_text_width(label, LABEL_SIZE) for label in labels)
        rotate = widest > slot - 4 and slot < 56
        legend_rows = _legend_rows(list(legend), width - 32, colours) if legend else []
        legend_h = len(legend_rows) * LEGEND_ROW + (6 if legend_rows else 0)
        top = (40 if title else 14) + (16 if unit else 0)
        unit_y = top - 10  # the "单位" line, above the room for the bars' figures
        if value_labels:  # room for the figure written above the tallest bar
            top += LABEL_SIZE + 4
        labels_h = 80 if rotate else 26
        plot_h = max(height - top - labels_h - legend_h - 6, 40)
        legend_y = top + plot_h + labels_h + 6
        return cls(
            left,
            top,
            plot_w,
            plot_h,
            slot,
            len(labels),
            ticks,
            rotate,
            legend_rows,
            legend_y,
            unit_y,
        )

    @property
    def baseline(self):
        return self.top + self.plot_h

    def y(self, value):
        return self.baseline - self.plot_h * min(value / self.ticks[-1], 1.0)

    def centres(self):
        return [self.left + self.slot * (i + 0.5) for i in range(self.count)]


def _y_axis(frame, unit):
    parts = []
    right = frame.left + frame.plot_w
    for tick in frame.ticks:
        y = frame.y(tick)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        parts.append(
            f'<line x1="{_n(frame.left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        parts.append(_text(frame.left - 6, y + 4, _fmt(tick), anchor="end", fill=MUTED_COLOUR))
    if unit:
        parts.append(
            _text(
                frame.left,
                frame.unit_y,
                _("单位：%(unit)s") % {"unit": unit},
                fill=MUTED_COLOUR,
                max_width=frame.plot_w,
            )
        )
    return parts


def _x_axis(frame, labels):
    parts = []
    y = frame.baseline
    if frame.rotate_labels:
        # rotated labels need about their height (plus a gap) each
        every = max(1, math.ceil((LABEL_SIZE + 9) / frame.slot))
        for i, (label, cx) in enumerate(zip(labels, frame.centres(), strict=True)):
            if i % every == 0:
                parts.append(_text(cx + 4, y + 14, label, anchor="end", max_width=96, rotate=-40))
    else:
        for label, cx in zip(labels, frame.centres(), strict=True):
            parts.append(_text(cx, y + 18, label, anchor="middle", max_width=frame.slot - 4))
    return parts


def _horizontal_top(title, unit):
    return (40 if title else 14) + (16 if unit else 0)


def _horizontal_bars(labels, values, width, height, title, unit):
    ticks = _value_ticks(_max(values), _all_integral(values))
    top = _horizontal_top(title, unit)
    label_w = min(max(_text_width(label, LABEL_SIZE) for label in labels), width * 0.3)
    left = 10 + label_w + 8
    right = 16 + max(_text_width(_fmt(v), LABEL_SIZE) for v in values if v is not None) + 4
    plot_w = max(width - left - right, 40)
    plot_h = max(height - top - 24, 20)
    slot = plot_h / len(labels)
    bar_h = min(slot * 0.6, 28)

    def x_of(value):
        return left + plot_w * min(value / ticks[-1], 1.0)

    parts = []
    for tick in ticks:
        x = x_of(tick)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(top + plot_h)}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        parts.append(_text(x, top + plot_h + 16, _fmt(tick), anchor="middle", fill=MUTED_COLOUR))
    if unit:
        parts.append(
            _text(
                left,
                top - 10,
                _("单位：%(unit)s") % {"unit": unit},
                fill=MUTED_COLOUR,
                max_width=plot_w,
            )
        )
    font = LABEL_SIZE  # bar_chart made the rows tall enough for it
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        cy = top + slot * (i + 0.5)
        amount = max(value or 0, 0)
        tip = escape(f"{label}: {_fmt(value)}{unit}")
        parts.append(
            f'<rect x="{_n(left)}" y="{_n(cy - bar_h / 2)}" width="{_n(x_of(amount) - left)}" '
            f'height="{_n(bar_h)}" fill="{PALETTE[0]}"><title>{tip}</title></rect>'
        )
        parts.append(
            _text(left - 8, cy + font * 0.35, label, size=font, anchor="end", max_width=label_w)
        )
        if value is not None:
            parts.append(_text(x_of(amount) + 4, cy + 4.5, _fmt(value), fill=MUTED_COLOUR))
    return parts


def _legend_rows(names, max_width, colours=None):
    """Wrap legend items into rows no wider than ``max_width``."""
    colours = colours or cycle(PALETTE)
    rows, row, row_w = [], [], 0.0
    for name, colour in zip(names, colours, strict=False):
        text_w = min(_text_width(name, LABEL_SIZE), 160)
        item_w = 14 + text_w + 16
        if row and row_w + item_w > max_width:
            rows.append((row, row_w))
            row, row_w = [], 0.0
        row.append((name, colour, item_w))
        row_w += item_w
    if row:
        rows.append((row, row_w))
    return rows


def _legend(rows, y, width):
    parts = []
    for row, row_w in rows:
        x = (width - row_w) / 2
        for name, colour, item_w in row:
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y + 4)}" width="11" height="11" fill="{colour}" '
                f'class="legend-key"/>'
            )
            parts.append(_text(x + 15, y + 14, name, max_width=item_w - 30))
            x += item_w
        y += LEGEND_ROW
    return parts


def _ring_path(cx, cy, outer, inner, start, sweep):
    """An annular sector; a full ring is drawn as two halves (one arc cannot close)."""
    if sweep >= 2 * math.pi - 1e-6:
        half = math.pi
        return (
            _ring_path(cx, cy, outer, inner, start, half)
            + " "
            + _ring_path(cx, cy, outer, inner, start + half, half)
        )
    end = start + sweep
    large = 1 if sweep > math.pi else 0

    def point(r, angle):
        return f"{_n(cx + r * math.cos(angle))} {_n(cy + r * math.sin(angle))}"

    return (
        f"M {point(outer, start)} A {_n(outer)} {_n(outer)} 0 {large} 1 {point(outer, end)} "
        f"L {point(inner, end)} A {_n(inner)} {_n(inner)} 0 {large} 0 {point(inner, start)} Z"
    )


# --- Small helpers ----------------------------------------------------------


def min_width_class(width):
    """The ``chart-min-*`` class keeping MIN_FONT at MIN_SCREEN_PX or more when drawn."""
    needed = width * MIN_SCREEN_PX / MIN_FONT
    for name, px in MIN_WIDTH_CLASSES:
        if px >= needed:
            return name
    return MIN_WIDTH_CLASSES[-1][0]


def _svg(width, height, title, body, desc=""):
    label = title or _("图表")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
        f'class="chart-svg {min_width_class(width)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="{LABEL_SIZE}">',
        f"<title>{escape(label)}</title>",
    ]
    if desc:
        parts.append(f"<desc>{escape(desc)}</desc>")
    if title:
        parts.append(
            _text(
                width / 2,
                24,
                title,
                size=TITLE_SIZE,
                anchor="middle",
                weight="bold",
                max_width=width - 16,
            )
        )
    parts += [part for part in body if part]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text node above went through escape()


def _empty(width, height, title):
    top = 40 if title else 0
    message = _text(
        width / 2,
        top + (height - top) / 2 + 5,
        _("暂无数据"),
        size=14,
        anchor="middle",
        fill=MUTED_COLOUR,
    )
    return _svg(width, height, title, [message])


def _text(
    x,
    y,
    content,
    *,
    size=LABEL_SIZE,
    anchor="start",
    max_width=None,
    weight=None,
    fill=TEXT_COLOUR,
    rotate=None,
):
    """A ``<text>``; if cut to ``max_width`` it is wrapped with the full text as tooltip."""
    full = str(content)
    shown = _fit(full, max_width, size) if max_width is not None else full
    attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if rotate:
        attrs += f' transform="rotate({_n(rotate)} {_n(x)} {_n(y)})"'
    element = f"<text {attrs}>{escape(shown)}</text>"
    if shown != full:
        # The tooltip sits beside the text, not inside it: a <title> child of <text>
        # would be drawn as text by some renderers.
        return f"<g><title>{escape(full)}</title>{element}</g>"
    return element


def _polyline(points, colour):
    if len(points) < 2:
        return ""
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
    )


def _text_width(text, size):
    """Estimated advance width: full size for CJK, about 0.6 of it for Latin and digits."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def _fit(text, max_width, size):
    if _text_width(text, size) <= max_width:
        return text
    kept = ""
    for ch in text:
        if _text_width(kept + ch, size) + size > max_width:  # room for a wide "…"
            break
        kept += ch
    return kept + "…"


def _clean(values, length):
    """Numbers as floats, anything else as None, padded or cut to ``length``."""
    cleaned = [float(v) if _is_number(v) else None for v in list(values)[:length]]
    return cleaned + [None] * (length - len(cleaned))


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _max(values):
    return max((v for v in values if v is not None), default=0.0)


def _all_integral(values):
    return all(v is None or float(v).is_integer() for v in values)


def _value_ticks(max_value, integral):
    ticks = nice_ticks(max_value)
    if integral and ticks[1] < 1:  # counts: no half-person ticks
        ticks = [float(i) for i in range(max(math.ceil(max_value), 1) + 1)]
    return ticks


def _count(counts, likelihood, severity):
    value = counts.get((likelihood, severity), 0)
    return int(value) if _is_number(value) else 0


def _percent(value, total):
    return f"{value * 100 / total:.1f}%"


def _describe(labels, values, unit):
    return "; ".join(f"{label}: {_fmt(v)}{unit}" for label, v in zip(labels, values, strict=True))


def _fmt(value):
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _n(number):
    """Coordinates with at most one decimal, to keep the markup small."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text
