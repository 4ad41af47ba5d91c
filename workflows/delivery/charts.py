"""Server-rendered SVG: the milestone timeline and the confidence trend.

Each chart is an image with a title and a description (role="img"), and each page shows the
same data as a table beside it, so nothing depends on seeing the chart. Colours are paired
with shapes or letters, never the only signal. Each is drawn at its reading size, and the
pages put it in a region that scrolls on its own, so at 375 px the text stays legible
rather than shrinking with the chart (hence not the `app-chart` class, which shrinks a
chart to the page's width).
"""

from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workflows.delivery.models import Rating

FONT = 'font-family="Arial, Helvetica, sans-serif"'
INK, GREY, BLUE, RED = "#0b0c0c", "#505a5f", "#1d70b8", "#d4351c"
RATING_COLOUR = {Rating.GREEN: "#00703c", Rating.AMBER: "#f47738", Rating.RED: RED}
RATING_LEVEL = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}
RATING_LETTER = {Rating.GREEN: "G", Rating.AMBER: "A", Rating.RED: "R"}


def _n(value: float) -> str:
    return f"{value:.1f}"


def _text(x, y, content, *, size=12, anchor="", fill=INK, weight="") -> str:
    anchor_attr = f' text-anchor="{anchor}"' if anchor else ""
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" {FONT}{anchor_attr}{weight_attr} '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart-scrolled" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_svg(
    milestones, targets: list[tuple[str, date]], *, today: date, chart_id: str
) -> SafeString:
    """One row per milestone on a shared time axis: its baseline (an open diamond), its
    forecast (a dot, joined to the baseline by a line, red when later) and its actual date (a
    tick); the stage target dates as dashed vertical lines, and today as a solid one."""
    width, left, right, top, row_h = 640, 170, 20, 40, 28
    dates = [d for _label, d in targets] + [today]
    for m in milestones:
        dates += [d for d in (m.baseline_on, m.forecast_on, m.actual_on) if d]
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    height = top + row_h * max(len(milestones), 1) + 30

    def x_of(day: date) -> float:
        return left + (width - left - right) * (day - start).days / span

    desc = (
        f"{len(milestones)} milestone{'s' if len(milestones) != 1 else ''} from "
        f"{start:%-d %B %Y} to {end:%-d %B %Y}; the table below gives every date."
    )
    out = _open(chart_id, width, height, "Milestones and stage targets", desc)
    bottom = height - 30
    out.append(_text(left, bottom + 18, f"{start:%b %Y}", size=11, fill=GREY))
    out.append(_text(width - right, bottom + 18, f"{end:%b %Y}", size=11, anchor="end", fill=GREY))
    out.append(
        f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" stroke="{GREY}"/>'
    )
    for i, (label, day) in enumerate(targets):
        x = x_of(day)
        out.append(
            f'<line x1="{_n(x)}" y1="{top - 10}" x2="{_n(x)}" y2="{bottom}" stroke="{GREY}" '
            'stroke-dasharray="4 3"/>'
        )
        out.append(_text(x, 12 + 12 * (i % 2), _short(label, 20), size=10, anchor="middle"))
    x = x_of(today)
    out.append(
        f'<line x1="{_n(x)}" y1="{top - 10}" x2="{_n(x)}" y2="{bottom}" stroke="{BLUE}" '
        'stroke-width="2"/>'
    )
    out.append(_text(x + 3, bottom - 4, "Today", size=10, fill=BLUE))
    for i, m in enumerate(milestones):
        y = top + row_h * i + row_h / 2
        out.append(_text(left - 8, y + 4, _short(m.title), size=11, anchor="end"))
        if m.baseline_on and m.forecast_on:
            colour = RED if m.forecast_on > m.baseline_on else GREY
            out.append(
                f'<line x1="{_n(x_of(m.baseline_on))}" y1="{_n(y)}" '
                f'x2="{_n(x_of(m.forecast_on))}" y2="{_n(y)}" stroke="{colour}" stroke-width="3"/>'
            )
        if m.baseline_on:
            bx = x_of(m.baseline_on)
            out.append(
                f'<polygon points="{_n(bx)},{_n(y - 6)} {_n(bx + 6)},{_n(y)} {_n(bx)},'
                f'{_n(y + 6)} {_n(bx - 6)},{_n(y)}" fill="#ffffff" stroke="{INK}" '
                'stroke-width="1.5"/>'
            )
        if m.forecast_on:
            out.append(f'<circle cx="{_n(x_of(m.forecast_on))}" cy="{_n(y)}" r="5" fill="{INK}"/>')
        if m.actual_on:
            ax = x_of(m.actual_on)
            out.append(
                f'<path d="M{_n(ax - 5)},{_n(y)} l4,5 l7,-10" fill="none" stroke="#00703c" '
                'stroke-width="3"/>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


def confidence_trend_svg(lead_updates, *, chart_id: str) -> SafeString:
    """The lead's monthly rating, oldest to newest: green at the top, red at the bottom,
    each point lettered G, A or R."""
    updates = sorted(lead_updates, key=lambda u: u.month)
    width, left, top, step = 420, 60, 16, 44
    height = top + 2 * 36 + 40
    width = max(width, left + step * len(updates) + 20)
    desc = ", ".join(f"{u.month:%B %Y}: {u.get_rating_display()}" for u in updates) or (
        "No ratings yet."
    )
    out = _open(chart_id, width, height, "Delivery confidence by month", desc)

    def y_of(rating: str) -> float:
        return top + (2 - RATING_LEVEL[rating]) * 36 + 8

    for rating, label in ((Rating.GREEN, "Green"), (Rating.AMBER, "Amber"), (Rating.RED, "Red")):
        y = y_of(rating)
        out.append(_text(left - 10, y + 4, label, size=11, anchor="end", fill=GREY))
        out.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{width - 10}" y2="{_n(y)}" stroke="#b1b4b6" '
            'stroke-dasharray="2 3"/>'
        )
    points = [(left + step * i + step / 2, y_of(u.rating)) for i, u in enumerate(updates)]
    if len(points) > 1:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{GREY}" stroke-width="2"/>')
    for (x, y), u in zip(points, updates, strict=True):
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="9" fill="{RATING_COLOUR[u.rating]}"/>')
        out.append(
            _text(
                x,
                y + 4,
                RATING_LETTER[u.rating],
                size=10,
                anchor="middle",
                fill="#ffffff",
                weight="bold",
            )
        )
        out.append(_text(x, height - 14, f"{u.month:%b %y}", size=10, anchor="middle", fill=GREY))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
