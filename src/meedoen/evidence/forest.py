"""A server-rendered forest plot: published estimates with their margins, and the same numbers
in a table.

One row per estimate: a point at the estimate and a line over its 95% interval, against a
line at "no difference". Estimates in different units cannot share an axis (a risk ratio of 2
and a standardised difference of 2 mean different things), so each unit gets its own panel
with its own axis: ratios on a log scale around 1, differences on a linear scale around 0.
Within a panel, rows are grouped by outcome and by when the outcome was measured.

Like ``meedoen.core.charts``: no JavaScript, no inline styles (classes styled in
``evidence/evidence.css``, plus presentation attributes so the SVG reads without CSS), all
text escaped, the SVG one image (``role="img"``) named by its ``<title>`` and ``<desc>``, and
the numbers in an HTML table next to it, each row with a link to its source.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from meedoen.core.charts import _f, _no_value_cell, _uid, format_number, nice_ticks
from meedoen.evidence_base import Estimate, Unit
from meedoen.evidence_base.schema import RATIO_UNITS

__all__ = ["ForestPlot", "ForestRow", "decimals_of", "render_forest_plot", "row_from_entry"]

# Geometry in viewBox units; the SVG scales to its container (with a minimum width in CSS,
# so on a phone it scrolls sideways instead of shrinking its text out of reach).
WIDTH = 760
LABEL_X = 8
PLOT_LEFT = 336
PLOT_RIGHT = 596
VALUE_X = 612
ROW_HEIGHT = 40
GROUP_HEIGHT = 30
PANEL_TITLE_HEIGHT = 30
AXIS_HEIGHT = 78
PANEL_GAP = 24
MARKER = 6.0
LABEL_CHARS = 40  # characters of a row label that fit left of the plot


@dataclass(frozen=True)
class ForestRow:
    """One estimate as drawn and tabled. ``low``/``high`` are None without a margin."""

    entry_id: str
    study: str
    target_group: str
    outcome: str
    horizon: str
    effect: float
    low: float | None
    high: float | None
    unit: Unit
    unit_label: str
    design: str
    country: str
    citation: str
    url: str
    decimals: int
    margin_from_se: bool = False
    scale_note: str = ""
    comparison: str = ""  # as the data gives it (English)
    margin_decimals: int | None = None  # None: as many as the estimate

    @property
    def interval_decimals(self) -> int:
        return self.decimals if self.margin_decimals is None else self.margin_decimals

    @property
    def group(self) -> tuple[str, str]:
        return (self.outcome, self.horizon)


@dataclass
class ForestPlot:
    title: str
    rows: list[ForestRow]
    description: str = ""
    empty_message: str = field(default="")


def decimals_of(*values: float | None) -> int:
    """Decimals needed to write every value as stored (1.63 -> 2, -30.0 -> 0), at most 3."""
    best = 0
    for value in values:
        if value is None:
            continue
        text = repr(float(value))
        if "e" in text:
            return 3
        _whole, _dot, fraction = text.partition(".")
        fraction = fraction.rstrip("0")
        best = max(best, len(fraction))
    return min(best, 3)


def row_from_entry(entry: Estimate, *, study: str, target_group: str, outcome: str,
                   horizon: str, unit_label: str, design: str, country: str) -> ForestRow:
    """A row for an entry with a number; the texts come in the reader's language."""
    if entry.effect is None or entry.unit is None:
        raise ValueError(f"entry {entry.id} has no number to plot")
    interval = entry.interval()
    from_se = interval is not None and entry.ci_low is None
    low, high = interval if interval is not None else (None, None)
    decimals = decimals_of(entry.effect, entry.ci_low, entry.ci_high)
    # A margin computed from a standard error gets one decimal more than the numbers it
    # comes from, so rounding does not make it look as if it touches "no difference".
    margin_decimals = decimals_of(entry.effect, entry.se) + 1 if from_se else None
    return ForestRow(
        entry_id=entry.id, study=study, target_group=target_group, outcome=outcome,
        horizon=horizon, effect=entry.effect, low=low, high=high, unit=entry.unit,
        unit_label=unit_label, design=design, country=country,
        citation=entry.source.citation, url=entry.source.url, decimals=decimals,
        margin_from_se=from_se, scale_note=entry.scale_note, comparison=entry.comparison,
        margin_decimals=margin_decimals,
    )


