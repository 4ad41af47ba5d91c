"""Writing the tree as a Word document, block by block, by the markup contract (see the
package's docstring)."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from planner.reports.docx.charts import chart_width_px
from planner.reports.docx.ooxml import (
    EXTERNAL_LINK,
    field_char,
    hyperlink,
    instruction,
    keep_row_together,
    repeat_as_header,
    set_numbering,
    simple_field,
)
from planner.reports.docx.page import CSS_PX_PER_INCH, MARGINS_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM
from planner.reports.docx.tree import (
    BLOCK,
    HEADINGS,
    WHITESPACE,
    Element,
    Snapshot,
    descendants,
    flatten,
    has_content,
    is_block,
    is_tag,
    text_of,
)

TOC_INSTRUCTION = ' TOC \\o "1-4" \\h \\z \\u '


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


class Converter:
    def __init__(self, snapshot: Snapshot, pictures: dict[int, bytes]):
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
        if not any(has_content(child) for child in inline):
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
            self._paragraph_of(flow, [c for c in element.children if not is_block(c)], fmt, style)
            self.blocks(flow, [c for c in element.children if is_block(c)], fmt, level)
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
            inline = [c for c in child.children if not is_block(c)]
            blocks = [c for c in child.children if is_block(c)]
            # An item written as <li><p>…</p></li> numbers its first paragraph.
            if not any(has_content(c) for c in inline) and blocks and blocks[0].tag == "p":
                inline, blocks = blocks[0].children, blocks[1:]
            if num_id is not None:
                inline = _without_number_marker(inline)
            paragraph = flow.paragraph(style)
            self.inline(paragraph, inline, fmt)
            if num_id is not None:
                set_numbering(paragraph, num_id)
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
        for item in flatten(element, {"div"}):
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
            keep_row_together(row)

    def table(self, flow: _Flow, element: Element, fmt: _Format):
        """A table, cell for cell (spans merged), its caption before it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        caption = next((c for c in element.children if is_tag(c, "caption")), None)
        if caption is not None and caption.text().strip():
            self._paragraph_of(flow, caption.children, fmt, "Caption")
        rows: list[tuple[str, Element]] = []
        for child in element.children:
            if is_tag(child, "tr"):
                rows.append(("tbody", child))
            elif isinstance(child, Element) and child.tag in ("thead", "tbody", "tfoot"):
                rows.extend((child.tag, tr) for tr in child.children if is_tag(tr, "tr"))
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
            part, tr = rows[r]
            # Header and footer rows, and a row marked as a total, are bold as printed.
            bold = part in ("thead", "tfoot") or "total" in tr.classes
            cell_fmt = fmt.but(bold=True) if bold else fmt
            if cell.tag == "th":
                cell_fmt = cell_fmt.but(bold=True)
            target = cells[r][c]
            self.blocks(flow.cell(target), cell.children, cell_fmt)
            # GOV.UK marks figures govuk-table__cell--numeric; the finance tables "num".
            if any(name == "num" or "numeric" in name for name in cell.classes):
                for paragraph in target.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for (part, _tr), row in zip(rows, table.rows, strict=True):
            keep_row_together(row)
            if part == "thead":
                repeat_as_header(row)

    def _style_table(self, table):
        if "Table Grid" in self.styles:
            table._tbl.tblPr.style = self.style_ids["Table Grid"]

    def picture(self, flow, svg: Element, *, centred=True):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches

        png = self.pictures[id(svg)]
        width_px = chart_width_px(svg)
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

        heading = next((h for h in descendants(nav) if h.tag in HEADINGS), None)
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
        field_char(first, "begin")
        instruction(first, TOC_INSTRUCTION)
        field_char(first, "separate")
        for paragraph, text in paragraphs:
            paragraph.add_run(text)
        field_char(last, "end")

    # Inline ------------------------------------------------------------------------------

    def inline(self, paragraph, children, fmt: _Format):
        # White space collapses across runs, as in HTML; `last` is the last text written.
        state = {"space": True, "last": None}
        self._inline(paragraph, paragraph, children, fmt, state)
        # Trailing space at the end of a paragraph is not shown in HTML either.
        last = state["last"]
        if last is not None and state["space"] and last.text.endswith(" "):
            last.text = last.text.rstrip(" ")

    def _inline(self, paragraph, target, children, fmt, state):
        for child in children:
            if isinstance(child, str):
                text = WHITESPACE.sub(" ", child)
                if state["space"]:
                    text = text.lstrip(" ")
                if text:
                    state["last"] = self._run(target, text, fmt)
                    state["space"] = text.endswith(" ")
            elif child.tag == "br":
                run = target.add_run()
                run.add_break()
                state["space"], state["last"] = True, None
            elif child.tag == "svg":
                self.picture(_SingleParagraph(paragraph), child, centred=False)
            elif child.tag == "img":
                alt = child.attrs.get("alt", "").strip()
                if alt:
                    state["last"] = self._run(target, f"[{alt}]", fmt.but(italic=True))
                    state["space"] = False
            elif child.tag == "a" and EXTERNAL_LINK.match(child.attrs.get("href", "")):
                link = hyperlink(paragraph, child.attrs["href"])
                self._inline(paragraph, link, child.children, fmt, state)
            else:
                changes = INLINE_FORMAT.get(child.tag, {})
                self._inline(paragraph, target, child.children, fmt.but(**changes), state)

    @staticmethod
    def _run(target, text: str, fmt: _Format):
        """A run of `text` (white space already collapsed, so no tabs or line breaks);
        returns its w:t. Written straight as w:t: python-docx's text setter first searches
        the new, empty run for content to clear, a third of the whole build."""
        run = target.add_run()
        written = run._r.add_t(text)
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
        return written

    # The whole document ------------------------------------------------------------------

    def convert(self):
        self.blocks(_Flow(self.document, self.style_ids), self.snapshot.body.children)
        self._running_marking()
        self._properties()
        return self.document

    def _running_marking(self):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        body = self.snapshot.body
        marking = next((e for e in descendants(body) if "cover-marking" in e.classes), None)
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
        simple_field(pages, "PAGE")
        pages.add_run(" of ")
        simple_field(pages, "NUMPAGES")

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


def _without_number_marker(children: list) -> list:
    """An item's printed number (an element classed "…number" at its start, as the
    recommendations print theirs so that copied text keeps it) is left to Word's numbering,
    which counts from the same start and shows the same number."""
    for i, child in enumerate(children):
        if isinstance(child, str) and not child.strip():
            continue
        if isinstance(child, Element) and any(name.endswith("number") for name in child.classes):
            return children[:i] + children[i + 1 :]
        break
    return children


def _suffix(level: int) -> str:
    return "" if level == 0 else f" {min(level + 1, 3)}"


def _toc_entries(nav: Element, depth: int = 0):
    for child in nav.children:
        if not isinstance(child, Element) or child.tag in HEADINGS:
            continue
        if child.tag == "li":
            own = [c for c in child.children if not is_tag(c, "ol") and not is_tag(c, "ul")]
            text = WHITESPACE.sub(" ", "".join(text_of(c) for c in own)).strip()
            if text:
                yield depth, text
            for sub in child.children:
                if is_tag(sub, "ol") or is_tag(sub, "ul"):
                    yield from _toc_entries(sub, depth + 1)
        else:
            yield from _toc_entries(child, depth)


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


def _datetime(value: str) -> datetime | None:
    """A naive UTC time, as python-docx writes core properties (it adds a Z)."""
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
