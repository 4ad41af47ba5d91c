"""The snapshot's SVG charts as PNG pictures for Word, drawn with Cairo (cairosvg)."""

import io
import re

from planner.reports.docx.errors import ReportDocxError
from planner.reports.docx.page import CSS_PX_PER_INCH, TEXT_WIDTH_INCHES
from planner.reports.docx.tree import Element

# Rasterising charts: enough pixels for 200 dpi at the size the chart is printed (a wide
# chart is shrunk to the text width), and never more than 2 per CSS pixel: sharp in print
# without making the file, or the build, heavy.
CHART_DPI = 200
CHART_MAX_SCALE = 2


def rasterise(svg: Element) -> bytes:
    """The chart as a PNG on white (Word pages are white; no alpha keeps it small)."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface
    from PIL import Image

    source = svg.source
    width_px = chart_width_px(svg)
    scale = CHART_MAX_SCALE
    if width_px:
        printed_inches = min(width_px / CSS_PX_PER_INCH, TEXT_WIDTH_INCHES)
        scale = min(CHART_MAX_SCALE, CHART_DPI * printed_inches / width_px)
    if "xmlns=" not in source[: source.index(">")]:
        # HTML lets an inline SVG leave out its namespace; the XML parser needs it.
        source = source.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    try:
        surface = PNGSurface(
            Tree(bytestring=source.encode("utf-8")),
            None,
            CSS_PX_PER_INCH,
            scale=scale,
            background_color="white",
        )
        image = surface.cairo
        image.flush()
        # Cairo's own PNG writer compresses hard and slowly; Pillow's level 3 took about
        # 40% less time on the large benchmark paper's charts, for files a sixth larger.
        picture = Image.frombuffer(
            "RGB",
            (image.get_width(), image.get_height()),
            bytes(image.get_data()),
            "raw",
            "BGRX",
            image.get_stride(),
            1,
        )
        surface.finish()
        out = io.BytesIO()
        picture.save(out, format="PNG", compress_level=3)
    except Exception as exc:
        name = svg.label[:80] or "a chart"
        raise ReportDocxError(
            f"The chart “{name}” could not be drawn for the Word copy "
            f"({type(exc).__name__}: {exc})."
        ) from exc
    return out.getvalue()


def chart_width_px(svg: Element) -> float | None:
    """The chart's width in CSS pixels: its width attribute, else its viewBox's."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", svg.attrs.get("width", ""))
    if match:
        return float(match.group(1))
    match = re.fullmatch(
        r"\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+[0-9.]+\s*", svg.attrs.get("viewbox", "")
    )
    return float(match.group(1)) if match else None
