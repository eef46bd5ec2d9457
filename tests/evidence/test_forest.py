"""The forest plot: well-formed SVG, the same numbers in its table, escaping, scales."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from meedoen.evidence import selectors
from meedoen.evidence.forest import (
    ForestPlot,
    ForestRow,
    decimals_of,
    render_forest_plot,
    rows_in_groups,
)
from meedoen.evidence_base import InstrumentCode, Unit, default_evidence_base
from tests.evidence.pages import EntryElements, numbers_in, shows

SVG = "{http://www.w3.org/2000/svg}"


def forest_svg(html: str) -> ET.Element:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="meedoen-forest__svg"')
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314  (our own output)


def row(**overrides) -> ForestRow:
    values = {
        "entry_id": "x-1", "study": "Doe & Roe (2020)", "target_group": "Everyone",
        "outcome": "Has paid work", "horizon": "time not stated", "effect": 1.5, "low": 1.2,
        "high": 1.9, "unit": Unit.RISK_RATIO, "unit_label": "risk ratio", "design": "trial",
        "country": "NL", "citation": "Doe, J., & Roe, R. (2020). A trial.",
        "url": "https://example.org/a", "decimals": 1,
    }
    values.update(overrides)
    return ForestRow(**values)


@pytest.mark.parametrize("code", [c.value for c in InstrumentCode])
def test_forest_plot_of_every_instrument_is_well_formed_and_its_table_holds_the_entries(code):
    page = selectors.instrument_page(code)
    html = str(render_forest_plot(selectors.forest_plot(page), id_prefix="t"))
    numeric = [e for e in default_evidence_base().for_instrument(code)
               if e.display and e.effect is not None]
    if not numeric:
        assert "<svg" not in html and "<table" not in html
        return
    svg = forest_svg(html)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    drawn = [g.get("data-entry") for g in svg.iter(f"{SVG}g")
             if g.get("class") == "meedoen-forest__row"]
    assert sorted(drawn) == sorted(e.id for e in numeric)
    table = EntryElements(html[html.index("<table"):])
    for entry in numeric:
        [cells] = table.found[("tr", entry.id)]
        assert cells["links"] == [entry.source.url]
        numbers = numbers_in(cells["text"])
        assert shows(entry.effect, numbers, decimals_of(entry.effect, entry.ci_low,
                                                         entry.ci_high))
        if entry.ci_low is not None:
            assert shows(entry.ci_low, numbers, decimals_of(entry.ci_low))
            assert shows(entry.ci_high, numbers, decimals_of(entry.ci_high))


def test_table_rows_follow_the_drawing_order():
    page = selectors.instrument_page("supported_employment")
    html = str(render_forest_plot(selectors.forest_plot(page), id_prefix="t"))
    drawn = [g.get("data-entry") for g in forest_svg(html).iter(f"{SVG}g")
             if g.get("class") == "meedoen-forest__row"]
    tabled = re.findall(r'<tr class="utrecht-table__row" id="forest-[^"]+" data-entry="([^"]+)"',
                        html)
    assert drawn == tabled


def test_rows_are_grouped_by_outcome_and_time_of_measurement():
    page = selectors.instrument_page("supported_employment")
    rows = selectors.forest_plot(page).rows
    groups = rows_in_groups(rows)
    seen = [key for key, _rows in groups]
    assert len(seen) == len(set(seen)), "a group is split"
    html = str(render_forest_plot(selectors.forest_plot(page), id_prefix="t"))
    headers = [t.text for t in forest_svg(html).iter(f"{SVG}text")
               if t.get("class") == "meedoen-forest__group"]
    assert any(h.startswith(str(selectors.OUTCOME_LABELS["paid_work_any"])) for h in headers)


def tick_x(svg: ET.Element, label: str) -> float:
    for text in svg.iter(f"{SVG}text"):
        if "meedoen-forest__tick" in (text.get("class") or "") and text.text == label:
            return float(text.get("x"))
    raise AssertionError(f"no tick {label}")


def null_xs(svg: ET.Element) -> list[float]:
    return [float(line.get("x1")) for line in svg.iter(f"{SVG}line")
            if line.get("class") == "meedoen-forest__null"]


def test_the_no_difference_line_is_at_one_for_ratios_and_zero_for_differences():
    with translation.override("en"):
        ratio = forest_svg(str(render_forest_plot(ForestPlot("R", [row()]))))
        assert null_xs(ratio) == [tick_x(ratio, "1")]
        diff = forest_svg(str(render_forest_plot(ForestPlot("D", [
            row(unit=Unit.SMD, unit_label="standardised difference", effect=0.3, low=0.1,
                high=0.5)]))))
        assert null_xs(diff) == [tick_x(diff, "0")]


def test_units_get_their_own_panel_and_axis():
    plot = ForestPlot("Mixed", [row(), row(entry_id="x-2", unit=Unit.SMD, effect=0.2,
                                           low=-0.1, high=0.5, unit_label="smd")])
    svg = forest_svg(str(render_forest_plot(plot)))
    titles = [t.text for t in svg.iter(f"{SVG}text")
              if t.get("class") == "meedoen-forest__panel-title"]
    assert titles == ["Risk ratio", "Smd"]
    assert len(null_xs(svg)) == 2


def test_an_estimate_without_a_margin_is_an_open_circle_and_an_empty_table_cell():
    html = str(render_forest_plot(ForestPlot("P", [row(low=None, high=None)])))
    svg = forest_svg(html)
    circles = list(svg.iter(f"{SVG}circle"))
    assert len(circles) == 1 and "meedoen-forest__point--open" in circles[0].get("class")
    assert html.count('class="meedoen-visually-hidden"') == 2  # "No value" twice


def test_all_text_is_escaped():
    evil = '<script>alert("x")</script> & "quotes"'
    plot = ForestPlot(title=evil, rows=[row(study=evil, target_group=evil, outcome=evil,
                                            citation=evil, url='https://e.org/?a=1&b="2"')])
    html = str(render_forest_plot(plot))
    assert "<script>" not in html
    forest_svg(html)  # still well-formed


def test_an_empty_plot_is_one_sentence():
    html = str(render_forest_plot(ForestPlot("Nothing", [], empty_message="No numbers.")))
    assert html == '<p class="utrecht-paragraph meedoen-chart-empty">No numbers.</p>'


def test_numbers_follow_the_active_language():
    plot = ForestPlot("L", [row(effect=1.63, low=1.46, high=1.82, decimals=2)])
    with translation.override("nl"):
        assert "1,63" in str(render_forest_plot(plot))
    with translation.override("en"):
        assert "1.63" in str(render_forest_plot(plot))


def test_no_inline_styles_or_scripts():
    page = selectors.instrument_page("supported_employment")
    html = str(render_forest_plot(selectors.forest_plot(page)))
    assert "style=" not in html and "<style" not in html and "<script" not in html


@pytest.mark.parametrize(("values", "expected"), [
    ((1.63,), 2), ((-30.0,), 0), ((0.3, -0.07, 0.67), 2), ((2.0, None), 0), ((0.12345,), 3),
])
def test_decimals_follow_the_numbers_as_stored(values, expected):
    assert decimals_of(*values) == expected


@pytest.mark.parametrize(("entry_id", "expected"), [
    ("se-frederick2019-any-job", "Frederick & VanderWeele (2019)"),
    ("se-dewinter2022-active-control", "de Winter et al. (2022)"),
    ("coaching-sbu2021-caseload", "SBU (2021)"),
    ("sanction-williams2019-antidepressants", "Williams (2019)"),
])
def test_short_citations_name_the_authors_and_year(entry_id, expected):
    with translation.override("en"):
        assert selectors.short_citation(default_evidence_base().get(entry_id)) == expected
