"""Charts drawn on the server as SVG strings, so the page and the PDF show the same picture.

Pure string building: no JavaScript and no style attributes (the Content Security Policy
forbids inline styles; SVG presentation attributes are not styles). Each chart has a title
and description for screen readers, and every page that shows one also shows a table.
Series differ by dash pattern and marker as well as colour, so they survive greyscale print.
"""

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe

from assessments.scoring import Aggregate

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies).
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4"]
MEAN_COLOUR = "#0b0c0c"
INK = "#0b0c0c"
FLAG_COLOUR = "#d4351c"
# Heat map: light to dark blue for 1 to 5, each step darker (relative luminance 0.82, 0.55,
# 0.26, 0.16, 0.03) so the order survives greyscale print, with the ink that keeps at least
# 4.5:1 contrast on each (5.1:1 is the least, white on 4).
HEAT_FILL = {1: "#deebf7", 2: "#9ecae1", 3: "#4292c6", 4: "#2171b5", 5: "#08306b"}
HEAT_TEXT = {1: INK, 2: INK, 3: INK, 4: "#ffffff", 5: "#ffffff"}
HEAT_DONT_KNOW = "#f3f2f1"
HEAT_NO_ANSWER = "#ffffff"
# The heat map's width in SVG units: the width of a 375 px phone's page less its margins,
# so that at that width a unit is at least a pixel. Labels wrap at about that many pixels.
HEAT_WIDTH = 340
HEAT_LABEL_CHARS = 46
HEAT_ROW = 26
# The page's own font (GOV.UK Frontend's stack, compiled without GDS Transport).
FONT = 'font-family="arial, sans-serif"'


def _n(value: float) -> str:
    return f"{value:.1f}"


def _wrap(text: str, width: int = 18, *, limit: int | None = 3) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:limit]


def _text(x, y, content: str, *, size=12, anchor="", fill="#0b0c0c", weight="") -> str:
    anchor_attr = f' text-anchor="{anchor}"' if anchor else ""
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" {FONT}{anchor_attr}{weight_attr} '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _line(x1, y1, x2, y2, colour, width=1, dash="") -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
        f'stroke-width="{width}"{dash_attr}/>'
    )


def _open(
    chart_id: str, width: int, height: int, title: str, desc: str, *, css_class="app-chart"
) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def radar_svg(agg: Aggregate, names: dict[str, str], *, chart_id: str, title: str) -> SafeString:
    """One axis per characteristic (1 at the centre, 5 at the rim); a polygon per
    organisation and a heavier one for the mean. Don't-know answers leave a gap (the point
    sits at the centre)."""
    codes = [c.code for c in agg.characteristics]
    width, height, cx, cy, radius = 720, 560, 360, 270, 180
    out = _open(
        chart_id,
        width,
        height,
        title,
        f"Radar chart of {len(codes)} characteristics rated by {len(agg.organisations)} "
        "organisations, with the mean. The table that follows gives the same figures.",
    )
    count = max(len(codes), 1)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * max(value - 1, 0) / 4
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in range(1, 6):
        ring = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, level) for i in range(count)))
        if level > 1 and count >= 3:
            out.append(f'<polygon points="{ring}" fill="none" stroke="#b1b4b6" stroke-width="1"/>')
        x, y = point(0, level)
        out.append(_text(x + 4, y + 4, str(level), size=11, fill="#505a5f"))
    for i, code in enumerate(codes):
        x, y = point(i, 5)
        out.append(_line(cx, cy, x, y, "#b1b4b6"))
        lx, ly = point(i, 5.9)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        lines = _wrap(f"{i + 1}. {names.get(code, code)}")
        start = ly - 6 * (len(lines) - 1)
        for j, line in enumerate(lines):
            out.append(
                f'<text x="{_n(lx)}" y="{_n(start + 13 * j + 4)}" font-size="12" {FONT} '
                f'text-anchor="{anchor}" fill="#0b0c0c">{escape(line)}</text>'
            )
    series = []
    for k, org in enumerate(agg.organisations):
        values = [dict(c.ratings).get(org) for c in agg.characteristics]
        series.append(
            (org, values, SERIES_COLOURS[k % len(SERIES_COLOURS)], DASHES[k % len(DASHES)], 2)
        )
    series.append(
        ("Mean of all organisations", [c.mean for c in agg.characteristics], MEAN_COLOUR, "", 3.5)
    )
    for org, values, colour, dash, stroke in series:
        pts = [point(i, v if v is not None else 1) for i, v in enumerate(values)]
        if not pts:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in pts)}" fill="none" '
            f'stroke="{colour}" stroke-width="{stroke}"{dash_attr}>'
            f"<title>{escape(org)}</title></polygon>"
        )
        for x, y in pts:
            out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}"/>')
    # Legend, below the chart.
    lx, ly = 20, height - 20 * ((len(series) + 1) // 2) - 4
    for k, (org, _, colour, dash, stroke) in enumerate(series):
        x = lx + (k % 2) * 350
        y = ly + 20 * (k // 2)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 30}" y2="{y}" stroke="{colour}" '
            f'stroke-width="{stroke}"{dash_attr}/>'
        )
        out.append(_text(x + 38, y + 4, org))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text node above is escaped)


