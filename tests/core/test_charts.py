"""Server-rendered charts: the SVG and the table beside it show the same data."""

import datetime
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import translation

from meedoen.core.charts import (
    BarChart,
    DataTable,
    LineChart,
    Series,
    nice_ticks,
    render_bar_chart,
    render_chart,
    render_data_table,
    render_line_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def sample_chart(**kwargs):
    values = {
        "title": "Well-being",
        "y_label": "WHO-5",
        "y_min": 0,
        "y_max": 100,
        "x": [D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 6)],
        "series": [
            Series("Well-being", [40, 52.5, None, 64]),
            Series("Regie", [30, None, 45, 50]),
        ],
    }
    values.update(kwargs)
    return LineChart(**values)


def svg_of(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", str(html), re.S)
    assert match, "no svg in output"
    return ET.fromstring(match.group(0))  # noqa: S314  (our own output)


class TableParser(HTMLParser):
    """Collects caption, header cells and body rows of the first table."""

    def __init__(self):
        super().__init__()
        self.caption = ""
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self._in = None
        self._section = None
        self._text = ""
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self.rows.append([])
        elif tag in ("th", "td", "caption"):
            self._in, self._text = tag, ""
        elif tag == "span" and attrs.get("aria-hidden") == "true":
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag == "span" and self._hidden:
            self._hidden -= 1
        if tag != self._in:
            return
        text = " ".join(self._text.split())
        if tag == "caption":
            self.caption = text
        elif self._section == "thead":
            self.head.append(text)
        else:
            self.rows[-1].append(text)
        self._in = None

    def handle_data(self, data):
        if self._in and not self._hidden:
            self._text += data


def table_of(html: str) -> TableParser:
    parser = TableParser()
    parser.feed(str(html))
    return parser


def test_svg_is_well_formed_xml_with_accessible_name():
    html = render_line_chart(sample_chart(), id_prefix="c1")
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").get("id") == "c1-title"
    assert svg.find(f"{SVG}title").text == "Well-being"
    assert svg.find(f"{SVG}desc").get("id") == "c1-desc"
    assert "Jan. 5, 2026" in svg.find(f"{SVG}desc").text


def test_svg_and_table_hold_the_same_values():
    chart = sample_chart()
    html = render_line_chart(chart, id_prefix="c1")
    svg = svg_of(html)
    from_svg = {
        (g.get("data-date"), series.get("data-series")): g.get("data-value")
        for series in svg.iter(f"{SVG}g")
        if series.get("data-series")
        for g in series.iter(f"{SVG}g")
        if g.get("data-value")
    }
    table = table_of(html)
    assert table.caption == "Well-being"
    assert table.head == ["Date", "Well-being", "Regie"]
    from_table = {}
    for row, day in zip(table.rows, chart.x, strict=True):
        assert row[0] == {
            D(2026, 1, 5): "Jan. 5, 2026",
            D(2026, 2, 2): "Feb. 2, 2026",
            D(2026, 3, 2): "March 2, 2026",
            D(2026, 4, 6): "April 6, 2026",
        }[day]
        for label, cell in zip(table.head[1:], row[1:], strict=True):
            if cell != "No value":
                from_table[(day.isoformat(), label)] = cell
    assert from_svg == from_table
    assert from_svg[("2026-02-02", "Well-being")] == "52.5"
    assert from_svg[("2026-01-05", "Well-being")] == "40.0"  # one decimal for the chart


def test_none_values_are_gaps_in_the_line_and_no_value_in_the_table():
    html = render_line_chart(sample_chart(), id_prefix="c1")
    svg = svg_of(html)
    paths = {
        g.get("data-series"): g.find(f"{SVG}path").get("d")
        for g in svg.iter(f"{SVG}g")
        if g.get("data-series")
    }
    # Well-being: values at 1, 2, (gap), 4 -> one segment of two points; the last point alone.
    assert paths["Well-being"].count("M") == 1
    assert paths["Well-being"].count("L") == 1
    # Regie: 1, (gap), 3, 4 -> one segment 3-4; point 1 is only a marker.
    assert paths["Regie"].count("M") == 1
    markers = [g for g in svg.iter(f"{SVG}g") if g.get("data-value")]
    assert len(markers) == 6  # every present value is marked, also the isolated ones
    rows = table_of(html).rows
    assert rows[2][1] == "No value"
    assert rows[1][2] == "No value"


def test_dutch_formatting():
    with translation.override("nl"):
        html = render_line_chart(sample_chart(), id_prefix="c1")
    rows = table_of(html).rows
    assert rows[0][0] == "5 januari 2026"
    assert rows[1][1] == "52,5"
    svg = svg_of(html)
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert any(t.startswith("5 jan") for t in ticks)
    assert "52,5" in {g.get("data-value") for g in svg.iter(f"{SVG}g")}


def test_escaping_in_svg_and_table():
    evil = '<script>alert("x")</script> & "quoted"'
    chart = sample_chart(
        title=evil, y_label=evil, series=[Series(evil, [1, 2, 3, 4])]
    )
    html = str(render_line_chart(chart, id_prefix="c1"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    svg = svg_of(html)  # still well-formed
    assert svg.find(f"{SVG}title").text == evil
    assert table_of(html).caption == " ".join(evil.split())


def test_id_prefix_is_escaped_and_default_ids_are_unique():
    a = render_line_chart(sample_chart())
    b = render_line_chart(sample_chart())
    id_a = svg_of(a).find(f"{SVG}title").get("id")
    id_b = svg_of(b).find(f"{SVG}title").get("id")
    assert id_a != id_b


def test_one_point():
    chart = sample_chart(x=[D(2026, 3, 2)], series=[Series("Health", [3.5])], y_min=1, y_max=5)
    html = render_line_chart(chart, id_prefix="one")
    svg = svg_of(html)
    markers = [g for g in svg.iter(f"{SVG}g") if g.get("data-value")]
    assert [m.get("data-value") for m in markers] == ["3.5"]
    assert svg.find(f".//{SVG}path") is None  # no line through one point
    assert table_of(html).rows == [["March 2, 2026", "3.5"]]


@pytest.mark.parametrize(
    "chart",
    [
        LineChart(title="t", y_label="y", y_min=0, y_max=1, x=[], series=[]),
        LineChart(title="t", y_label="y", y_min=0, y_max=1, x=[], series=[Series("a", [])]),
        LineChart(
            title="t", y_label="y", y_min=0, y_max=1,
            x=[D(2026, 1, 1)], series=[Series("a", [None])],
        ),
    ],
)
def test_empty_chart_is_one_sentence(chart):
    html = str(render_line_chart(chart))
    assert "<svg" not in html
    assert "<table" not in html
    assert "No check-ins yet." in html


def test_values_outside_the_scale_widen_it():
    chart = sample_chart(series=[Series("a", [-10, 50, 120, None])])
    svg = svg_of(render_line_chart(chart, id_prefix="c"))
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert float(ticks[0]) <= -10
    assert float(ticks[-1]) >= 120
    # every marker lies inside the plot area
    for g in svg.iter(f"{SVG}g"):
        if g.get("data-value"):
            shape = g[0]
            y = float(shape.get("cy") or shape.get("y") or 0)
            assert 0 <= y <= 300


def test_series_get_distinct_styles():
    chart = sample_chart(
        series=[Series(f"s{i}", [1, 2, 3, 4]) for i in range(7)]
    )
    svg = svg_of(render_line_chart(chart, id_prefix="c"))
    classes = [
        g.get("class") for g in svg.iter(f"{SVG}g") if g.get("data-series")
    ]
    assert classes[0].endswith("--1")
    assert classes[5].endswith("--6")
    assert classes[6].endswith("--1")  # styles repeat after six
    first_markers = {
        g.get("data-series"): next(m for m in g.iter(f"{SVG}g") if m.get("data-value"))[0].tag
        for g in svg.iter(f"{SVG}g")
        if g.get("data-series")
    }
    assert first_markers["s0"] == f"{SVG}circle"
    assert first_markers["s1"] == f"{SVG}rect"
    assert first_markers["s2"] == f"{SVG}polygon"


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="values"):
        sample_chart(series=[Series("a", [1, 2])])
    with pytest.raises(ValueError, match="y_max"):
        sample_chart(y_min=5, y_max=5)


def test_bar_chart_svg_and_table_agree():
    chart = BarChart(
        title="Routes",
        y_label="People",
        categories=["Work", "Volunteering <b>", "Rest"],
        series=[Series("2025", [3, 10, 2]), Series("2026", [5, None, 4])],
    )
    html = render_bar_chart(chart, id_prefix="b")
    svg = svg_of(html)
    bars = {
        (g.get("data-category"), g.get("data-series")): g.get("data-value")
        for g in svg.iter(f"{SVG}g")
        if g.get("data-value")
    }
    table = table_of(html)
    assert table.head == ["Category", "2025", "2026"]
    from_table = {
        (row[0], label): cell
        for row in table.rows
        for label, cell in zip(table.head[1:], row[1:], strict=True)
        if cell != "No value"
    }
    assert bars == from_table
    assert ("Volunteering <b>", "2026") not in bars
    assert "&lt;b&gt;" in str(html)


def test_bar_chart_empty():
    chart = BarChart(title="t", y_label="y", categories=[], series=[])
    assert "No data yet." in render_bar_chart(chart)


def test_render_chart_dispatches():
    assert "<svg" in render_chart(sample_chart())
    with pytest.raises(TypeError):
        render_chart("not a chart")


def test_data_table_cells():
    table = DataTable(
        caption="People",
        columns=["Name", "Hours", "Start", "Note"],
        rows=[["<i>Ann</i>", 12, D(2026, 1, 5), None], ["Bo", 3.25, None, "ok"]],
        decimals=1,
    )
    html = str(render_data_table(table))
    parsed = table_of(html)
    assert parsed.caption == "People"
    assert parsed.rows == [
        ["<i>Ann</i>", "12.0", "Jan. 5, 2026", "No value"],
        ["Bo", "3.2", "No value", "ok"],
    ]
    assert '<th scope="row"' in html
    assert "&lt;i&gt;Ann" in html
    assert "utrecht-table__cell--numeric-data" in html


def test_data_table_empty():
    html = render_data_table(DataTable(caption="x", columns=["a"], rows=[]))
    assert "<table" not in html
    assert "No data yet." in html


def test_nice_ticks():
    assert nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(1, 5) == [1, 2, 3, 4, 5]
    assert nice_ticks(0, 1)[-1] == 1
    assert nice_ticks(-10, 120) == [-50, 0, 50, 100, 150]
    assert nice_ticks(3, 3) == [3]
