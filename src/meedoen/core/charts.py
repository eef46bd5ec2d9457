"""Server-rendered charts: an inline SVG with the same data in an HTML table beside it.

No JavaScript and no inline styles (the pages run under a strict CSP): colours, line styles
and marker shapes come from classes styled in ``meedoen/meedoen.css``; the SVG also carries
plain presentation attributes, so it stays readable without the stylesheet.

Series differ by colour *and* by dash pattern *and* by marker shape (or, for bars, by fill
pattern), so colour is never the only way to tell them apart (WCAG 1.4.1). The SVG is one
image (``role="img"``) named by its ``<title>`` and ``<desc>``; the data itself is in the
table, which is what assistive technology reads.

Usage (in a view)::

    chart = LineChart(
        title=_("Well-being over time"), y_label=_("WHO-5, 0-100"), y_min=0, y_max=100,
        x=[date(2026, 1, 5), date(2026, 2, 2)],
        series=[Series(label=_("Well-being"), values=[48, None])],
    )

and in a template ``{% load ui %}{% line_chart chart %}``.
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = [
    "BarChart",
    "DataTable",
    "LineChart",
    "Series",
    "render_bar_chart",
    "render_chart",
    "render_data_table",
    "render_line_chart",
]

# Number of distinct series styles; the next series starts again at style 1.
STYLE_COUNT = 6

# Geometry of the SVG drawing, in viewBox units (the SVG scales to its container).
WIDTH = 560
HEIGHT = 300
MARGIN_LEFT = 64
MARGIN_RIGHT = 24
MARGIN_TOP = 16
MARGIN_BOTTOM = 64
MARKER_SIZE = 5.0

Number = float | int


@dataclass
class Series:
    """One line (or one set of bars): a label and one value per x; ``None`` = no value."""

    label: str
    values: list[float | None]


@dataclass
class LineChart:
    """Values over dates. ``x`` are the dates; each series has one value (or None) per date.

    ``y_min``/``y_max`` give the scale of the outcome (e.g. 0 to 100 for WHO-5); a value outside
    it widens the scale rather than being clipped. ``decimals`` is the number of decimals
    shown (None: 0 when every value is whole, else 1).
    """

    title: str
    y_label: str
    y_min: float
    y_max: float
    x: list[datetime.date]
    series: list[Series]
    description: str = ""
    decimals: int | None = None
    empty_message: str = field(default=_("No check-ins yet."))

    def __post_init__(self) -> None:
        _check_series(self.series, len(self.x))
        if not self.y_max > self.y_min:
            raise ValueError("y_max must be greater than y_min")


@dataclass
class BarChart:
    """Values per category (grouped bars when there is more than one series)."""

    title: str
    y_label: str
    categories: list[str]
    series: list[Series]
    y_min: float = 0
    y_max: float | None = None
    description: str = ""
    decimals: int | None = None
    empty_message: str = field(default=_("No data yet."))

    def __post_init__(self) -> None:
        _check_series(self.series, len(self.categories))
        if self.y_max is not None and not self.y_max > self.y_min:
            raise ValueError("y_max must be greater than y_min")


@dataclass
class DataTable:
    """A plain data table: a caption, column headers and rows.

    Cells may be text, numbers (localised and right-aligned), dates, ``None`` (shown as a
    dash, read out as "no value") or safe HTML built with ``format_html``. With
    ``row_headers`` the first cell of each row is a ``<th scope="row">``.
    """

    caption: str
    columns: list[str]
    rows: list[list[Any]]
    row_headers: bool = True
    decimals: int | None = None
    empty_message: str = field(default=_("No data yet."))


def _check_series(series: Sequence[Series], n: int) -> None:
    for s in series:
        if len(s.values) != n:
            raise ValueError(
                f"series {s.label!r} has {len(s.values)} values for {n} x positions"
            )


# --------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------


def _auto_decimals(values: Sequence[float | None], decimals: int | None) -> int:
    if decimals is not None:
        return decimals
    present = [v for v in values if v is not None]
    return 0 if all(float(v).is_integer() for v in present) else 1


def format_number(value: Number, decimals: int) -> str:
    """A number in the active language's format (``3,5`` in Dutch, ``3.5`` in English)."""
    return formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)


def format_date(value: datetime.date) -> str:
    """A date written out in the active language ("5 januari 2026" / "Jan. 5, 2026")."""
    return formats.date_format(value, "DATE_FORMAT")


