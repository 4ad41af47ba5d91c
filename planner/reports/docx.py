"""The board paper as a Word document, converted from the version's frozen HTML snapshot.

Authorities paste the paper into their own templates, so the copy carries structure rather
than looks: Word's own heading, list, caption and table styles, which a template restyles.
The converter is driven by the snapshot's markup contract, not by its section names:

- `h1`–`h6` become Heading 1–6, in document order; `p` a paragraph; `strong`/`b`, `em`/`i`,
  `sup`, `sub` formatted runs; `br` a line break; `a` its text (a real hyperlink when it
  points outside the paper);
- `ul` a bulleted list, `ol` a numbered list (Word's "List Number" style and numbering,
  restarted for each list at its `start`, so a recommendation keeps its number);
- `dl` a two-column table of terms and descriptions;
- `table` a Word table: its `caption` a Caption paragraph before it, `thead` rows repeated
  on every page, `tfoot` rows kept and bold, `th` bold, colspan and rowspan merged,
  cells marked numeric right-aligned;
- `svg` (in a `figure` or not) the chart rasterised to PNG with Cairo, with its title and
  description as the picture's alternative text; `figcaption` a Caption paragraph;
- `nav class="toc"` a Word table-of-contents field whose shown entries are the nav's links
  (Word refreshes them with page numbers when the field is updated);
- the running marking in the header and footer of every page is the text of
  `.cover-marking`, as in the print stylesheet;
- `<title>` and the `author`, `description`, `keywords` and `dcterms.created` metas become
  the document's core properties; `<html lang>` its language; the page is A4.

Any other element keeps its text. The same snapshot always gives the same bytes (fixed
timestamps inside the package), so a Word copy can be checked against its hash.
"""

import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

# Rasterising charts: enough pixels for 200 dpi at the size the chart is printed (a wide
# chart is shrunk to the text width), and never more than 2 per CSS pixel: sharp in print
# without making the file, or the build, heavy.
CHART_DPI = 200
CHART_MAX_SCALE = 2
# Cairo's drawing and the PNG encoder run outside Python's lock: two threads halve the
# charts' share of the build on a two-core worker.
CHART_THREADS = 2
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
# The same margins as the PDF's @page rule (templates/reports/print.css).
MARGINS_MM = {"top": 24, "right": 18, "bottom": 22, "left": 18}
CSS_PX_PER_INCH = 96
MM_PER_INCH = 25.4
TEXT_WIDTH_INCHES = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) / MM_PER_INCH
TOC_INSTRUCTION = ' TOC \\o "1-4" \\h \\z \\u '

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
SKIPPED = {"script", "style", "template", "noscript", "head"}
BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "svg", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "#root",
}  # fmt: skip
# A start tag that ends the open element of the same family (HTML's implied end tags).
CLOSES = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "thead": {"thead", "tbody", "tfoot", "tr", "td", "th"},
    "tbody": {"thead", "tbody", "tfoot", "tr", "td", "th"},
    "tfoot": {"thead", "tbody", "tfoot", "tr", "td", "th"},
}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# Characters XML 1.0 cannot hold (control characters, noncharacters, lone surrogates): user
# text pasted from elsewhere can carry them, and Word's files are XML.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXTERNAL_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
LINK_COLOUR_HEX = "1D70B8"  # GOV.UK link blue


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportDocxError(Exception):
    """The Word copy could not be made; the message says which part and why."""


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)
    # An inline SVG's own markup, exactly as written (its case-sensitive names intact).
    source: str = ""
    # An SVG's <title> and <desc>: the picture's alternative text.
    label: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def find_all(self, tag: str, class_: str | None = None):
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and (class_ is None or class_ in child.classes):
                    yield child
                yield from child.find_all(tag, class_)


