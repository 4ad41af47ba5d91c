"""The board paper's Word copy, read back with python-docx.

The converter's markup contract (planner/reports/docx) on small snapshots first, then real
versions: the render worker stores the Word copy beside the PDF, its hash is covered by the
version's fingerprint, and who may download the PDF may download the Word copy.
"""

import hashlib
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn
from docx.shared import Mm

from assessments.finance.models import CostKind, Recurrence
from planner.access import plan_access_for_user
from planner.models import GoverningBody, GoverningBodyKind
from planner.reports import services
from planner.reports.docx import DOCX_CONTENT_TYPE, ReportDocxError, docx_from_html
from planner.reports.models import ReportStatus, ReportVersion
from planner.reports.papers import (
    board_paper_freeze,
)
from planner.reports.services import report_render_version, report_request
from tests.assessments.finance.factories import cost_line, funding_line, period
from tests.helpers import (
    assert_unchanged,
    pdf_files,
    ready_paper,
    snapshot,
    state_costs,
    version_files,
)

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100" '
    'role="img" aria-labelledby="t d"><title id="t">Readiness by round</title>'
    '<desc id="d">Readiness rose from 40 to 78.</desc>'
    '<rect x="10" y="10" width="80" height="80" fill="#1d70b8"/></svg>'
)


def page(body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Shared station (TST-PLAN): governance report, version 3</title>{head}"
        f"</head><body><main>{body}</main></body></html>"
    )


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def num_id(paragraph) -> str | None:
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if found is None else found.get(qn("w:val"))


def start_of(document, number: str) -> int:
    """The number a Word list (w:num) starts counting from."""
    numbering = document.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == number:
            override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
            return int(override.get(qn("w:val")))
    raise AssertionError(f"no list {number}")


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# The markup contract


def test_headings_become_word_headings_in_document_order():
    html = page(
        "<h1>Cover</h1><h2>Summary</h2><p>Text</p><h3>Detail</h3><h4>Note</h4><h2>Next</h2>"
    )
    assert headings(read(docx_from_html(html))) == [
        ("Heading 1", "Cover"),
        ("Heading 2", "Summary"),
        ("Heading 3", "Detail"),
        ("Heading 4", "Note"),
        ("Heading 2", "Next"),
    ]


def test_recommendations_are_a_word_numbered_list_that_keeps_their_numbers():
    html = page(
        '<ol class="recommendations">'
        '<li value="1"><span class="recommendation-number">1.</span> Approve the scheme.</li>'
        '<li value="2"><span class="recommendation-number">2.</span> Agree the share.</li>'
        "</ol><p>Between.</p>"
        '<ol start="4"><li>Fourth</li><li>Fifth</li></ol>'
    )
    document = read(docx_from_html(html))
    items = [p for p in document.paragraphs if p.style.name == "List Number"]
    # The printed number is Word's own numbering now, not text before it.
    assert [p.text for p in items] == ["Approve the scheme.", "Agree the share.", "Fourth", "Fifth"]
    first, second = num_id(items[0]), num_id(items[2])
    assert first and second and first != second  # each list counts on its own
    assert num_id(items[1]) == first and num_id(items[3]) == second
    assert (start_of(document, first), start_of(document, second)) == (1, 4)


def test_bulleted_lists_nest_one_level_in():
    html = page("<ul><li>Police<ul><li>Control room</li></ul></li><li>Fire</li></ul>")
    document = read(docx_from_html(html))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("List Bullet", "Police"),
        ("List Bullet 2", "Control room"),
        ("List Bullet", "Fire"),
    ]


def test_a_table_keeps_its_caption_repeats_its_header_and_keeps_its_total_row_bold_and_last():
    html = page(
        "<table><caption>Costs by year</caption>"
        '<thead><tr><th scope="col">Year</th><th scope="col" class="num">Cost</th></tr></thead>'
        '<tfoot><tr><th scope="row">Total</th><td class="num">£30,000</td></tr></tfoot>'
        '<tbody><tr><th scope="row">2026/27</th><td class="num">£10,000</td></tr>'
        '<tr><th scope="row">2027/28</th><td class="num">£20,000</td></tr></tbody></table>'
    )
    document = read(docx_from_html(html))
    caption = document.paragraphs[0]
    assert (caption.style.name, caption.text) == ("Caption", "Costs by year")
    (table,) = document.tables
    assert cell_texts(table) == [
        ["Year", "Cost"],
        ["2026/27", "£10,000"],
        ["2027/28", "£20,000"],
        ["Total", "£30,000"],
    ]
    header, *_, total = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    assert total.cells[1].paragraphs[0].alignment == 2  # figures right-aligned