def _format_tick_date(value: datetime.date, with_year: bool) -> str:
    return formats.date_format(value, "j N Y" if with_year else "j N")


def _no_value_cell() -> SafeString:
    return format_html(
        '<span aria-hidden="true">&#8211;</span><span class="meedoen-visually-hidden">{}</span>',
        gettext("No value"),
    )


def _uid(prefix: str | None) -> str:
    return prefix or f"chart-{uuid.uuid4().hex[:8]}"


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values from at or below ``lo`` to at or above ``hi``.

    Steps are 1, 2, 2.5 or 5 times a power of ten, about ``target`` of them.
    """
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(target, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = math.floor(lo / step + 1e-9) * step
    ticks = []
    t = first
    while t < hi + step * (1 - 1e-9):
        ticks.append(round(t, 10))
        t += step
    return ticks


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def _cell_html(value: Any, decimals: int) -> tuple[SafeString, bool]:
    """Return (html, is_numeric) for one table cell."""
    if value is None:
        return _no_value_cell(), False
    if isinstance(value, bool):
        return escape(gettext("Yes") if value else gettext("No")), False
    if isinstance(value, int | float):
        return escape(format_number(value, decimals)), True
    if isinstance(value, datetime.datetime):
        return escape(formats.date_format(value, "DATETIME_FORMAT")), False
    if isinstance(value, datetime.date):
        return escape(format_date(value)), False
    # Safe HTML (format_html) passes through; anything else, lazy strings too, is escaped.
    return conditional_escape(value), False


def render_data_table(table: DataTable, *, extra_class: str = "") -> SafeString:
    """Render a :class:`DataTable` as an Utrecht table inside a scrollable container."""
    if not table.rows:
        return format_html('<p class="utrecht-paragraph">{}</p>', table.empty_message)
    numbers = [v for row in table.rows for v in row if isinstance(v, int | float)]
    decimals = _auto_decimals(numbers, table.decimals)
    numeric_columns = {i for i in range(len(table.columns)) if _column_is_numeric(table, i)}
    head = format_html_join(
        "",
        '<th scope="col" class="utrecht-table__header-cell{}">{}</th>',
        (
            (
                " utrecht-table__header-cell--numeric-column" if i in numeric_columns else "",
                label,
            )
            for i, label in enumerate(table.columns)
        ),
    )
    body_rows = []
    for row in table.rows:
        cells = []
        for i, value in enumerate(row):
            html, _numeric = _cell_html(value, decimals)
            numeric = i in numeric_columns
            if i == 0 and table.row_headers:
                cells.append(
                    format_html(
                        '<th scope="row" class="utrecht-table__header-cell">{}</th>', html
                    )
                )
            else:
                cells.append(
                    format_html(
                        '<td class="utrecht-table__cell{}">{}</td>',
                        " utrecht-table__cell--numeric-data" if numeric else "",
                        html,
                    )
                )
        body_rows.append(
            format_html('<tr class="utrecht-table__row">{}</tr>', mark_safe("".join(cells)))  # noqa: S308
        )
    classes = "utrecht-table utrecht-table--html-table meedoen-table"
    return format_html(
        # A wide table scrolls sideways; as a named, focusable region keyboard users reach it.
        '<div class="utrecht-table-container meedoen-table-container{}" tabindex="0" '
        'role="region" aria-label="{}">'
        '<table class="{}">'
        '<caption class="utrecht-table__caption">{}</caption>'
        '<thead class="utrecht-table__header"><tr class="utrecht-table__row">{}</tr></thead>'
        '<tbody class="utrecht-table__body">{}</tbody>'
        "</table></div>",
        f" {extra_class}" if extra_class else "",
        table.caption,
        classes,
        table.caption,
        head,
        mark_safe("".join(body_rows)),  # noqa: S308  (every part built by format_html)
    )


def _column_is_numeric(table: DataTable, index: int) -> bool:
    if index == 0 and table.row_headers:
        return False
    values = [row[index] for row in table.rows if index < len(row) and row[index] is not None]
    return bool(values) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )


# --------------------------------------------------------------------------------------
# Line chart
# --------------------------------------------------------------------------------------


def _is_empty(series: Sequence[Series], n: int) -> bool:
    return n == 0 or not series or all(v is None for s in series for v in s.values)


def _marker(shape: int, x: float, y: float, r: float = MARKER_SIZE) -> SafeString:
    """One point marker; the shape depends on the series style (1..STYLE_COUNT)."""
    if shape == 1:  # circle
        return format_html('<circle cx="{}" cy="{}" r="{}"', _f(x), _f(y), _f(r))
    if shape == 2:  # square
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}"',
            _f(x - r), _f(y - r), _f(2 * r), _f(2 * r),
        )
    if shape == 3:  # triangle (point up)
        pts = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.9), (x - r * 1.1, y + r * 0.9)]
    elif shape == 4:  # diamond
        pts = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
    elif shape == 5:  # triangle (point down)
        pts = [(x, y + r * 1.2), (x + r * 1.1, y - r * 0.9), (x - r * 1.1, y - r * 0.9)]
    else:  # cross-like star: an X drawn as a polygon
        d = r * 0.45
        pts = [
            (x - r, y - r + d), (x - r + d, y - r), (x, y - d), (x + r - d, y - r),
            (x + r, y - r + d), (x + d, y), (x + r, y + r - d), (x + r - d, y + r),
            (x, y + d), (x - r + d, y + r), (x - r, y + r - d), (x - d, y),
        ]
    return format_html(
        '<polygon points="{}"', " ".join(f"{_f(px)},{_f(py)}" for px, py in pts)
    )


def _f(value: float) -> str:
    """A coordinate with at most two decimals and no exponent."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _legend(series: Sequence[Series], kind: str) -> SafeString:
    items = []
    for i, s in enumerate(series):
        style = i % STYLE_COUNT + 1
        if kind == "line":
            swatch = format_html(
                '<svg class="meedoen-chart__swatch" viewBox="0 0 40 16" width="40" height="16"'
                ' aria-hidden="true" focusable="false">'
                '<line x1="2" y1="8" x2="38" y2="8" fill="none" stroke="currentColor"'
                ' stroke-width="3" class="meedoen-chart__line meedoen-chart__series--{}"/>'
                '<g class="meedoen-chart__marker meedoen-chart__series--{}">'
                '{} fill="currentColor"/></g>'
                "</svg>",
                style, style, _marker(style, 20, 8, 4.5),
            )
        else:
            swatch = format_html(
                '<svg class="meedoen-chart__swatch" viewBox="0 0 24 16" width="24" height="16"'
                ' aria-hidden="true" focusable="false">'
                '<rect x="1" y="1" width="22" height="14" fill="currentColor" stroke="currentColor"'
                ' class="meedoen-chart__bar meedoen-chart__series--{}"/>'
                "{}</svg>",
                style, _bar_pattern_overlay(style, 1, 1, 22, 14),
            )
        items.append(
            format_html('<li class="meedoen-chart__legend-item">{}<span>{}</span></li>',
                        swatch, s.label)
        )
    return format_html(
        '<ul class="meedoen-chart__legend" aria-hidden="true">{}</ul>', mark_safe("".join(items))  # noqa: S308
    )