def _initials(name: str) -> str:
    """A column's short name: the name itself when short, else the initials of its
    capitalised words ("Wealdshire Fire and Rescue Service" is "WFRS"), at most five."""
    if len(name) <= 6:
        return name
    letters = "".join(word[0] for word in name.split() if word[:1].isupper())
    return letters[:5] or name[:5]


def _short_names(names) -> list[str]:
    """Initials for each column, made unique with a number where two would read the same."""
    shorts, seen = [], {}
    for name in names:
        short = _initials(name)
        seen[short] = seen.get(short, 0) + 1
        shorts.append(short if seen[short] == 1 else f"{short}{seen[short]}")
    return shorts


def _heat_cell(value, *, mean: bool) -> tuple[str, str, str]:
    """Fill, ink and text of one heat-map cell."""
    if value == "missing":
        return HEAT_NO_ANSWER, INK, "–"
    if value is None:
        return HEAT_DONT_KNOW, INK, "?"
    level = min(5, max(1, round(value)))
    return HEAT_FILL[level], HEAT_TEXT[level], f"{value:.1f}" if mean else str(value)


def heatmap_svg(agg: Aggregate, names: dict[str, str], *, chart_id: str, title: str) -> SafeString:
    """A row of cells per characteristic, a column per organisation and one for the mean;
    darker is higher and every cell also says its rating, so it reads in greyscale.

    Drawn for a phone first: HEAT_WIDTH units wide, which the page shows at the screen's
    width (at most about 480 px), so a 12-unit label is at least 12 px at 375 px. So that
    the columns fit, each characteristic's name sits on its own line(s) above its cells,
    wrapped, never cut; columns are headed by initials, spelt out in a key; a legend
    explains the colours. "?" is don't know, "–" no answer; a thick red outline and the word
    "Disagreement" mark a flag."""
    width = HEAT_WIDTH
    cols = list(agg.organisations)
    shorts = _short_names(cols)
    gap = 6  # between the organisations' columns and the mean's
    col_w = (width - gap) / (len(cols) + 1)
    # The height is known once the rows are laid out: the opening tag is added last.
    out: list[str] = []

    def col_x(j: int) -> float:
        return col_w * j + (gap if j == len(cols) else 0)

    y = 16
    for j, short in enumerate([*shorts, "Mean"]):
        full = cols[j] if j < len(cols) else "Mean of the organisations' ratings"
        out.append(
            f"<g><title>{escape(full)}</title>"
            f'<text x="{_n(col_x(j) + col_w / 2)}" y="{y}" font-size="12" font-weight="bold" '
            f'{FONT} text-anchor="middle" fill="{INK}">{escape(short)}</text></g>'
        )
    y += 10
    for i, c in enumerate(agg.characteristics):
        label = f"{i + 1}. {names.get(c.code, c.code)}"
        if c.flagged:
            label += " – Disagreement"
        for line in _wrap(label, HEAT_LABEL_CHARS, limit=None):
            y += 15
            out.append(_text(0, y, line))
        y += 5
        ratings = dict(c.ratings)
        cells = [ratings.get(org, "missing") for org in cols]
        cells.append(c.mean)
        for j, value in enumerate(cells):
            fill, ink, text = _heat_cell(value, mean=j == len(cols))
            x = col_x(j)
            out.append(
                f'<rect x="{_n(x + 1)}" y="{_n(y)}" width="{_n(col_w - 2)}" height="{HEAT_ROW}" '
                f'fill="{fill}" stroke="#505a5f" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{_n(x + col_w / 2)}" y="{_n(y + 18)}" font-size="13" '
                f'font-weight="bold" {FONT} text-anchor="middle" fill="{ink}">'
                f"{escape(text)}</text>"
            )
        if c.flagged:
            out.append(
                f'<rect x="0" y="{_n(y - 2)}" width="{width}" height="{HEAT_ROW + 4}" '
                f'fill="none" stroke="{FLAG_COLOUR}" stroke-width="3">'
                "<title>Disagreement</title></rect>"
            )
        y += HEAT_ROW + 4
    y = _heat_key(out, y + 8, cols, shorts)
    y = _heat_legend(out, y + 8, chart_id)
    opening = _open(
        chart_id,
        width,
        math.ceil(y + 6),
        title,
        "Heat map of ratings by characteristic (rows) and organisation (columns), darker for "
        "higher ratings from 1 (lightest) to 5 (darkest), each cell giving its rating, with "
        "flagged disagreements outlined. The table that follows gives the same figures.",
        css_class="app-chart app-chart--heatmap",
    )
    return mark_safe("".join([*opening, *out, "</svg>"]))  # noqa: S308 (every text node above is escaped)