def test_spanned_cells_are_merged():
    html = page(
        '<table><tr><th colspan="2">Both</th><td rowspan="2">Tall</td></tr>'
        "<tr><td>a</td><td>b</td></tr></table>"
    )
    (table,) = read(docx_from_html(html)).tables
    assert cell_texts(table) == [["Both", "Both", "Tall"], ["a", "b", "Tall"]]


def test_a_chart_is_a_picture_with_its_title_as_alternative_text_and_its_caption():
    html = page(f"<figure>{CHART}<figcaption>Readiness by round.</figcaption></figure>")
    document = read(docx_from_html(html))
    (shape,) = document.inline_shapes
    assert shape._inline.docPr.get("descr") == "Readiness by round. Readiness rose from 40 to 78."
    # At its own size (200 CSS pixels), as the PDF prints it.
    assert abs(shape.width - Mm(200 / 96 * 25.4)) < Mm(0.5)
    assert document.paragraphs[-1].style.name == "Caption"
    with zipfile.ZipFile(io.BytesIO(docx_from_html(html))) as package:
        (png,) = [n for n in package.namelist() if n.startswith("word/media/")]
        assert package.read(png).startswith(b"\x89PNG")


def test_a_chart_that_cannot_be_drawn_fails_the_word_copy_naming_it():
    broken = '<svg viewBox="0 0 10 10"><title>Heat map</title><rect width="x"></svg>'
    with pytest.raises(ReportDocxError, match="Heat map"):
        docx_from_html(page(f"<figure>{broken}</figure>"))


def test_the_contents_become_a_word_contents_field_listing_the_entries():
    html = page(
        '<nav class="toc"><h1>Contents</h1><ol><li><a href="#a">Recommendations</a></li>'
        '<li><a href="#b">The strategic case</a><ol><li><a href="#c">Objectives</a></li></ol>'
        "</li></ol></nav><h2>Recommendations</h2>"
    )
    document = read(docx_from_html(html))
    assert document.paragraphs[0].style.name == "TOC Heading"
    assert [p.text for p in document.paragraphs[1:4]] == [
        "Recommendations",
        "The strategic case",
        "Objectives",
    ]
    instructions = document.element.body.findall(f".//{qn('w:instrText')}")
    assert [i.text.split()[0] for i in instructions] == ["TOC"]
    # The nav's own heading is the contents' title, not a heading of the paper.
    assert headings(document) == [("Heading 2", "Recommendations")]


def test_a_definition_list_is_a_two_column_table():
    html = page(
        '<dl class="cover-facts"><div><dt>To</dt><dd>Testshire Fire Authority</dd></div>'
        "<div><dt>Partners</dt><dd><ul><li>Police</li><li>Fire</li></ul></dd></div></dl>"
    )
    (table,) = read(docx_from_html(html)).tables
    assert cell_texts(table) == [["To", "Testshire Fire Authority"], ["Partners", "Police\nFire"]]


def test_inline_formatting_links_breaks_and_unknown_elements_keep_their_text():
    html = page(
        "<p>A <strong>bold</strong> and <em>italic</em> word,<br>a new line, "
        '<a href="https://www.gov.uk/">GOV.UK</a>, <a href="#x">inside</a> and '
        "<frobnicate>kept</frobnicate>.</p>"
    )
    document = read(docx_from_html(html))
    (paragraph,) = document.paragraphs
    assert paragraph.text == "A bold and italic word,\na new line, GOV.UK, inside and kept."
    assert [r.text for r in paragraph.runs if r.bold] == ["bold"]
    assert [r.text for r in paragraph.runs if r.italic] == ["italic"]
    (link,) = paragraph._p.findall(qn("w:hyperlink"))
    assert document.part.rels[link.get(qn("r:id"))].target_ref == "https://www.gov.uk/"


def test_the_document_is_a4_with_the_marking_on_every_page_and_the_paper_s_properties():
    head = (
        '<meta name="author" content="Testshire Police">'
        '<meta name="description" content="Board paper: for decision.">'
        '<meta name="keywords" content="TST-PLAN"><meta name="keywords" content="board paper">'
        '<meta name="dcterms.created" content="2026-11-30T09:15:00+00:00">'
    )
    html = page('<p class="cover-marking">OFFICIAL-SENSITIVE</p><h1>Shared station</h1>', head)
    document = read(docx_from_html(html))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    properties = document.core_properties
    assert properties.title == "Shared station (TST-PLAN): governance report, version 3"
    assert properties.author == "Testshire Police"
    assert properties.subject == "Board paper: for decision."
    assert properties.keywords == "TST-PLAN; board paper"
    assert properties.created.isoformat().startswith("2026-11-30T09:15:00")
    assert properties.language == "en-GB"


