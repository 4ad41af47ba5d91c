"""The board paper as printed: its length and what a reader would notice on the pages.

The large plan is the report benchmark's (8 partners, 60 decisions, every stage assessed,
40 risks, 30 benefits, costs and funding, 10 pinned cases), built once for the module inside
a transaction that is rolled back; its paper goes to a fire and rescue authority, with the
drafted recommendations and every implication stated in a few sentences, as an author would,
and is laid out once by WeasyPrint. The tests read the laid
out pages (`document.pages[i]._page_box`, WeasyPrint's box tree) for where headings and table
rows fall, and the PDF's text (pypdf) for the words.
"""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.db import transaction

from benchmarks.bench_report import build_plan
from planner.access import plan_access_for_user
from planner.models import GoverningBody, GoverningBodyKind
from planner.reports import rendering
from planner.reports.models import IMPLICATION_HEADINGS
from planner.reports.papers import board_paper_implications_save, board_paper_start
from planner.reports.services import report_preview_meta

pytestmark = pytest.mark.django_db

OUTPUT = Path(__file__).resolve().parents[3] / "test-output" / "report"
MAIN_BODY_PAGES = 8
HEADINGS = {"h1", "h2", "h3", "h4", "caption"}
ACT = "Policing and Crime Act 2017"


class Laid:
    """The large plan's paper: its HTML, the WeasyPrint document and the PDF's page texts."""

    def __init__(self, html: str):
        from weasyprint import HTML

        self.html = html
        fetcher = rendering._url_fetcher(rendering.report_stylesheet())
        self.document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=fetcher).render(
            pdf_variant="pdf/ua-1", pdf_tags=True
        )
        self.pdf = self.document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        reader = pypdf.PdfReader(io.BytesIO(self.pdf))
        self.texts = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]

    def walk(self, page_index: int):
        """Every box on the page's main flow (not its margins), in document order, with the
        tags of the elements it lies in and the boxes it lies in."""
        from weasyprint.formatting_structure.boxes import MarginBox, ParentBox

        def visit(box, tags, boxes):
            tags = (*tags, box.element_tag) if box.element_tag else tags
            yield box, tags, boxes
            if isinstance(box, ParentBox):
                for child in box.children:
                    yield from visit(child, tags, (*boxes, box))

        for child in self.document.pages[page_index]._page_box.children:
            if not isinstance(child, MarginBox):
                yield from visit(child, (), ())

    def page_of_id(self, element_id: str) -> int:
        for index in range(len(self.document.pages)):
            for box, _, _ in self.walk(index):
                if box.element is not None and box.element.get("id") == element_id:
                    return index
        raise AssertionError(f"Nothing with id {element_id!r} is on any page")


@pytest.fixture(scope="module")
def large(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        plan, people, _ = build_plan()
        body = GoverningBody.objects.create(
            name="Benchshire Fire and Rescue Authority", kind=GoverningBodyKind.FIRE_AUTHORITY
        )
        body.organisations.add(people[1].organisation)
        access = plan_access_for_user(people[0], plan.pk)
        paper = board_paper_start(access=access, body_id=body.pk)
        stated = (
            "The hub changes how this is done for every partner; the partners have agreed how. "
        )
        paper = board_paper_implications_save(
            access=access,
            paper_id=paper.pk,
            implications={key: {"text": stated * 3} for key in IMPLICATION_HEADINGS},
        )
        meta = report_preview_meta(access, marking="OFFICIAL", purpose="decision", paper=paper)
        html = rendering.report_document_html(plan, meta)
        transaction.set_rollback(True)
    return Laid(html)


def test_the_main_body_of_the_large_plan_fits_in_eight_pages(large):
    first_appendix = large.page_of_id("case-appendix")
    assert first_appendix <= MAIN_BODY_PAGES, f"The appendices start on page {first_appendix + 1}"
    assert "Appendices" in large.texts[first_appendix]
    assert re.search(r"Appendix A: \w", large.texts[first_appendix])
    # The PNGs a reviewer looks at: the main body, page by page.
    if shutil.which("pdftoppm"):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        for old in OUTPUT.glob("large-plan-page-*.png"):
            old.unlink()
        pdf = OUTPUT / "large-plan.pdf"
        pdf.write_bytes(large.pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(first_appendix + 1)]
            + [str(pdf), str(OUTPUT / "large-plan-page")],
            check=True,
            timeout=120,
        )


def test_every_appendix_heading_has_its_letter_in_order(large):
    text = " ".join(large.texts[large.page_of_id("case-appendix") :])
    letters = re.findall(r"Appendix ([A-Z]): ", text)
    assert letters[: len(set(letters))] == [chr(ord("A") + i) for i in range(len(set(letters)))]
    for title in ("Joint risk register", "Benefit register", "Document control"):
        assert re.search(rf"Appendix [A-Z]: {title}", text), title


def test_no_page_ends_with_a_heading_or_a_caption(large):
    stranded = []
    for index in range(len(large.document.pages) - 1):
        from weasyprint.formatting_structure.boxes import LineBox

        lines = [tags for box, tags, _ in large.walk(index) if isinstance(box, LineBox)]
        if lines and HEADINGS & set(lines[-1]):
            stranded.append(index + 1)
    assert stranded == [], f"A heading is the last line of page(s) {stranded}"


def test_no_table_is_split_leaving_fewer_than_three_rows_on_a_page(large):
    """Counted by table: the body rows of each table on each page (repeated headers are not
    rows of the table's body)."""
    from weasyprint.formatting_structure.boxes import TableBox, TableRowBox, TextBox

    pages_of: dict[int, list[int]] = {}
    captions: dict[int, str] = {}
    for index in range(len(large.document.pages)):
        on_page: dict[int, int] = {}
        for box, tags, boxes in large.walk(index):
            tables = [b for b in boxes if isinstance(b, TableBox)]
            if not tables:
                continue
            table = id(tables[-1].element)
            if isinstance(box, TextBox) and "caption" in tags and table not in on_page:
                captions[table] = captions.get(table, "") + box.text
            if isinstance(box, TableRowBox) and tags[-2:-1] == ("tbody",):
                on_page[table] = on_page.get(table, 0) + 1
        for table, rows in on_page.items():
            pages_of.setdefault(table, []).append(rows)
    assert any(len(rows) > 1 for rows in pages_of.values()), "no long table to check"
    fragments = {
        captions.get(table, "?"): rows
        for table, rows in pages_of.items()
        if len(rows) > 1 and min(rows) < 3
    }
    assert fragments == {}


def test_the_act_is_capitalised_everywhere(large):
    text = " ".join(large.texts)
    assert ACT in text
    for found in re.finditer(r"policing and crime act", text, re.IGNORECASE):
        assert found.group(0) == "Policing and Crime Act", found.group(0)
    for found in re.finditer(r"policing and crime act", large.html, re.IGNORECASE):
        assert found.group(0) == "Policing and Crime Act", found.group(0)