def _heat_key(out: list[str], y: float, cols: list[str], shorts: list[str]) -> float:
    """The columns' initials spelt out, one organisation a line (wrapped, never cut)."""
    out.append(f'<g class="app-chart-key">{_text(0, y + 12, "Columns", weight="bold")}')
    y += 12
    for short, name in zip(shorts, cols, strict=True):
        for k, line in enumerate(_wrap(f"{short}: {name}", HEAT_LABEL_CHARS, limit=None)):
            y += 15
            out.append(_text(0 if k == 0 else 12, y, line))
    y += 15
    out.append(_text(0, y, "Mean: the mean of the organisations' ratings"))
    out.append("</g>")
    return y


def _heat_legend(out: list[str], y: float, chart_id: str) -> float:
    """What the colours mean: a swatch per rating (with the rating written in it), then
    don't know, no answer and the disagreement outline."""
    out.append(f'<g class="app-chart-legend" id="{chart_id}-legend">')
    y += 12
    out.append(_text(0, y, "Key to colours: darker is a higher rating", weight="bold"))
    y += 8
    swatch = 44
    for level in range(1, 6):
        x = (level - 1) * (swatch + 4)
        out.append(
            f'<rect x="{x}" y="{_n(y)}" width="{swatch}" height="{HEAT_ROW}" '
            f'fill="{HEAT_FILL[level]}" stroke="#505a5f" stroke-width="1" '
            f'data-level="{level}"/>'
        )
        out.append(
            f'<text x="{x + swatch / 2}" y="{_n(y + 18)}" font-size="13" font-weight="bold" '
            f'{FONT} text-anchor="middle" fill="{HEAT_TEXT[level]}">{level}</text>'
        )
    y += HEAT_ROW + 15
    out.append(_text(0, y, "1 is the lowest rating, 5 the highest; the mean is"))
    y += 15
    out.append(_text(0, y, "coloured as its nearest whole rating."))
    y += 8
    for fill, mark, meaning in (
        (HEAT_DONT_KNOW, "?", "Don't know"),
        (HEAT_NO_ANSWER, "–", "No answer"),
    ):
        out.append(
            f'<rect x="0" y="{_n(y)}" width="{swatch}" height="{HEAT_ROW}" fill="{fill}" '
            'stroke="#505a5f" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{swatch / 2}" y="{_n(y + 18)}" font-size="13" font-weight="bold" '
            f'{FONT} text-anchor="middle" fill="{INK}">{mark}</text>'
        )
        out.append(_text(swatch + 8, y + 17, meaning))
        y += HEAT_ROW + 4
    out.append(
        f'<rect x="1.5" y="{_n(y + 1.5)}" width="{swatch - 3}" height="{HEAT_ROW - 3}" '
        f'fill="none" stroke="{FLAG_COLOUR}" stroke-width="3"/>'
    )
    out.append(_text(swatch + 8, y + 17, "Partners disagree (outlined row)"))
    y += HEAT_ROW
    out.append("</g>")
    return y