def _y_axis(lo: float, hi: float, ticks: Sequence[float], y_of, decimals: int,
            y_label: str) -> list[SafeString]:
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    parts = []
    for t in ticks:
        y = y_of(t)
        parts.append(
            format_html(
                '<line class="meedoen-chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"'
                ' stroke="#c0c7d2" stroke-width="1"/>'
                '<text class="meedoen-chart__tick-label" x="{}" y="{}" text-anchor="end"'
                ' dominant-baseline="middle">{}</text>',
                left, _f(y), right, _f(y), left - 8, _f(y), format_number(t, decimals),
            )
        )
    mid = (MARGIN_TOP + HEIGHT - MARGIN_BOTTOM) / 2
    parts.append(
        format_html(
            '<text class="meedoen-chart__axis-label" x="{}" y="{}" text-anchor="middle"'
            ' transform="rotate(-90 {} {})">{}</text>',
            16, _f(mid), 16, _f(mid), y_label,
        )
    )
    parts.append(
        format_html(
            '<line class="meedoen-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"'
            ' stroke="currentColor" stroke-width="1.5"/>',
            left, MARGIN_TOP, left, HEIGHT - MARGIN_BOTTOM,
        )
    )
    return parts


def _tick_decimals(ticks: Sequence[float]) -> int:
    return 0 if all(float(t).is_integer() for t in ticks) else 1