# --------------------------------------------------------------------------------------
# Scales
# --------------------------------------------------------------------------------------


def _null(unit: Unit) -> float:
    return 1.0 if unit in RATIO_UNITS else 0.0


def _ratio_ticks(lo: float, hi: float) -> list[float]:
    """Ticks of 1, 2 and 5 times a power of ten (and 1.5 for narrow ranges) around lo..hi."""
    steps = (1.0, 2.0, 5.0) if hi / lo > 6 else (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)
    candidates = sorted(m * 10.0**p for p in range(-3, 4) for m in steps)
    below = [t for t in candidates if t <= lo * (1 + 1e-9)]
    above = [t for t in candidates if t >= hi * (1 - 1e-9)]
    start = below[-1] if below else candidates[0]
    end = above[0] if above else candidates[-1]
    return [t for t in candidates if start <= t <= end]


def _scale(unit: Unit, rows: Sequence[ForestRow]):
    """(ticks, x_of) for one panel; the no-difference value is always inside the range."""
    values = [v for r in rows for v in (r.effect, r.low, r.high) if v is not None]
    null = _null(unit)
    if unit in RATIO_UNITS:
        lo = min([*values, null / 1.25])
        hi = max([*values, null * 1.25])
        ticks = _ratio_ticks(lo, hi)
        lo_l, hi_l = math.log(ticks[0]), math.log(ticks[-1])

        def x_of(v: float) -> float:
            return PLOT_LEFT + (math.log(v) - lo_l) / (hi_l - lo_l) * (PLOT_RIGHT - PLOT_LEFT)

        return ticks, x_of
    lo, hi = min([*values, null]), max([*values, null])
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    ticks = nice_ticks(lo, hi)
    t_lo, t_hi = ticks[0], ticks[-1]

    def x_of(v: float) -> float:
        return PLOT_LEFT + (v - t_lo) / (t_hi - t_lo) * (PLOT_RIGHT - PLOT_LEFT)

    return ticks, x_of


def _tick_text(value: float) -> str:
    return format_number(value, decimals_of(round(value, 3)))


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def value_text(row: ForestRow) -> str:
    """"1,63 (1,46 to 1,82)", or the estimate alone when there is no margin."""
    effect = format_number(row.effect, row.decimals)
    if row.low is None or row.high is None:
        return effect
    return gettext("%(effect)s (%(low)s to %(high)s)") % {
        "effect": effect,
        "low": format_number(row.low, row.interval_decimals),
        "high": format_number(row.high, row.interval_decimals),
    }


# --------------------------------------------------------------------------------------
# SVG
# --------------------------------------------------------------------------------------


def _panels(rows: Sequence[ForestRow]) -> list[tuple[Unit, list[ForestRow]]]:
    """Rows per unit, units in the order they first appear; row order is kept."""
    units = list(dict.fromkeys(r.unit for r in rows))
    return [(unit, [r for r in rows if r.unit == unit]) for unit in units]


def ordered_rows(rows: Sequence[ForestRow]) -> list[ForestRow]:
    """The rows in the order they are drawn: panel by panel (the table follows it)."""
    return [r for _unit, mine in _panels(rows) for r in mine]


def _second_lines(rows: Sequence[ForestRow]) -> dict[str, str]:
    """The small line under a row's study: the group, or what was compared when the same
    study has several rows for the same group in one panel (so the rows can be told apart)."""
    seen: dict[tuple[str, str], int] = {}
    for r in rows:
        seen[(r.study, r.target_group)] = seen.get((r.study, r.target_group), 0) + 1
    return {r.entry_id: (r.comparison if seen[(r.study, r.target_group)] > 1 and r.comparison
                         else r.target_group) for r in rows}