def test_the_same_snapshot_gives_the_same_bytes_and_text_xml_cannot_hold_is_dropped():
    html = page(f"<h1>Shared\x00 station\x0b</h1><p>Pasted\x1f text</p>{CHART}")
    first = docx_from_html(html)
    assert docx_from_html(html) == first
    document = read(first)
    assert headings(document) == [("Heading 1", "Shared station")]
    assert document.paragraphs[1].text == "Pasted text"


# Real versions: stored by the worker, covered by the fingerprint


class _Headings(HTMLParser):
    """The snapshot's h1–h4 in order, outside the contents (which become Word's field)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self.open: int | None = None
        self.in_toc = 0

    def handle_starttag(self, tag, attrs):
        if tag == "nav" and "toc" in (dict(attrs).get("class") or ""):
            self.in_toc += 1
        elif re.fullmatch("h[1-4]", tag) and not self.in_toc:
            self.open = int(tag[1])
            self.found.append((self.open, ""))

    def handle_endtag(self, tag):
        if tag == "nav" and self.in_toc:
            self.in_toc -= 1
        elif self.open and tag == f"h{self.open}":
            self.open = None

    def handle_data(self, data):
        if self.open:
            level, text = self.found[-1]
            self.found[-1] = (level, text + data)


def snapshot_headings(html: str) -> list[tuple[str, str]]:
    parser = _Headings()
    parser.feed(html)
    return [
        (f"Heading {level}", re.sub(r"\s+", " ", text.replace("\u200b", "")).strip())
        for level, text in parser.found
    ]


def word_headings(document) -> list[tuple[str, str]]:
    return [(style, text.replace("\u200b", "")) for style, text in headings(document)]


@pytest.fixture
def frozen_fire_paper(
    report_plan, police_lead, fire_partner, orgs, django_capture_on_commit_callbacks
):
    """The plan's paper to the fire authority, with costs and funding, frozen and rendered."""
    period(report_plan, 2026, 3)
    cost_line(report_plan, fire_partner, {2026: 120_000}, kind=CostKind.CAPITAL)
    cost_line(
        report_plan,
        fire_partner,
        {y: 45_000 for y in range(2026, 2029)},
        kind=CostKind.REVENUE,
        recurrence=Recurrence.RECURRING,
        description="Crew time",
    )
    funding_line(report_plan, police_lead, {2026: 165_000, 2027: 45_000, 2028: 45_000})
    state_costs(report_plan)
    body = GoverningBody.objects.exclude(kind=GoverningBodyKind.JOINT_BOARD).get(
        organisations=orgs["fire"]
    )
    access, paper = ready_paper(report_plan, police_lead, body)
    with django_capture_on_commit_callbacks(execute=True):
        version = board_paper_freeze(access=access, paper_id=paper.pk)
    version.refresh_from_db()
    assert version.status == ReportStatus.READY, version.failure_reason
    return version


def test_a_frozen_paper_s_word_copy_has_the_snapshot_s_headings_recommendations_and_totals(
    frozen_fire_paper,
):
    version = frozen_fire_paper
    data = Path(version.docx_file.path).read_bytes()
    document = read(data)
    assert word_headings(document) == snapshot_headings(version.html)

    numbered = [p for p in document.paragraphs if p.style.name == "List Number" and num_id(p)]
    recommendations = [re.sub(r"\s+", " ", text) for text in version.recommendations]
    assert [p.text for p in numbered[: len(recommendations)]] == recommendations
    assert start_of(document, num_id(numbered[0])) == 1

    by_year = next(
        t for t in document.tables if t.rows[0].cells[0].text == "By year"
    )  # the financial case's table
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in by_year.rows}
    assert rows["Total costs"] == ["£165,000", "£45,000", "£45,000", "£255,000"]
    assert rows["Funding"] == ["£165,000", "£45,000", "£45,000", "£255,000"]
    assert all(run.bold for run in by_year.rows[3].cells[0].paragraphs[0].runs)  # a total row
    assert len(document.inline_shapes) == version.html.count("<svg")


def test_the_word_copy_is_stored_with_its_hash_and_the_fingerprint_covers_both_files(
    frozen_fire_paper,
):
    version = frozen_fire_paper
    pdf = Path(version.file.path).read_bytes()
    word = Path(version.docx_file.path).read_bytes()
    assert version.docx_file.name == f"reports/plan-{version.plan_id}/report-v1.docx"
    assert hashlib.sha256(word).hexdigest() == version.docx_sha256
    assert len(word) == version.docx_size
    pair = f"pdf {hashlib.sha256(pdf).hexdigest()}\ndocx {hashlib.sha256(word).hexdigest()}\n"
    assert version.fingerprint == hashlib.sha256(pair.encode()).hexdigest()
    # Made from the same snapshot, the Word copy is the same bytes again.
    assert docx_from_html(version.html) == word