def _x_tick_indexes(xs: Sequence[float], min_gap: float = 72) -> list[int]:
    """Indexes of dates that get a tick label, keeping labels ``min_gap`` apart."""
    chosen: list[int] = []
    last = -math.inf
    for i, x in enumerate(xs):
        if x - last >= min_gap:
            chosen.append(i)
            last = x
    # Always label the last date; drop the previous label if it would collide.
    if xs and chosen[-1] != len(xs) - 1:
        if xs[-1] - xs[chosen[-1]] < min_gap:
            chosen.pop()
        chosen.append(len(xs) - 1)
    return chosen


def _svg_open(uid: str, title: str, desc: str, extra_class: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="meedoen-chart__svg {}"'
        ' viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc"'
        ' focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        extra_class, WIDTH, HEIGHT, uid, uid, uid, title, uid, desc,
    )


def _block(uid: str, svg: SafeString, legend: SafeString, table: SafeString,
           n_series: int) -> SafeString:
    """The chart with its table beside it (below it on narrow screens).

    The more series, the wider the table: with three it gets half the width, with four or
    more it goes below the chart. The title is not repeated as a visible heading here: the
    table caption shows it, the SVG is named by it, and the page gives the section its own
    heading.
    """
    modifier = ""
    if n_series == 3:
        modifier = " meedoen-chart-table--wide-table"
    elif n_series > 3:
        modifier = " meedoen-chart-table--stacked"
    return format_html(
        '<div class="meedoen-chart-table{}" id="{}">'
        '<div class="meedoen-chart-table__chart">{}{}</div>'
        '<div class="meedoen-chart-table__table">{}</div>'
        "</div>",
        modifier, uid, svg, legend, table,
    )


def render_line_chart(chart: LineChart, *, id_prefix: str | None = None) -> SafeString:
    """Render a :class:`LineChart` as an SVG figure with a data table beside it.

    With no dates (or no values at all) the result is one sentence, ``chart.empty_message``.
    """
    n = len(chart.x)
    if _is_empty(chart.series, n):
        return format_html('<p class="utrecht-paragraph meedoen-chart-empty">{}</p>',
                           chart.empty_message)
    uid = _uid(id_prefix)
    all_values = [v for s in chart.series for v in s.values]
    decimals = _auto_decimals(all_values, chart.decimals)
    present = [float(v) for v in all_values if v is not None]
    lo = min([float(chart.y_min), *present])
    hi = max([float(chart.y_max), *present])
    ticks = nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    plot_left, plot_right = MARGIN_LEFT + 16, WIDTH - MARGIN_RIGHT - 16
    plot_top, plot_bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM

    # Dates sit at their real distance from each other (uneven check-ins look uneven).
    days = [d.toordinal() for d in chart.x]
    d_lo, d_hi = min(days), max(days)

    def x_of(i: int) -> float:
        if d_hi == d_lo:
            return (plot_left + plot_right) / 2
        return plot_left + (days[i] - d_lo) / (d_hi - d_lo) * (plot_right - plot_left)

    def y_of(v: float) -> float:
        return plot_bottom - (v - lo) / (hi - lo) * (plot_bottom - plot_top)

    parts: list[SafeString] = [
        _svg_open(uid, chart.title, _line_description(chart), "meedoen-chart__svg--line")
    ]
    parts += _y_axis(lo, hi, ticks, y_of, _tick_decimals(ticks), chart.y_label)

    # x axis with date tick labels
    xs = [x_of(i) for i in range(n)]
    with_year = len({d.year for d in chart.x}) > 1
    parts.append(
        format_html(
            '<line class="meedoen-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"'
            ' stroke="currentColor" stroke-width="1.5"/>',
            MARGIN_LEFT, plot_bottom, WIDTH - MARGIN_RIGHT, plot_bottom,
        )
    )
    for i in _x_tick_indexes(xs, 120 if with_year else 90):
        parts.append(
            format_html(
                '<line class="meedoen-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"'
                ' stroke="currentColor" stroke-width="1.5"/>'
                '<text class="meedoen-chart__tick-label" x="{}" y="{}" text-anchor="middle">'
                "{}</text>",
                _f(xs[i]), plot_bottom, _f(xs[i]), plot_bottom + 6,
                _f(xs[i]), plot_bottom + 24, _format_tick_date(chart.x[i], with_year),
            )
        )

    for si, s in enumerate(chart.series):
        style = si % STYLE_COUNT + 1
        # Lines: one path per run of consecutive values; None breaks the line (a gap).
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                if segments[-1]:
                    segments.append([])
                continue
            segments[-1].append((xs[i], y_of(float(v))))
        d = " ".join(
            "M" + " L".join(f"{_f(px)},{_f(py)}" for px, py in seg)
            for seg in segments
            if len(seg) > 1
        )
        group = [
            format_html(
                '<g class="meedoen-chart__series meedoen-chart__series--{}" data-series="{}">',
                style, s.label,
            )
        ]
        if d:
            group.append(
                format_html(
                    '<path class="meedoen-chart__line" d="{}" fill="none" stroke="currentColor"'
                    ' stroke-width="2.5"/>',
                    d,
                )
            )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            label = format_number(float(v), decimals)
            group.append(
                format_html(
                    '<g class="meedoen-chart__marker" data-date="{}" data-value="{}">'
                    '{} fill="currentColor"/><title>{}, {}: {}</title></g>',
                    chart.x[i].isoformat(), label, _marker(style, xs[i], y_of(float(v))),
                    format_date(chart.x[i]), s.label, label,
                )
            )
        group.append(mark_safe("</g>"))
        parts.append(mark_safe("".join(group)))  # noqa: S308  (built by format_html)
    parts.append(mark_safe("</svg>"))
    svg = mark_safe("".join(parts))  # noqa: S308  (every part built by format_html)

    table = DataTable(
        caption=chart.title,
        columns=[gettext("Date"), *[s.label for s in chart.series]],
        rows=[[chart.x[i], *[s.values[i] for s in chart.series]] for i in range(n)],
        decimals=decimals,
    )
    legend = _legend(chart.series, "line") if chart.series else mark_safe("")
    return _block(uid, svg, legend, render_data_table(table), len(chart.series))