def _panel_svg(unit: Unit, rows: Sequence[ForestRow], top: float) -> tuple[list[SafeString], float]:
    parts: list[SafeString] = []
    ticks, x_of = _scale(unit, rows)
    y = top
    parts.append(format_html(
        '<text class="meedoen-forest__panel-title" x="{}" y="{}" font-weight="700">{}</text>',
        LABEL_X, _f(y + 20), rows[0].unit_label[:1].upper() + rows[0].unit_label[1:],
    ))
    y += PANEL_TITLE_HEIGHT
    rows_top = y
    group = None
    second = _second_lines(rows)
    body: list[SafeString] = []
    for row in rows:
        if row.group != group:
            group = row.group
            body.append(format_html(
                # A white halo keeps a long header readable where it crosses the grid.
                '<text class="meedoen-forest__group" x="{}" y="{}" font-weight="700"'
                ' paint-order="stroke" stroke="#ffffff" stroke-width="5"'
                ' stroke-linejoin="round">{}</text>',
                LABEL_X, _f(y + 21), _truncate(f"{row.outcome} · {row.horizon}", 90),
            ))
            y += GROUP_HEIGHT
        mid = y + 20
        label = format_html(
            '<text class="meedoen-forest__study" x="{}" y="{}">{}</text>'
            '<text class="meedoen-forest__detail" x="{}" y="{}">{}</text>',
            LABEL_X + 12, _f(y + 16), _truncate(row.study, LABEL_CHARS),
            LABEL_X + 12, _f(y + 33), _truncate(second[row.entry_id], LABEL_CHARS + 8),
        )
        x = x_of(row.effect)
        if row.low is not None and row.high is not None:
            x1, x2 = x_of(row.low), x_of(row.high)
            mark = format_html(
                '<line class="meedoen-forest__interval" x1="{}" y1="{}" x2="{}" y2="{}"'
                ' stroke="currentColor" stroke-width="2.5"/>'
                '<line class="meedoen-forest__interval" x1="{}" y1="{}" x2="{}" y2="{}"'
                ' stroke="currentColor" stroke-width="2.5"/>'
                '<line class="meedoen-forest__interval" x1="{}" y1="{}" x2="{}" y2="{}"'
                ' stroke="currentColor" stroke-width="2.5"/>'
                '<rect class="meedoen-forest__point" x="{}" y="{}" width="{}" height="{}"'
                ' fill="currentColor"/>',
                _f(x1), _f(mid), _f(x2), _f(mid),
                _f(x1), _f(mid - 5), _f(x1), _f(mid + 5),
                _f(x2), _f(mid - 5), _f(x2), _f(mid + 5),
                _f(x - MARKER), _f(mid - MARKER), _f(2 * MARKER), _f(2 * MARKER),
            )
            extra = mark_safe("")
        else:
            # Without a margin: an open circle, so it differs by shape, not by colour alone.
            mark = format_html(
                '<circle class="meedoen-forest__point meedoen-forest__point--open" cx="{}"'
                ' cy="{}" r="{}" fill="#ffffff" stroke="currentColor" stroke-width="2.5"/>',
                _f(x), _f(mid), _f(MARKER),
            )
            extra = format_html(
                '<text class="meedoen-forest__detail" x="{}" y="{}">{}</text>',
                VALUE_X, _f(y + 33), gettext("no margin published"),
            )
        body.append(format_html(
            '<g class="meedoen-forest__row" data-entry="{}" data-effect="{}">'
            "<title>{}</title>{}{}"
            '<text class="meedoen-forest__value" x="{}" y="{}">{}</text>{}'
            "</g>",
            row.entry_id, format_number(row.effect, row.decimals),
            f"{row.study}, {row.target_group}: {value_text(row)} {row.unit_label}",
            label, mark, VALUE_X, _f(y + 16), value_text(row), extra,
        ))
        y += ROW_HEIGHT
    rows_bottom = y + 4

    # Grid lines at the ticks, the no-difference line, then the rows on top.
    for t in ticks:
        parts.append(format_html(
            '<line class="meedoen-forest__grid" x1="{}" y1="{}" x2="{}" y2="{}"'
            ' stroke="#d8dee6" stroke-width="1"/>',
            _f(x_of(t)), _f(rows_top), _f(x_of(t)), _f(rows_bottom),
        ))
    null_x = x_of(_null(unit))
    parts.append(format_html(
        '<line class="meedoen-forest__null" x1="{}" y1="{}" x2="{}" y2="{}"'
        ' stroke="#3d5374" stroke-width="2" stroke-dasharray="6 4"/>',
        _f(null_x), _f(rows_top), _f(null_x), _f(rows_bottom),
    ))
    parts.extend(body)

    # The axis: ticks, "no difference" under the null line, and which side is which.
    axis_y = rows_bottom
    parts.append(format_html(
        '<line class="meedoen-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"'
        ' stroke="currentColor" stroke-width="1.5"/>',
        PLOT_LEFT, _f(axis_y), PLOT_RIGHT, _f(axis_y),
    ))
    parts.append(format_html_join("", (
        '<line class="meedoen-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"'
        ' stroke="currentColor" stroke-width="1.5"/>'
        '<text class="meedoen-chart__tick-label meedoen-forest__tick" x="{}" y="{}"'
        ' text-anchor="middle">{}</text>'
    ), (
        (_f(x_of(t)), _f(axis_y), _f(x_of(t)), _f(axis_y + 6), _f(x_of(t)), _f(axis_y + 22),
         _tick_text(t))
        for t in ticks
    )))
    label_x = min(max(null_x, PLOT_LEFT + 50), PLOT_RIGHT - 50)
    parts.append(format_html(
        '<text class="meedoen-forest__axis-note" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="meedoen-forest__axis-note" x="{}" y="{}" text-anchor="start">{}</text>'
        '<text class="meedoen-forest__axis-note" x="{}" y="{}" text-anchor="end">{}</text>',
        _f(label_x), _f(axis_y + 42), gettext("no difference"),
        PLOT_LEFT, _f(axis_y + 62), gettext("← lower"),
        PLOT_RIGHT, _f(axis_y + 62), gettext("higher →"),
    ))
    return parts, axis_y + AXIS_HEIGHT


