"""The board paper as a Word document, converted from the version's frozen HTML snapshot.

Authorities paste the paper into their own templates, so the copy carries structure rather
than looks: Word's own heading, list, caption and table styles, which a template restyles.
The converter is driven by the snapshot's markup contract, not by its section names:

- `h1`–`h6` become Heading 1–6, in document order (in a table cell, a bold paragraph);
  `p` a paragraph; `strong`/`b`, `em`/`i`, `sup`, `sub` formatted runs; `br` a line break;
  `a` its text (a real hyperlink when it points outside the paper);
- `ul` a bulleted list, `ol` a numbered list (Word's "List Number" style and numbering,
  restarted for each list at its `start` or its first item's `value`, so a recommendation
  keeps its number; a number printed at the start of an item, in an element classed
  "…number", is left to Word's numbering, which shows the same number);
- `dl` a two-column table of terms and descriptions;
- `table` a Word table: its `caption` a Caption paragraph before it, `thead` rows repeated
  on every page, `tfoot` rows and rows classed "total" bold, `th` bold, colspan and rowspan
  merged, cells classed "num" or "…numeric…" right-aligned, no row split across pages;
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

from planner.reports.docx.build import DOCX_CONTENT_TYPE, docx_from_html, docx_write
from planner.reports.docx.errors import ReportDocxError

__all__ = ["DOCX_CONTENT_TYPE", "ReportDocxError", "docx_from_html", "docx_write"]