def test_a_version_made_before_word_copies_has_a_fingerprint_of_its_pdf_alone():
    version = ReportVersion(sha256="a" * 64)
    assert version.fingerprint == hashlib.sha256(f"pdf {'a' * 64}\n".encode()).hexdigest()
    assert ReportVersion().fingerprint == ""


@pytest.mark.usefixtures("own_sections")
def test_a_word_copy_that_fails_fails_the_version_with_the_reason_and_leaves_no_file(
    report_plan, police_lead, monkeypatch
):
    def broken(html, target):
        target.write_bytes(b"PK half a file")
        raise ReportDocxError("The chart “Readiness by round” could not be drawn.")

    monkeypatch.setattr(services, "docx_write", broken)
    version = report_request(
        access=plan_access_for_user(police_lead, report_plan.pk),
        marking="OFFICIAL",
        purpose="discussion",
    )
    assert report_render_version(version.pk) == ReportStatus.FAILED
    version.refresh_from_db()
    assert version.failure_reason == "The chart “Readiness by round” could not be drawn."
    assert not version.file and not version.docx_file and not version.sha256
    assert pdf_files() == []  # neither the PDF nor half a Word copy


@pytest.mark.usefixtures("own_sections")
def test_an_unexpected_failure_of_the_word_copy_is_named_as_the_word_copy_s(
    report_plan, police_lead, monkeypatch
):
    def broken(html, target):
        raise MemoryError("out of memory")

    monkeypatch.setattr(services, "docx_write", broken)
    version = report_request(
        access=plan_access_for_user(police_lead, report_plan.pk),
        marking="OFFICIAL",
        purpose="discussion",
    )
    assert report_render_version(version.pk) == ReportStatus.FAILED
    version.refresh_from_db()
    assert version.failure_reason.startswith("The Word copy could not be made (MemoryError")


# Downloading the Word copy


@pytest.fixture
def rendered(report_plan, police_lead):
    version = report_request(
        access=plan_access_for_user(police_lead, report_plan.pk),
        marking="OFFICIAL",
        purpose="discussion",
    )
    report_render_version(version.pk)
    version.refresh_from_db()
    assert version.status == ReportStatus.READY, version.failure_reason
    return version


def _url(version, name="report_download_docx"):
    return reverse(name, args=[version.plan_id, version.pk])


@pytest.mark.usefixtures("own_sections")
def test_a_read_only_member_downloads_the_word_copy(rendered, council_viewer, client_for):
    response = client_for(council_viewer).get(_url(rendered))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert 'filename="TST-PLAN-report-v1.docx"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == rendered.docx_sha256
    assert pdf_files() == version_files(rendered)


@pytest.mark.usefixtures("own_sections")
def test_an_outsider_gets_404_on_the_word_copy_and_nothing_changes(rendered, outsider, client_for):
    before = snapshot(ReportVersion)
    assert client_for(outsider).get(_url(rendered)).status_code == 404
    assert_unchanged(before)


@pytest.mark.usefixtures("own_sections")
def test_the_word_copy_of_a_version_not_ready_or_made_before_word_copies_is_not_found(
    report_plan, police_lead, rendered, client_for
):
    queued = report_request(
        access=plan_access_for_user(police_lead, report_plan.pk),
        marking="OFFICIAL",
        purpose="discussion",
    )
    client = client_for(police_lead)
    assert client.get(_url(queued)).status_code == 404
    # A version printed before Word copies existed: its PDF downloads, its Word copy is absent.
    ReportVersion.objects.filter(pk=rendered.pk).update(docx_file="", docx_sha256="")
    assert client.get(_url(rendered)).status_code == 404
    assert client.get(_url(rendered, "report_download")).status_code == 200


@pytest.mark.usefixtures("own_sections")
def test_the_versions_list_and_the_status_offer_the_word_copy_and_the_fingerprint(
    rendered, council_viewer, client_for
):
    client = client_for(council_viewer)
    page_html = client.get(reverse("plan_reports", args=[rendered.plan_id])).content.decode()
    assert f'href="{_url(rendered)}"' in page_html
    assert "Download version 1 (Word, .docx)" in page_html
    assert f'title="{rendered.fingerprint}"' in page_html
    status = client.get(_url(rendered, "report_status")).json()
    assert status["docx_download_url"] == _url(rendered)
    assert status["fingerprint"] == rendered.fingerprint
