"""Issue 18: the heat maps stay legible on a phone and in greyscale, with a legend.

The heat map is drawn HEAT_WIDTH units wide and shown at the column's width: on a 375 px
phone the column is 345 px (the page's 15 px margins), so a unit is at least a pixel and a
12-unit label at least 12 px. The browser test (tests/e2e/test_mobile_journey.py) measures
the same on the rendered page.
"""

import xml.etree.ElementTree as ET

import pytest

from assessments.charts import (
    HEAT_DONT_KNOW,
    HEAT_FILL,
    HEAT_TEXT,
    HEAT_WIDTH,
    heatmap_svg,
)
from assessments.risks.bands import risk_bands
from assessments.risks.charts import heat_map_svg
from assessments.risks.selectors import heat_maps
from assessments.scoring import OrgRatings, aggregate

SVG = "{http://www.w3.org/2000/svg}"
PHONE_COLUMN = 375 - 2 * 15
LONG_NAME = "Joint governance arrangements that every partner's governing body has agreed in full"
NAMES = {"a": LONG_NAME, "b": "Trust", "c": "Funding"}
ORGS = (
    "Weald and Downs Ambulance Service NHS Trust",
    "Wealdshire Fire and Rescue Service",
    "Wealdshire Fire Rescue Service",  # the same initials as the one above
    "Wealdshire Police",
)


def _agg():
    return aggregate(
        ["a", "b", "c"],
        [
            OrgRatings(ORGS[0], {"a": 1, "b": 2, "c": None}),
            OrgRatings(ORGS[1], {"a": 5, "b": 3}),
            OrgRatings(ORGS[2], {"a": 4, "b": 4, "c": 5}),
            OrgRatings(ORGS[3], {"a": 2, "b": 5, "c": 3}),
        ],
    )


def _heat_root():
    svg = heatmap_svg(_agg(), NAMES, chart_id="h", title="Scoping: heat map")
    return ET.fromstring(svg)  # noqa: S314 (our own output, parsed to check it)


def _texts(root):
    return list(root.iter(f"{SVG}text"))


def _relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_relative_luminance(one), _relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_heat_map_fits_a_phone_column_so_its_text_is_at_least_12_px():
    root = _heat_root()
    width = float(root.get("viewBox").split()[2])
    assert width == HEAT_WIDTH <= PHONE_COLUMN
    scale = PHONE_COLUMN / width  # the page shows it at the column's width (app-chart--heatmap)
    assert "app-chart--heatmap" in root.get("class")
    sizes = [float(t.get("font-size")) * scale for t in _texts(root)]
    assert sizes and min(sizes) >= 12


def test_every_text_is_in_the_pages_sans_serif_font():
    assert {t.get("font-family") for t in _texts(_heat_root())} == {"arial, sans-serif"}


def test_a_long_characteristic_name_wraps_and_is_never_cut():
    lines = [t.text for t in _texts(_heat_root())]
    label_lines = lines[lines.index("Mean") + 1 : lines.index("Mean") + 4]
    assert " ".join(label_lines).startswith(f"1. {LONG_NAME}")
    assert len(label_lines[0]) < len(f"1. {LONG_NAME}")


def test_columns_are_headed_by_unique_initials_spelt_out_in_a_key():
    root = _heat_root()
    orgs = list(_agg().organisations)
    heads = root.findall(f"{SVG}g/{SVG}text/..")[: len(orgs) + 1]
    shorts = [g.find(f"{SVG}text").text for g in heads]
    assert shorts[-1] == "Mean" and len(set(shorts)) == len(shorts)
    assert all(len(short) <= 6 for short in shorts)
    assert {"WFRS", "WFRS2"} <= set(shorts)  # two fire services with the same initials
    assert [g.find(f"{SVG}title").text for g in heads[:-1]] == orgs
    key = [t.text for t in root.find(f"{SVG}g[@class='app-chart-key']").iter(f"{SVG}text")]
    for short, org in zip(shorts, orgs, strict=False):
        assert f"{short}: {org}" in " ".join(key)


