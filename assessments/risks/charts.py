"""Server-rendered SVG charts: the risk heat map and a benefit's actuals against target.

Plain strings, so the same markup appears on the web page and in the WeasyPrint report.
Colours are presentation attributes (no inline style, which the Content Security Policy
forbids). Each chart has a table alternative next to it in the templates.
"""

from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.risks.bands import band_for, risk_bands

CELL = 56
LEFT = 64
TOP = 12
BOTTOM = 56
LEGEND_ROW = 22
INK = "#0b0c0c"
GREY = "#505a5f"


def heat_map_svg(heat_map, *, id_prefix: str) -> SafeString:
    """A 5×5 grid, likelihood up the side (5 at the top), impact along the bottom, with the
    number of risks in each cell written in it and the cell coloured by its band; a legend
    of the bands below."""
    width = LEFT + 5 * CELL + 8
    height = TOP + 5 * CELL + BOTTOM + LEGEND_ROW * ((len(risk_bands()) + 1) // 2) + 4
    title_id = f"{id_prefix}-title"
    desc_id = f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="arial, sans-serif" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">Risk heat map: {escape(heat_map.title.lower())}</title>',
        f'<desc id="{desc_id}">{heat_map.total} risk{"s" if heat_map.total != 1 else ""} '
        "by likelihood (1 to 5, up) and impact (1 to 5, across). The table that follows "
        "gives the same counts.</desc>",
    ]
    for likelihood in range(1, 6):
        y = TOP + (5 - likelihood) * CELL
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + CELL / 2 + 5}" text-anchor="end" font-size="14" '
            f'fill="{INK}">{likelihood}</text>'
        )
        for impact in range(1, 6):
            x = LEFT + (impact - 1) * CELL
            count = heat_map.counts.get((likelihood, impact), 0)
            band = band_for(likelihood * impact)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{band.fill}" '
                f'stroke="#ffffff" stroke-width="2"><title>Likelihood {likelihood}, impact '
                f"{impact} ({band.label.lower()}): {count}</title></rect>"
            )
            if count:
                parts.append(
                    f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 7}" text-anchor="middle" '
                    f'font-size="20" font-weight="bold" fill="{band.ink}" '
                    f'data-cell="{likelihood}-{impact}">{count}</text>'
                )
    base = TOP + 5 * CELL
    for impact in range(1, 6):
        parts.append(
            f'<text x="{LEFT + (impact - 0.5) * CELL}" y="{base + 20}" text-anchor="middle" '
            f'font-size="14" fill="{INK}">{impact}</text>'
        )
    parts.append(
        f'<text x="{LEFT + 2.5 * CELL}" y="{base + 44}" text-anchor="middle" font-size="14" '
        f'fill="{INK}">Impact</text>'
    )
    mid = TOP + 2.5 * CELL
    parts.append(
        f'<text x="16" y="{mid}" text-anchor="middle" font-size="14" fill="{INK}" '
        f'transform="rotate(-90 16 {mid})">Likelihood</text>'
    )
    parts.extend(_band_legend(base + BOTTOM, width))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (built from numbers and escaped text)


def _band_legend(top: int, width: int) -> list[str]:
    """A swatch per band with its name and scores, two to a row."""
    parts = ['<g class="app-chart-legend">']
    half = (width - LEFT) / 2
    for k, band in enumerate(risk_bands()):
        x = LEFT + (k % 2) * half
        y = top + (k // 2) * LEGEND_ROW
        parts.append(
            f'<rect x="{x}" y="{y}" width="16" height="16" fill="{band.fill}" '
            f'stroke="{GREY}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x + 22}" y="{y + 13}" font-size="13" fill="{INK}">'
            f"{escape(band.label)} ({band.low} to {band.high})</text>"
        )
    parts.append("</g>")
    return parts


def _money(value: Decimal) -> str:
    return f"£{value:,.0f}"


def _plain(value: Decimal) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def benefit_chart_svg(benefit, *, id_prefix: str) -> SafeString:
    """Actuals over time against the path from baseline to target.

    Steps:
    1. The time axis runs from the baseline date to the later of the target date and the
       last actual; the value axis from the lowest to the highest value shown (from zero
       for money).
    2. A dashed line joins the baseline to the target; a dotted line marks the target level.
    3. Actuals are a solid line with a dot at each measurement.
    """
    width, height = 520, 260
    left, right, top, bottom = 90, 20, 16, 60
    actuals = list(benefit.actuals.all())
    start = benefit.baseline_date
    end = max([benefit.target_date, *(a.recorded_on for a in actuals)])
    span = max((end - start).days, 1)
    values = [benefit.baseline_value, benefit.target_value, *(a.value for a in actuals)]
    low, high = min(values), max(values)
    if benefit.is_cashable:
        low = min(low, Decimal(0))
    if high == low:
        high = low + 1
    fmt = _money if benefit.is_cashable else _plain
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: date) -> float:
        return round(left + plot_w * (day - start).days / span, 1)

    def y(value: Decimal) -> float:
        return round(top + plot_h * float((high - value) / (high - low)), 1)

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    unit = escape(benefit.unit_label)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="arial, sans-serif" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(benefit.title)}: actuals against target</title>',
        f'<desc id="{desc_id}">Baseline {escape(fmt(benefit.baseline_value))} on '
        f"{start:%-d %B %Y}, target {escape(fmt(benefit.target_value))} by "
        f"{benefit.target_date:%-d %B %Y} ({unit}); {len(actuals)} actual value"
        f"{'s' if len(actuals) != 1 else ''} recorded. The table gives the figures.</desc>",
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{GREY}"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{GREY}"/>',
    ]
    for value in (low, high):
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 5}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(fmt(value))}</text>'
        )
    for day, anchor in ((start, "start"), (end, "end")):
        parts.append(
            f'<text x="{x(day)}" y="{top + plot_h + 18}" text-anchor="{anchor}" font-size="12" '
            f'fill="{INK}">{day:%b %Y}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{y(benefit.target_value)}" x2="{left + plot_w}" '
        f'y2="{y(benefit.target_value)}" stroke="#00703c" stroke-dasharray="2 4"/>'
    )
    parts.append(
        f'<line x1="{x(start)}" y1="{y(benefit.baseline_value)}" x2="{x(benefit.target_date)}" '
        f'y2="{y(benefit.target_value)}" stroke="#00703c" stroke-width="2" '
        f'stroke-dasharray="8 5"/>'
    )
    if actuals:
        points = " ".join(f"{x(a.recorded_on)},{y(a.value)}" for a in actuals)
        parts.append(f'<polyline points="{points}" fill="none" stroke="#1d70b8" stroke-width="3"/>')
        for a in actuals:
            parts.append(
                f'<circle cx="{x(a.recorded_on)}" cy="{y(a.value)}" r="4" fill="#1d70b8">'
                f"<title>{a.recorded_on:%-d %B %Y}: {escape(fmt(a.value))}</title></circle>"
            )
    legend_y = height - 12
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 24}" y2="{legend_y - 4}" '
        f'stroke="#00703c" stroke-width="2" stroke-dasharray="8 5"/>'
        f'<text x="{left + 30}" y="{legend_y}" font-size="12" fill="{INK}">Baseline to target'
        f"</text>"
        f'<line x1="{left + 170}" y1="{legend_y - 4}" x2="{left + 194}" y2="{legend_y - 4}" '
        f'stroke="#1d70b8" stroke-width="3"/>'
        f'<text x="{left + 200}" y="{legend_y}" font-size="12" fill="{INK}">Actuals</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (built from numbers and escaped text)