def trend_svg(
    points: list[tuple[str, int]], threshold: int, *, chart_id: str, title: str
) -> SafeString:
    """Readiness (0-100) for each stage assessment and health check in order, with the
    readiness threshold as a dashed line."""
    left, right, top, bottom = 50, 20, 20, 70
    step = 120
    width = left + right + step * max(len(points) - 1, 1) + 40
    plot_h = 240
    height = top + plot_h + bottom
    out = _open(
        chart_id,
        width,
        height,
        title,
        f"Line chart of readiness across {len(points)} assessments, with the threshold of "
        f"{threshold}. The table that follows gives the same figures.",
    )

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    for tick in range(0, 101, 20):
        y = y_of(tick)
        out.append(_line(left, y, width - right, y, "#e5e6e7"))
        out.append(_text(left - 6, y + 4, str(tick), size=11, anchor="end", fill="#505a5f"))
    ty = y_of(threshold)
    out.append(
        f'<line x1="{left}" y1="{_n(ty)}" x2="{width - right}" y2="{_n(ty)}" stroke="#d4351c" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    out.append(
        f'<text x="{width - right}" y="{_n(ty - 5)}" font-size="11" {FONT} text-anchor="end" '
        f'fill="#d4351c">Threshold {threshold}</text>'
    )
    coords = [(left + 20 + step * i, y_of(v)) for i, (_, v) in enumerate(points)]
    if len(coords) > 1:
        out.append(
            f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in coords)}" fill="none" '
            f'stroke="{SERIES_COLOURS[0]}" stroke-width="3"/>'
        )
    for (label, value), (x, y) in zip(points, coords, strict=True):
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{SERIES_COLOURS[0]}"/>')
        out.append(
            f'<text x="{_n(x)}" y="{_n(y - 10)}" font-size="12" {FONT} text-anchor="middle" '
            f'fill="#0b0c0c">{value}</text>'
        )
        for k, line in enumerate(_wrap(label, 16)):
            out.append(
                f'<text x="{_n(x)}" y="{top + plot_h + 18 + 13 * k}" font-size="11" {FONT} '
                f'text-anchor="middle" fill="#0b0c0c">{escape(line)}</text>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text node above is escaped)


def readiness_bars_svg(agg: Aggregate, *, floor: float, chart_id: str, title: str) -> SafeString:
    """The partners' mean rating of each characteristic as a bar, with the lowest to highest
    rating as a line across it and the floor as a dashed line, one row per characteristic,
    numbered as the table beside it. Drawn at print size (a unit is about a third of a
    millimetre at the paper's width), so its text reads at the size of the table's."""
    rows = [c for c in agg.characteristics if c.mean is not None]
    left, right, top, row_h = 22, 10, 8, 15
    width = 250
    plot_w = width - left - right
    height = top + row_h * max(len(rows), 1) + 26
    out = _open(
        chart_id,
        width,
        height,
        title,
        f"Bar chart of the mean rating (1 to 5) of {len(rows)} characteristics, each with the "
        f"range of the organisations' ratings, and the floor of {floor:g}. The table beside it "
        "gives the same figures.",
    )

    def x_of(value: float) -> float:
        return left + plot_w * (value - 1) / 4

    bottom = top + row_h * len(rows)
    for tick in range(1, 6):
        out.append(_line(x_of(tick), top, x_of(tick), bottom, "#b1b4b6", 0.5))
        out.append(_text(x_of(tick), bottom + 10, str(tick), size=8, anchor="middle"))
    for i, c in enumerate(rows):
        number = 1 + list(agg.characteristics).index(c)
        y = top + i * row_h
        out.append(_text(left - 4, y + 10, f"{number}.", size=8, anchor="end"))
        out.append(
            f'<rect x="{_n(x_of(1))}" y="{_n(y + 3)}" width="{_n(x_of(c.mean) - x_of(1))}" '
            f'height="9" fill="{"#d4351c" if c.flagged else SERIES_COLOURS[0]}"/>'
        )
        mid = y + 7.5
        out.append(_line(x_of(c.minimum), mid, x_of(c.maximum), mid, MEAN_COLOUR, 1.2))
        for end in (c.minimum, c.maximum):
            out.append(_line(x_of(end), mid - 3, x_of(end), mid + 3, MEAN_COLOUR, 1.2))
    out.append(_line(x_of(floor), top - 2, x_of(floor), bottom, MEAN_COLOUR, 0.8, "3 2"))
    out.append(
        _text(left, height - 3, "Mean rating; line: lowest to highest; red: disagreement", size=7)
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text node above is escaped)
