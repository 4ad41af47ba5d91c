"""Building the Word copy's bytes from a snapshot."""

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from planner.reports.docx.charts import rasterise
from planner.reports.docx.tree import NOT_IN_XML, descendants, parse
from planner.reports.docx.writer import Converter

# Cairo's drawing and Pillow's PNG encoder release Python's lock, so two charts at a time
# overlap on a two-core worker (cairosvg's own Python, reading the SVG, does not).
CHART_THREADS = 2
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fixed_timestamps(package: bytes, when: datetime | None) -> bytes:
    """The package again with every member dated `when` (or 1980), so the same snapshot
    gives the same bytes: python-docx dates each member with the time of saving."""
    date_time = when.timetuple()[:6] if when and when.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            # Pictures are PNGs, compressed already; deflating them again buys nothing.
            member.compress_type = (
                zipfile.ZIP_STORED if info.filename.endswith(".png") else zipfile.ZIP_DEFLATED
            )
            target.writestr(member, source.read(info))
    return out.getvalue()


def docx_from_html(html: str) -> bytes:
    """The Word copy of a snapshot, as the bytes of a .docx file.

    Steps:
    1. Parse the snapshot into a small tree (inline SVGs kept as their source).
    2. Rasterise every chart to PNG, two at a time (identical charts once).
    3. Walk the tree, writing Word blocks by the markup contract in this module's docstring.
    4. Set the header and footer, the core properties and the language; save with fixed
       timestamps.
    Raises ReportDocxError for a chart that cannot be drawn.
    """
    snapshot = parse(NOT_IN_XML.sub("", html))
    charts = [e for e in descendants(snapshot.body) if e.tag == "svg" and e.source]
    by_source: dict[str, bytes] = {}
    unique = list({chart.source: chart for chart in charts}.values())
    with ThreadPoolExecutor(max_workers=CHART_THREADS) as pool:
        for chart, png in zip(unique, pool.map(rasterise, unique), strict=True):
            by_source[chart.source] = png
    pictures = {id(chart): by_source[chart.source] for chart in charts}
    document = Converter(snapshot, pictures).convert()
    out = io.BytesIO()
    document.save(out)
    return _fixed_timestamps(out.getvalue(), document.core_properties.created)


def docx_write(html: str, target: Path) -> None:
    """Write the Word copy of a snapshot to `target`."""
    target.write_bytes(docx_from_html(html))