def render_forest_svg(plot: ForestPlot, uid: str) -> SafeString:
    panels = _panels(plot.rows)
    parts: list[SafeString] = []
    y = 0.0
    for unit, rows in panels:
        panel, y = _panel_svg(unit, rows, y)
        parts.extend(panel)
        y += PANEL_GAP
    height = max(y - PANEL_GAP, 1)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="meedoen-forest__svg"'
        ' viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" focusable="false"'
        ' font-size="14">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH, _f(height), uid, uid, uid, plot.title, uid, _description(plot),
        mark_safe("".join(parts)),  # noqa: S308  (every part built by format_html)
    )


def _description(plot: ForestPlot) -> str:
    if plot.description:
        return str(plot.description)
    return gettext(
        "Each line is one research result: a square at the estimate and a line over its "
        "margin, against a dashed line at no difference. An open circle is a result "
        "without a published margin. Results are grouped by unit, outcome and time of "
        "measurement. The values are in the table."
    )


# --------------------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------------------


def _number_cell(value: float | None, decimals: int, extra: str = "") -> SafeString:
    if value is None:
        return format_html(
            '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>',
            _no_value_cell(),
        )
    return format_html(
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}{}</td>',
        format_number(value, decimals),
        format_html('<span class="meedoen-muted"> {}</span>', extra) if extra else "",
    )


