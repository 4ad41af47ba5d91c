"""Word features python-docx has no public API for, written as their WordprocessingML.

Each is a small, standard element (ECMA-376 Part 1): a list's numbering, a row kept on
one page or repeated as the header, a field, an external hyperlink.
"""

import re

EXTERNAL_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
LINK_COLOUR_HEX = "1D70B8"  # GOV.UK link blue


def set_numbering(paragraph, num_id: str):
    """The paragraph counts in list `num_id` (its style alone would share one count)."""
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = int(num_id)


def keep_row_together(row):
    """A row is never split across two pages (python-docx has no public setting for it)."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_as_header(row):
    """The header row is repeated at the top of every page the table runs on."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def field_char(paragraph, kind: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def instruction(paragraph, text: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    run._r.append(instruction)


def simple_field(paragraph, code: str):
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


def hyperlink(paragraph, url: str) -> _Hyperlink:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, HYPERLINK_REL, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    paragraph._p.append(link)
    return _Hyperlink(paragraph, link)