def _line_description(chart: LineChart) -> str:
    if chart.description:
        return str(chart.description)
    first, last = chart.x[0], chart.x[-1]
    labels = ", ".join(str(s.label) for s in chart.series)
    if first == last:
        return gettext("%(series)s on %(date)s. The values are in the table.") % {
            "series": labels, "date": format_date(first),
        }
    return gettext(
        "%(series)s from %(start)s to %(end)s. The values are in the table."
    ) % {"series": labels, "start": format_date(first), "end": format_date(last)}


# --------------------------------------------------------------------------------------
# Bar chart
# --------------------------------------------------------------------------------------


def _bar_pattern_overlay(style: int, x: float, y: float, w: float, h: float) -> SafeString:
    """Texture drawn over a bar so that series differ by more than colour.

    Drawn as plain lines clipped to the bar's box (no <pattern> ids, nothing to collide).
    Style 1 is solid; the others get hatching in different directions or dots.
    """
    if style == 1 or w <= 0 or h <= 0:
        return mark_safe("")
    lines = []
    step = 6.0
    if style in (2, 5):  # diagonal "/" hatch (5: denser)
        step = 6.0 if style == 2 else 4.0
        k = -h
        while k < w:
            x1, y1 = x + k, y + h
            x2, y2 = x + k + h, y
            lines.append(_clip_line(x1, y1, x2, y2, x, y, w, h))
            k += step
    elif style in (3, 6):  # horizontal (3) or vertical (6) stripes
        if style == 3:
            yy = y + step / 2
            while yy < y + h:
                lines.append((x, yy, x + w, yy))
                yy += step
        else:
            xx = x + step / 2
            while xx < x + w:
                lines.append((xx, y, xx, y + h))
                xx += step
    elif style == 4:  # "\" hatch
        k = 0.0
        while k < w + h:
            lines.append(_clip_line(x + k - h, y, x + k, y + h, x, y, w, h))
            k += step
    d = " ".join(
        f"M{_f(a)},{_f(b)} L{_f(c)},{_f(e)}" for seg in lines if seg for a, b, c, e in [seg]
    )
    if not d:
        return mark_safe("")
    return format_html(
        '<path class="meedoen-chart__hatch" d="{}" fill="none" stroke="#ffffff"'
        ' stroke-width="1.5"/>',
        d,
    )


def _clip_line(x1, y1, x2, y2, bx, by, bw, bh):
    """Clip a segment to a box (Liang-Barsky); None if it falls outside."""
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - bx), (dx, bx + bw - x1), (-dy, y1 - by), (dy, by + bh - y1)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (x1 + t0 * dx, y1 + t0 * dy, x1 + t1 * dx, y1 + t1 * dy)