class _TreeBuilder(HTMLParser):
    """A small, forgiving tree of the snapshot (the standard library's tokenizer).

    An inline <svg> is kept as its source text, sliced from the input, because the
    tokenizer lower-cases names that SVG needs in their case (viewBox).
    """

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0]
        for match in re.finditer("\n", html):
            self.line_starts.append(match.end())
        self.root = Element("#root")
        self.stack = [self.root]
        self.skip_depth = 0
        self.svg: Element | None = None
        self.svg_start = 0
        self.svg_depth = 0
        self.svg_label_tag: str | None = None
        self.svg_label: dict[str, list[str]] = {}
        self.in_title = False
        self.title: list[str] = []
        self.metas: list[tuple[str, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.svg is not None:
            if tag == "svg":
                self.svg_depth += 1
            elif self.svg_depth == 1 and tag in ("title", "desc"):
                self.svg_label_tag = tag
            return
        if self.skip_depth or tag in SKIPPED:
            self.skip_depth += tag in SKIPPED
            self._head(tag, dict(attrs))
            return
        attributes = {name: value or "" for name, value in attrs}
        closes = CLOSES.get(tag, set())
        if tag in BLOCK and self.stack[-1].tag == "p":
            self.stack.pop()  # a paragraph never holds a block: HTML closes it here
        if closes and self.stack[-1].tag in closes:
            while self.stack[-1].tag in closes and len(self.stack) > 1:
                self.stack.pop()
        element = Element(tag, attributes)
        self.stack[-1].children.append(element)
        if tag == "svg":
            self.svg, self.svg_start, self.svg_depth = element, self._offset(), 1
            self.svg_label = {"title": [], "desc": []}
        elif tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        # <x/>: an element with nothing in it (in an SVG, nothing to track).
        if self.svg is not None:
            return
        self.handle_starttag(tag, attrs)
        if not self.skip_depth and tag not in VOID and tag != "svg" and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if self.svg is not None:
            if tag in ("title", "desc"):
                self.svg_label_tag = None
            if tag == "svg":
                self.svg_depth -= 1
                if not self.svg_depth:
                    end = self.html.index(">", self._offset()) + 1
                    self.svg.source = self.html[self.svg_start : end]
                    label = [" ".join(self.svg_label[k]).strip() for k in ("title", "desc")]
                    self.svg.label = WHITESPACE.sub(" ", ". ".join(p for p in label if p))
                    self.svg = None
            return
        if self.skip_depth:
            self.skip_depth -= tag in SKIPPED
            self.in_title = self.in_title and tag != "title"
            return
        if any(element.tag == tag for element in self.stack[1:]):
            while self.stack[-1].tag != tag:
                self.stack.pop()
            self.stack.pop()

    def handle_data(self, data):
        if self.svg is not None:
            if self.svg_label_tag:
                self.svg_label[self.svg_label_tag].append(data)
            return
        if self.skip_depth:
            if self.in_title:
                self.title.append(data)
            return
        self.stack[-1].children.append(data)

    # The head is not content, but its title and metas are the document's properties.
    def _head(self, tag, attrs):
        if tag == "meta" and attrs.get("name"):
            self.metas.append((attrs["name"].lower(), attrs.get("content") or ""))
        elif tag == "title":
            self.in_title = True


@dataclass
class _Snapshot:
    body: Element
    title: str
    metas: dict[str, list[str]]
    lang: str


def _parse(html: str) -> _Snapshot:
    builder = _TreeBuilder(html)
    builder.feed(html)
    builder.close()
    root = builder.root
    html_element = next((e for e in root.children if _is(e, "html")), root)
    body = next((e for e in _descendants(root) if e.tag == "body"), root)
    metas: dict[str, list[str]] = {}
    for name, content in builder.metas:
        metas.setdefault(name, []).append(content)
    return _Snapshot(
        body=body,
        title=WHITESPACE.sub(" ", "".join(builder.title)).strip(),
        metas=metas,
        lang=html_element.attrs.get("lang", ""),
    )


def _rasterise(svg: Element) -> bytes:
    """The chart as a PNG on white (Word pages are white; no alpha keeps it small)."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface
    from PIL import Image

    source = svg.source
    width_px = _chart_width_px(svg)
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
        # Cairo's own PNG writer compresses hard and slowly; Pillow's fast level is a
        # third of the time for a file a sixth larger.
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


def _chart_width_px(svg: Element) -> float | None:
    """The chart's width in CSS pixels: its width attribute, else its viewBox's."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", svg.attrs.get("width", ""))
    if match:
        return float(match.group(1))
    match = re.fullmatch(
        r"\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+[0-9.]+\s*", svg.attrs.get("viewbox", "")
    )
    return float(match.group(1)) if match else None


class _Flow:
    """Where blocks go: the document's body or a table cell (whose first, empty paragraph
    is used before any is added, so a cell does not open with a blank line)."""

    def __init__(self, container, style_ids: dict[str, str], *, in_cell=False):
        self.container = container
        self.style_ids = style_ids
        self.in_cell = in_cell
        self._first = container.paragraphs[0] if in_cell else None

    def paragraph(self, style=None):
        if self._first is not None:
            paragraph, self._first = self._first, None
        else:
            paragraph = self.container.add_paragraph()
        if style is not None:
            # By id, looked up once per document: python-docx's lookup by name reads every
            # style each time, which was a third of the build of a large paper.
            paragraph._p.get_or_add_pPr().style = self.style_ids[style]
        return paragraph

    def cell(self, cell):
        return _Flow(cell, self.style_ids, in_cell=True)

    def table(self, rows, cols):
        self._first = None
        return self.container.add_table(rows=rows, cols=cols)


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    subscript: bool = False
    monospace: bool = False

    def but(self, **changes) -> "_Format":
        return _Format(**{**self.__dict__, **changes})


INLINE_FORMAT = {
    "strong": {"bold": True},
    "b": {"bold": True},
    "th": {"bold": True},
    "em": {"italic": True},
    "i": {"italic": True},
    "cite": {"italic": True},
    "sup": {"superscript": True},
    "sub": {"subscript": True},
    "code": {"monospace": True},
    "kbd": {"monospace": True},
    "samp": {"monospace": True},
}


class _Converter:
    def __init__(self, snapshot: _Snapshot, pictures: dict[int, bytes]):
        import docx
        from docx.shared import Mm

        self.snapshot = snapshot
        self.pictures = pictures
        self.document = docx.Document()
        self.style_ids = {style.name: style.style_id for style in self.document.styles}
        self.styles = set(self.style_ids)
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        self.text_width = section.page_width - section.left_margin - section.right_margin

    # Blocks ------------------------------------------------------------------------------

    def blocks(self, flow: _Flow, children, fmt=_Format(), level=0):
        """Write a run of children as blocks: consecutive inline children and text make one
        paragraph; block elements are written by their own rule."""
        pending: list = []
        for child in children:
            if isinstance(child, Element) and child.tag in BLOCK:
                self._paragraph_of(flow, pending, fmt)
                pending = []
                self.block(flow, child, fmt, level)
            else:
                pending.append(child)
        self._paragraph_of(flow, pending, fmt)

    def _paragraph_of(self, flow, inline, fmt, style=None):
        if not any(_has_content(child) for child in inline):
            return None
        paragraph = flow.paragraph(style)
        self.inline(paragraph, inline, fmt)
        return paragraph

    def block(self, flow: _Flow, element: Element, fmt: _Format, level: int):
        tag = element.tag
        if tag in HEADINGS:
            if flow.in_cell:
                self._paragraph_of(flow, element.children, fmt.but(bold=True))
            else:
                style = f"Heading {HEADINGS[tag]}"
                paragraph = flow.paragraph(style)
                self.inline(paragraph, element.children, fmt)
        elif tag in ("p", "dt", "dd", "figcaption", "caption", "pre"):
            style = "Caption" if tag in ("figcaption", "caption") else None
            self._paragraph_of(flow, [c for c in element.children if not _is_block(c)], fmt, style)
            self.blocks(flow, [c for c in element.children if _is_block(c)], fmt, level)
        elif tag in ("ul", "ol"):
            self.list(flow, element, fmt, level)
        elif tag == "dl":
            self.definitions(flow, element, fmt)
        elif tag == "table":
            self.table(flow, element, fmt)
        elif tag == "svg":
            self.picture(flow, element)
        elif tag == "nav" and "toc" in element.classes and not flow.in_cell:
            self.contents(flow, element)
        elif tag == "hr":
            return
        else:
            # Containers (section, div, figure, ...) and anything unknown keep their text.
            self.blocks(flow, element.children, fmt, level)

    def list(self, flow: _Flow, element: Element, fmt: _Format, level: int):
        numbered = element.tag == "ol"
        base = "List Number" if numbered else "List Bullet"
        style = base if level == 0 else f"{base} {min(level + 1, 3)}"
        num_id = None
        if numbered:
            items = [c for c in element.children if isinstance(c, Element) and c.tag == "li"]
            start = element.attrs.get("start") or (items[0].attrs.get("value") if items else "")
            num_id = self._restarted_numbering(style, int(start) if start.isdigit() else 1)
        for child in element.children:
            if not isinstance(child, Element):
                continue  # whitespace between items
            if child.tag != "li":
                self.block(flow, child, fmt, level)
                continue
            inline = [c for c in child.children if not _is_block(c)]
            blocks = [c for c in child.children if _is_block(c)]
            # An item written as <li><p>…</p></li> numbers its first paragraph.
            if not any(_has_content(c) for c in inline) and blocks and blocks[0].tag == "p":
                inline, blocks = blocks[0].children, blocks[1:]
            paragraph = flow.paragraph(style)
            self.inline(paragraph, inline, fmt)
            if num_id is not None:
                _set_numbering(paragraph, num_id)
            for block in blocks:
                if block.tag in ("ul", "ol"):
                    self.list(flow, block, fmt, level + 1)
                else:
                    continued = _StyledFlow(flow, f"List Continue{_suffix(level)}")
                    self.block(continued, block, fmt, level + 1)

    def _restarted_numbering(self, style: str, start: int) -> str | None:
        """A new Word list (w:num) on the style's numbering, starting at `start`, so each
        <ol> counts from its own start instead of carrying on from the one before."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        style_element = self.document.styles[style].element
        style_num = style_element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if style_num is None:
            return None
        numbering = self.document.part.numbering_part.element
        abstract = None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == style_num.get(qn("w:val")):
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if abstract is None:
            return None
        taken = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        num_id = str(max(taken) + 1)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), num_id)
        abstract_ref = OxmlElement("w:abstractNumId")
        abstract_ref.set(qn("w:val"), abstract)
        num.append(abstract_ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_override = OxmlElement("w:startOverride")
        start_override.set(qn("w:val"), str(start))
        override.append(start_override)
        num.append(override)
        numbering.append(num)
        return num_id

    def definitions(self, flow: _Flow, element: Element, fmt: _Format):
        """Terms and descriptions as a two-column table, a term's descriptions together."""
        rows: list[tuple[Element | None, list[Element]]] = []
        for item in _flatten(element, {"div"}):
            if item.tag == "dt":
                rows.append((item, []))
            elif item.tag == "dd":
                if not rows:
                    rows.append((None, []))
                rows[-1][1].append(item)
        if not rows:
            return
        table = flow.table(len(rows), 2)
        self._style_table(table)
        for (term, descriptions), row in zip(rows, table.rows, strict=True):
            term_cell, description_cell = row.cells
            if term is not None:
                self.blocks(flow.cell(term_cell), term.children, fmt.but(bold=True))
            cell_flow = flow.cell(description_cell)
            for description in descriptions:
                self.blocks(cell_flow, description.children, fmt)
            _keep_row_together(row)

    def table(self, flow: _Flow, element: Element, fmt: _Format):
        """A table, cell for cell (spans merged), its caption before it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        caption = next((c for c in element.children if _is(c, "caption")), None)
        if caption is not None and caption.text().strip():
            self._paragraph_of(flow, caption.children, fmt, "Caption")
        rows: list[tuple[str, Element]] = []
        for child in element.children:
            if _is(child, "tr"):
                rows.append(("tbody", child))
            elif isinstance(child, Element) and child.tag in ("thead", "tbody", "tfoot"):
                rows.extend((child.tag, tr) for tr in child.children if _is(tr, "tr"))
        # HTML puts <tfoot> where it likes; the paper shows it last.
        rows.sort(key=lambda row: {"thead": 0, "tbody": 1, "tfoot": 2}[row[0]])
        if not rows:
            return
        placed, width = _grid(rows)
        table = flow.table(len(rows), width)
        self._style_table(table)
        cells = [row.cells for row in table.rows]
        for r, c, rowspan, colspan, _cell in placed:
            if rowspan > 1 or colspan > 1:
                cells[r][c].merge(cells[r + rowspan - 1][c + colspan - 1])
        for r, c, _rowspan, _colspan, cell in placed:
            part = rows[r][0]
            cell_fmt = fmt.but(bold=True) if part in ("thead", "tfoot") else fmt
            if cell.tag == "th":
                cell_fmt = cell_fmt.but(bold=True)
            target = cells[r][c]
            self.blocks(flow.cell(target), cell.children, cell_fmt)
            if any("numeric" in name for name in cell.classes):
                for paragraph in target.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for (part, _tr), row in zip(rows, table.rows, strict=True):
            _keep_row_together(row)
            if part == "thead":
                _repeat_as_header(row)

    def _style_table(self, table):
        if "Table Grid" in self.styles:
            table._tbl.tblPr.style = self.style_ids["Table Grid"]

    def picture(self, flow, svg: Element, *, centred=True):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches

        png = self.pictures[id(svg)]
        width_px = _chart_width_px(svg)
        width = Inches(width_px / CSS_PX_PER_INCH) if width_px else self.text_width
        paragraph = flow.paragraph()
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=min(width, self.text_width))
        # The chart's own title and description: what a screen reader says for it.
        shape._inline.docPr.set("descr", svg.label or "Chart")

    def contents(self, flow: _Flow, nav: Element):
        """The nav's heading, then a TOC field showing the nav's entries until Word updates
        it with page numbers (F9, or "Update table")."""
        from docx.shared import Mm

        heading = next((h for h in _descendants(nav) if h.tag in HEADINGS), None)
        title = heading.text().strip() if heading is not None else "Contents"
        style = "TOC Heading" if "TOC Heading" in self.styles else "Heading 1"
        flow.paragraph(style).add_run(WHITESPACE.sub(" ", title))
        entries = list(_toc_entries(nav))
        if not entries:
            entries = [(0, "Update this field to list the contents.")]
        paragraphs = []
        for depth, text in entries:
            paragraph = flow.paragraph()
            paragraph.paragraph_format.left_indent = Mm(6 * depth)
            paragraph.paragraph_format.space_after = Mm(1)
            paragraphs.append((paragraph, text))
        first, last = paragraphs[0][0], paragraphs[-1][0]
        _field_char(first, "begin")
        _instruction(first, TOC_INSTRUCTION)
        _field_char(first, "separate")
        for paragraph, text in paragraphs:
            paragraph.add_run(text)
        _field_char(last, "end")

    # Inline ------------------------------------------------------------------------------

    def inline(self, paragraph, children, fmt: _Format):
        state = {"space": True}  # collapse white space across runs, as HTML does
        self._inline(paragraph, paragraph, children, fmt, state)
        # Trailing space at the end of a paragraph is not shown in HTML either.
        if paragraph.runs and paragraph.runs[-1].text.endswith(" "):
            paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(" ")

    def _inline(self, paragraph, target, children, fmt, state):
        for child in children:
            if isinstance(child, str):
                text = WHITESPACE.sub(" ", child)
                if state["space"]:
                    text = text.lstrip(" ")
                if text:
                    self._run(target, text, fmt)
                    state["space"] = text.endswith(" ")
            elif child.tag == "br":
                run = target.add_run()
                run.add_break()
                state["space"] = True
            elif child.tag == "svg":
                self.picture(_SingleParagraph(paragraph), child, centred=False)
            elif child.tag == "img":
                alt = child.attrs.get("alt", "").strip()
                if alt:
                    self._run(target, f"[{alt}]", fmt.but(italic=True))
                    state["space"] = False
            elif child.tag == "a" and EXTERNAL_LINK.match(child.attrs.get("href", "")):
                link = _hyperlink(paragraph, child.attrs["href"])
                self._inline(paragraph, link, child.children, fmt, state)
            else:
                changes = INLINE_FORMAT.get(child.tag, {})
                self._inline(paragraph, target, child.children, fmt.but(**changes), state)

    @staticmethod
    def _run(target, text: str, fmt: _Format):
        run = target.add_run(text)
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.superscript:
            run.font.superscript = True
        if fmt.subscript:
            run.font.subscript = True
        if fmt.monospace:
            run.font.name = "Courier New"
        return run

    # The whole document ------------------------------------------------------------------

    def convert(self):
        self.blocks(_Flow(self.document, self.style_ids), self.snapshot.body.children)
        self._running_marking()
        self._properties()
        return self.document

    def _running_marking(self):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        body = self.snapshot.body
        marking = next((e for e in _descendants(body) if "cover-marking" in e.classes), None)
        section = self.document.sections[0]
        text = WHITESPACE.sub(" ", marking.text()).strip() if marking is not None else ""
        header = section.header.paragraphs[0]
        footer = section.footer.paragraphs[0]
        for paragraph in (header, footer):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                paragraph.add_run(text).bold = True
        pages = section.footer.add_paragraph()
        pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pages.add_run("Page ")
        _simple_field(pages, "PAGE")
        pages.add_run(" of ")
        _simple_field(pages, "NUMPAGES")

    def _properties(self):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        properties = self.document.core_properties
        metas = self.snapshot.metas
        properties.title = self.snapshot.title
        author = "; ".join(metas.get("author", []))
        properties.author = author
        properties.last_modified_by = author
        properties.subject = " ".join(metas.get("description", []))
        properties.keywords = "; ".join(metas.get("keywords", []))
        properties.comments = ""
        properties.revision = 1
        created = _datetime(metas.get("dcterms.created", [""])[0])
        if created is not None:
            properties.created = properties.modified = created
        lang = self.snapshot.lang
        if lang:
            properties.language = lang
            defaults = self.document.styles.element.find(qn("w:docDefaults"))
            run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            language = run_defaults.find(qn("w:lang"))
            if language is None:
                language = OxmlElement("w:lang")
                run_defaults.append(language)
            language.set(qn("w:val"), lang)


class _SingleParagraph:
    """A flow that is one paragraph already open (a chart inside running text)."""

    in_cell = False

    def __init__(self, paragraph):
        self._paragraph = paragraph

    def paragraph(self, style=None):
        return self._paragraph


class _StyledFlow:
    """The same flow, its unstyled paragraphs in `style` (a list item's later paragraphs
    stay indented under it)."""

    def __init__(self, flow, style: str):
        self.flow, self.style, self.in_cell = flow, style, flow.in_cell

    def paragraph(self, style=None):
        return self.flow.paragraph(style or self.style)

    def table(self, rows, cols):
        return self.flow.table(rows, cols)

    def cell(self, cell):
        return self.flow.cell(cell)


def _suffix(level: int) -> str:
    return "" if level == 0 else f" {min(level + 1, 3)}"


def _is(node, tag: str) -> bool:
    return isinstance(node, Element) and node.tag == tag


def _is_block(node) -> bool:
    return isinstance(node, Element) and node.tag in BLOCK


def _has_content(node) -> bool:
    if isinstance(node, str):
        return bool(node.strip())
    return node.tag in ("br", "svg", "img") or any(_has_content(c) for c in node.children)


def _descendants(element: Element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from _descendants(child)


def _flatten(element: Element, wrappers: set[str]):
    """The element's children, with wrapper elements (a summary list's rows) opened up."""
    for child in element.children:
        if isinstance(child, Element):
            if child.tag in wrappers:
                yield from _flatten(child, wrappers)
            else:
                yield child


def _toc_entries(nav: Element, depth: int = 0):
    for child in nav.children:
        if not isinstance(child, Element) or child.tag in HEADINGS:
            continue
        if child.tag == "li":
            own = [c for c in child.children if not _is(c, "ol") and not _is(c, "ul")]
            text = WHITESPACE.sub(" ", "".join(_text(c) for c in own)).strip()
            if text:
                yield depth, text
            for sub in child.children:
                if _is(sub, "ol") or _is(sub, "ul"):
                    yield from _toc_entries(sub, depth + 1)
        else:
            yield from _toc_entries(child, depth)


def _text(node) -> str:
    return node if isinstance(node, str) else node.text()


def _grid(rows):
    """Place each cell on the table's grid, as HTML does with rowspan and colspan.

    Returns the cells as (row, column, rowspan, colspan, element) and the grid's width.
    """
    taken: set[tuple[int, int]] = set()
    placed = []
    count = len(rows)
    for r, (_part, tr) in enumerate(rows):
        c = 0
        for cell in tr.children:
            if not isinstance(cell, Element) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            colspan = _span(cell.attrs.get("colspan"))
            rowspan = min(_span(cell.attrs.get("rowspan")), count - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            placed.append((r, c, rowspan, colspan, cell))
            c += colspan
    width = max((c for _r, c in taken), default=-1) + 1
    # A row shorter than the widest one leaves its last cells empty, as a browser does.
    return placed, max(width, 1)


def _span(value) -> int:
    try:
        return max(1, min(int(value), 100))
    except (TypeError, ValueError):
        return 1


def _set_numbering(paragraph, num_id: str):
    """The paragraph counts in list `num_id` (its style alone would share one count)."""
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = int(num_id)


def _keep_row_together(row):
    """A row is never split across two pages (python-docx has no public setting for it)."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row):
    """The header row is repeated at the top of every page the table runs on."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _field_char(paragraph, kind: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _instruction(paragraph, text: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    run._r.append(instruction)


def _simple_field(paragraph, code: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


class _Hyperlink:
    """Runs added inside a w:hyperlink, so the link's text keeps its formatting."""

    def __init__(self, paragraph, element):
        self.paragraph = paragraph
        self.element = element

    def add_run(self, text=""):
        from docx.shared import RGBColor
        from docx.text.run import Run

        run = self.paragraph.add_run(text)
        self.element.append(run._r)  # moves the run inside the link
        # The default template has no Hyperlink style: underlined, in the link colour.
        run.font.underline = True
        run.font.color.rgb = RGBColor.from_string(LINK_COLOUR_HEX)
        return Run(run._r, self.paragraph)


def _hyperlink(paragraph, url: str) -> _Hyperlink:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, HYPERLINK_REL, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    paragraph._p.append(link)
    return _Hyperlink(paragraph, link)


def _datetime(value: str) -> datetime | None:
    """A naive UTC time, as python-docx writes core properties (it adds a Z)."""
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


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
    snapshot = _parse(NOT_IN_XML.sub("", html))
    charts = [e for e in _descendants(snapshot.body) if e.tag == "svg" and e.source]
    by_source: dict[str, bytes] = {}
    unique = list({chart.source: chart for chart in charts}.values())
    with ThreadPoolExecutor(max_workers=CHART_THREADS) as pool:
        for chart, png in zip(unique, pool.map(_rasterise, unique), strict=True):
            by_source[chart.source] = png
    pictures = {id(chart): by_source[chart.source] for chart in charts}
    document = _Converter(snapshot, pictures).convert()
    out = io.BytesIO()
    document.save(out)
    return _fixed_timestamps(out.getvalue(), document.core_properties.created)


def docx_write(html: str, target: Path) -> None:
    """Write the Word copy of a snapshot to `target`."""
    target.write_bytes(docx_from_html(html))