def test_every_cell_says_its_rating_so_the_map_reads_without_colour():
    agg = _agg()
    cells = [t.text for t in _heat_root().findall(f"{SVG}text") if t.get("font-size") == "13"]
    expected = []
    for c in agg.characteristics:
        ratings = dict(c.ratings)
        for org in agg.organisations:
            rating = ratings.get(org, "–")
            expected.append("?" if rating is None else str(rating))
        expected.append(f"{c.mean:.1f}")
    assert cells == expected
    assert "?" in cells and "–" in cells


def test_the_legend_explains_each_rating_dont_know_no_answer_and_the_disagreement_outline():
    legend = _heat_root().find(f".//{SVG}g[@class='app-chart-legend']")
    assert legend is not None and legend.get("id") == "h-legend"
    swatches = {r.get("data-level"): r.get("fill") for r in legend.iter(f"{SVG}rect")}
    assert {level: swatches[str(level)] for level in range(1, 6)} == HEAT_FILL
    words = " ".join(t.text for t in legend.iter(f"{SVG}text"))
    for meaning in ("darker is a higher rating", "Don't know", "No answer", "disagree"):
        assert meaning in words


def test_each_rating_is_darker_than_the_one_below_it_so_the_scale_reads_in_greyscale():
    luminance = [_relative_luminance(HEAT_FILL[level]) for level in range(1, 6)]
    assert luminance == sorted(luminance, reverse=True)
    assert len(set(luminance)) == 5
    # Each step is visible in greyscale, not only in hue.
    assert min(a - b for a, b in zip(luminance, luminance[1:], strict=False)) > 0.05


@pytest.mark.parametrize("level", range(1, 6))
def test_the_rating_written_in_a_cell_has_at_least_4_5_to_1_contrast(level):
    assert _contrast(HEAT_FILL[level], HEAT_TEXT[level]) >= 4.5


def test_dont_know_and_no_answer_cells_keep_their_text_legible():
    assert _contrast(HEAT_DONT_KNOW, "#0b0c0c") >= 4.5


def test_a_flagged_characteristic_says_disagreement_in_words_as_well_as_the_outline():
    agg = aggregate(
        ["a"],
        [OrgRatings("Police", {"a": 1}), OrgRatings("Fire", {"a": 5})],
    )
    root = ET.fromstring(heatmap_svg(agg, {"a": "Trust"}, chart_id="f", title="T"))  # noqa: S314
    assert "1. Trust – Disagreement" in [t.text for t in _texts(root)]
    outlines = [r for r in root.iter(f"{SVG}rect") if r.get("stroke") == "#d4351c"]
    assert outlines[0].find(f"{SVG}title").text == "Disagreement"


class _Map:
    """The least a risk heat map needs: a title, its counts and its total."""

    title = "Before mitigation"
    counts = {(5, 5): 2, (1, 1): 1}
    total = 3


def test_the_risk_heat_map_has_a_band_legend_a_sans_serif_font_and_legible_counts():
    root = ET.fromstring(heat_map_svg(_Map(), id_prefix="r"))  # noqa: S314
    assert root.get("font-family") == "arial, sans-serif"
    legend = root.find(f".//{SVG}g[@class='app-chart-legend']")
    words = [t.text for t in legend.iter(f"{SVG}text")]
    assert words == [f"{b.label} ({b.low} to {b.high})" for b in risk_bands()]
    luminance = [_relative_luminance(b.fill) for b in risk_bands()]
    assert luminance == sorted(luminance, reverse=True)
    for band in risk_bands():
        assert _contrast(band.fill, band.ink) >= 4.5
    # The very high cell's count is written in its band's ink.
    count = root.find(f".//{SVG}text[@data-cell='5-5']")
    assert count.get("fill") == risk_bands()[-1].ink


def test_the_risk_heat_map_is_no_wider_than_a_phone_column():
    before, _ = heat_maps([])
    root = ET.fromstring(heat_map_svg(before, id_prefix="w"))  # noqa: S314
    width = float(root.get("viewBox").split()[2])
    assert width <= PHONE_COLUMN + 10  # shown at most 3% smaller: 14-unit labels stay over 13 px
    assert min(float(t.get("font-size")) for t in root.iter(f"{SVG}text")) >= 13
