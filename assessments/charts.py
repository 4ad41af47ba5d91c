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
# Heat map: light to dark blue for 1 to 5, with a text colour that keeps 4.5:1 contrast.
HEAT_FILL = {1: "#f7fbff", 2: "#c6dbef", 3: "#6baed6", 4: "#2171b5", 5: "#08306b"}
HEAT_TEXT = {1: "#0b0c0c", 2: "#0b0c0c", 3: "#0b0c0c", 4: "#ffffff", 5: "#ffffff"}
FONT = 'font-family="Arial, Helvetica, sans-serif"'


def _n(value: float) -> str:
    return f"{value:.1f}"


def _wrap(text: str, width: int = 18) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:3]


def _text(x, y, content: str, *, size=12, anchor="", fill="#0b0c0c") -> str:
    anchor_attr = f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" {FONT}{anchor_attr} '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _line(x1, y1, x2, y2, colour, width=1, dash="") -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
        f'stroke-width="{width}"{dash_attr}/>'
    )


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {width} '
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


def heatmap_svg(agg: Aggregate, names: dict[str, str], *, chart_id: str, title: str) -> SafeString:
    """Rows are characteristics, columns organisations and the mean; darker is higher.
    "?" marks don't know and "–" no answer; a red border marks a disagreement flag."""
    label_w, col_w, row_h, head_h = 260, 96, 28, 64
    cols = list(agg.organisations) + ["Mean"]
    width = label_w + col_w * len(cols) + 10
    height = head_h + row_h * len(agg.characteristics) + 10
    out = _open(
        chart_id,
        width,
        height,
        title,
        "Heat map of ratings by characteristic (rows) and organisation (columns), darker for "
        "higher ratings, with flagged disagreements outlined. The table that follows gives the "
        "same figures.",
    )
    for j, col in enumerate(cols):
        x = label_w + col_w * j + col_w / 2
        for k, line in enumerate(_wrap(col, 14)):
            out.append(
                f'<text x="{_n(x)}" y="{16 + 14 * k}" font-size="11" {FONT} text-anchor="middle" '
                f'fill="#0b0c0c">{escape(line)}</text>'
            )
    for i, c in enumerate(agg.characteristics):
        y = head_h + row_h * i
        out.append(
            f'<text x="{label_w - 8}" y="{y + 18}" font-size="12" {FONT} text-anchor="end" '
            f'fill="#0b0c0c">{escape(f"{i + 1}. {names.get(c.code, c.code)}"[:40])}</text>'
        )
        ratings = dict(c.ratings)
        cells = [ratings.get(org, "missing") for org in agg.organisations]
        cells.append(c.mean)
        for j, value in enumerate(cells):
            x = label_w + col_w * j
            if value == "missing":
                fill, ink, text = "#ffffff", "#0b0c0c", "–"
            elif value is None:
                fill, ink, text = "#f3f2f1", "#0b0c0c", "?"
            else:
                level = min(5, max(1, round(value)))
                fill, ink = HEAT_FILL[level], HEAT_TEXT[level]
                text = f"{value:.1f}" if j == len(cells) - 1 else str(value)
            out.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{col_w - 4}" height="{row_h - 4}" '
                f'fill="{fill}" stroke="#b1b4b6" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{x + col_w / 2}" y="{y + 18}" font-size="12" {FONT} '
                f'text-anchor="middle" fill="{ink}">{escape(text)}</text>'
            )
        if c.flagged:
            out.append(
                f'<rect x="{label_w}" y="{y + 1}" width="{col_w * len(cols)}" height="{row_h - 2}" '
                'fill="none" stroke="#d4351c" stroke-width="3"><title>Disagreement</title></rect>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text node above is escaped)


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