def render_forest_table(plot: ForestPlot) -> SafeString:
    """The same rows as the drawing, with the unit, design, country and a link to the source."""
    columns = [
        gettext("Study"), gettext("For whom"), gettext("Outcome"), gettext("Estimate"),
        gettext("Margin from"), gettext("Margin to"), gettext("Unit"),
        gettext("Kind of study"),
    ]
    numeric = {3, 4, 5}
    head = format_html_join("", '<th scope="col" class="utrecht-table__header-cell{}">{}</th>', (
        (" utrecht-table__header-cell--numeric-column" if i in numeric else "", label)
        for i, label in enumerate(columns)
    ))
    # Some texts exist only in English in the data; mark them so they are read out right.
    lang = "" if (get_language() or "").startswith("en") else ' lang="en"'
    rows = []
    for r in ordered_rows(plot.rows):
        unit = format_html("{}", r.unit_label)
        if r.scale_note:
            unit = format_html('{}<br><span class="meedoen-muted"{}>{}</span>', r.unit_label,
                               mark_safe(lang), r.scale_note)  # noqa: S308  (a constant)
        rows.append(format_html(
            '<tr class="utrecht-table__row" id="forest-{}" data-entry="{}">'
            '<th scope="row" class="utrecht-table__header-cell">'
            '<a class="utrecht-link meedoen-forest__source" href="{}">{}</a></th>'
            '<td class="utrecht-table__cell">{}<br><span class="meedoen-muted"{}>{}</span></td>'
            '<td class="utrecht-table__cell">{}<br><span class="meedoen-muted">{}</span></td>'
            "{}{}{}"
            '<td class="utrecht-table__cell">{}</td>'
            '<td class="utrecht-table__cell">{}<br><span class="meedoen-muted">{}</span></td>'
            "</tr>",
            r.entry_id, r.entry_id, r.url, r.study,
            r.target_group, mark_safe(lang), r.comparison,  # noqa: S308  (a constant)
            r.outcome, r.horizon,
            _number_cell(r.effect, r.decimals),
            _number_cell(r.low, r.interval_decimals),
            _number_cell(r.high, r.interval_decimals,
                         gettext("(from the standard error)") if r.margin_from_se else ""),
            unit, r.design, r.country,
        ))
    return format_html(
        '<div class="utrecht-table-container meedoen-table-container meedoen-forest__table" '
        'tabindex="0" role="region" aria-label="{}">'
        '<table class="utrecht-table utrecht-table--html-table meedoen-table">'
        '<caption class="utrecht-table__caption">{}</caption>'
        '<thead class="utrecht-table__header"><tr class="utrecht-table__row">{}</tr></thead>'
        '<tbody class="utrecht-table__body">{}</tbody></table></div>',
        plot.title, plot.title, head, mark_safe("".join(rows)),  # noqa: S308  (built by format_html)
    )


def render_forest_plot(plot: ForestPlot, *, id_prefix: str | None = None) -> SafeString:
    """The forest plot with its table below it; one sentence when there is nothing to plot."""
    if not plot.rows:
        return format_html('<p class="utrecht-paragraph meedoen-chart-empty">{}</p>',
                           plot.empty_message or gettext("No published numbers."))
    uid = _uid(id_prefix)
    svg = render_forest_svg(plot, uid)
    legend = format_html(
        '<ul class="meedoen-chart__legend meedoen-forest__legend" aria-hidden="true">'
        '<li class="meedoen-chart__legend-item"><svg class="meedoen-chart__swatch"'
        ' viewBox="0 0 40 16" width="40" height="16" focusable="false">'
        '<line x1="4" y1="8" x2="36" y2="8" stroke="currentColor" stroke-width="2.5"/>'
        '<rect x="14" y="2" width="12" height="12" fill="currentColor"/></svg>'
        "<span>{}</span></li>"
        '<li class="meedoen-chart__legend-item"><svg class="meedoen-chart__swatch"'
        ' viewBox="0 0 40 16" width="40" height="16" focusable="false">'
        '<circle cx="20" cy="8" r="6" fill="#ffffff" stroke="currentColor"'
        ' stroke-width="2.5"/></svg><span>{}</span></li>'
        '<li class="meedoen-chart__legend-item"><svg class="meedoen-chart__swatch"'
        ' viewBox="0 0 40 16" width="40" height="16" focusable="false">'
        '<line x1="20" y1="0" x2="20" y2="16" stroke="#3d5374" stroke-width="2"'
        ' stroke-dasharray="4 3"/></svg><span>{}</span></li></ul>',
        gettext("estimate with its margin"), gettext("estimate without a published margin"),
        gettext("no difference"),
    )
    return format_html(
        '<div class="meedoen-chart-table meedoen-chart-table--stacked meedoen-forest" id="{}">'
        '<div class="meedoen-chart-table__chart">'
        '<div class="meedoen-forest__scroll" tabindex="0" role="region" aria-label="{}">{}</div>'
        "{}</div>"
        '<div class="meedoen-chart-table__table">{}</div>'
        "</div>",
        uid, plot.title, svg, legend, render_forest_table(plot),
    )


def rows_in_groups(rows: Iterable[ForestRow]) -> list[tuple[tuple[str, str], list[ForestRow]]]:
    """Rows per (outcome, time of measurement), in order (for tests and summaries)."""
    groups: list[tuple[tuple[str, str], list[ForestRow]]] = []
    for row in rows:
        if groups and groups[-1][0] == row.group:
            groups[-1][1].append(row)
        else:
            groups.append((row.group, [row]))
    return groups