def render_bar_chart(chart: BarChart, *, id_prefix: str | None = None) -> SafeString:
    """Render a :class:`BarChart` (grouped bars) with a data table beside it."""
    n = len(chart.categories)
    if _is_empty(chart.series, n):
        return format_html('<p class="utrecht-paragraph meedoen-chart-empty">{}</p>',
                           chart.empty_message)
    uid = _uid(id_prefix)
    all_values = [v for s in chart.series for v in s.values]
    decimals = _auto_decimals(all_values, chart.decimals)
    present = [float(v) for v in all_values if v is not None]
    lo = min([float(chart.y_min), *present, 0.0])
    hi = max([float(chart.y_max) if chart.y_max is not None else lo + 1, *present])
    ticks = nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    plot_left, plot_right = MARGIN_LEFT + 8, WIDTH - MARGIN_RIGHT
    plot_top, plot_bottom = MARGIN_TOP + 12, HEIGHT - MARGIN_BOTTOM

    def y_of(v: float) -> float:
        return plot_bottom - (v - lo) / (hi - lo) * (plot_bottom - plot_top)

    parts: list[SafeString] = [
        _svg_open(uid, chart.title, _bar_description(chart), "meedoen-chart__svg--bar")
    ]
    parts += _y_axis(lo, hi, ticks, y_of, _tick_decimals(ticks), chart.y_label)
    band = (plot_right - plot_left) / n
    k = max(len(chart.series), 1)
    bar_w = min(band * 0.8 / k, 48)
    zero = y_of(max(lo, 0.0))
    for ci, category in enumerate(chart.categories):
        cx = plot_left + band * (ci + 0.5)
        parts.append(
            format_html(
                '<text class="meedoen-chart__tick-label" x="{}" y="{}" text-anchor="middle">'
                "{}</text>",
                _f(cx), plot_bottom + 24, _truncate(str(category), int(band / 11)),
            )
        )
        for si, s in enumerate(chart.series):
            v = s.values[ci]
            if v is None:
                continue
            style = si % STYLE_COUNT + 1
            x = cx - bar_w * k / 2 + si * bar_w
            top = y_of(float(v))
            y, h = min(top, zero), abs(zero - top)
            label = format_number(float(v), decimals)
            parts.append(
                format_html(
                    '<g class="meedoen-chart__series--{}" data-series="{}" data-category="{}"'
                    ' data-value="{}">'
                    '<rect class="meedoen-chart__bar" x="{}" y="{}" width="{}" height="{}"'
                    ' fill="currentColor" stroke="currentColor"/>{}'
                    '<text class="meedoen-chart__value-label" x="{}" y="{}"'
                    ' text-anchor="middle">{}</text>'
                    "<title>{}, {}: {}</title></g>",
                    style, s.label, category, label,
                    _f(x + 1), _f(y), _f(max(bar_w - 2, 1)), _f(h),
                    _bar_pattern_overlay(style, x + 1, y, max(bar_w - 2, 1), h),
                    _f(x + bar_w / 2), _f(y - 4), label,
                    category, s.label, label,
                )
            )
    parts.append(
        format_html(
            '<line class="meedoen-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"'
            ' stroke="currentColor" stroke-width="1.5"/>',
            MARGIN_LEFT, _f(zero), WIDTH - MARGIN_RIGHT, _f(zero),
        )
    )
    parts.append(mark_safe("</svg>"))
    svg = mark_safe("".join(parts))  # noqa: S308  (every part built by format_html)
    table = DataTable(
        caption=chart.title,
        columns=[gettext("Category"), *[s.label for s in chart.series]],
        rows=[[c, *[s.values[i] for s in chart.series]] for i, c in enumerate(chart.categories)],
        decimals=decimals,
    )
    legend = _legend(chart.series, "bar") if len(chart.series) > 1 else mark_safe("")
    return _block(uid, svg, legend, render_data_table(table), len(chart.series))


def _truncate(text: str, limit: int) -> str:
    limit = max(limit, 4)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bar_description(chart: BarChart) -> str:
    if chart.description:
        return str(chart.description)
    return gettext("%(series)s per category. The values are in the table.") % {
        "series": ", ".join(str(s.label) for s in chart.series)
    }


def render_chart(chart: LineChart | BarChart, *, id_prefix: str | None = None) -> SafeString:
    """Render either chart type."""
    if isinstance(chart, LineChart):
        return render_line_chart(chart, id_prefix=id_prefix)
    if isinstance(chart, BarChart):
        return render_bar_chart(chart, id_prefix=id_prefix)
    raise TypeError(f"not a chart: {type(chart).__name__}")


