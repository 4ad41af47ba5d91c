"""Real PDFs, printed by WeasyPrint and read back with pypdf (acceptance 1 and 6)."""

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from planner.reports.models import Marking, ReportPurpose
from planner.reports.rendering import (
    pdf_write,
    report_fonts_missing,
    report_stylesheet,
    with_soft_breaks,
)

OUTPUT = Path(__file__).resolve().parents[3] / "test-output" / "report"

OWN_HEADINGS = [
    "Contents",
    "Executive summary",
    "Background and the duty to collaborate",
    "Options considered",
    "The strategic case",
    "Objectives and public outcome",
    "The commercial case",
    "Form of agreement and procurement",
    "The management case",
    "Governance and stage targets",
    "Appendices",
    "Stage history, decision log and governing-body decisions",
    "Document control",
]


def _text(reader) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


@pytest.fixture
def ready_pdf(report_plan, police_lead, request_report):
    version = request_report(
        report_plan, police_lead, marking=Marking.OFFICIAL_SENSITIVE, purpose=ReportPurpose.DECISION
    )
    assert version.status == "ready", version.failure_reason
    return version, Path(version.file.path)


def test_the_pdf_has_every_section_heading_and_the_key_figures(ready_pdf, orgs):
    version, path = ready_pdf
    reader = pypdf.PdfReader(path)
    pages = _text(reader)
    text = " ".join(pages)
    for heading in OWN_HEADINGS:
        assert heading in text, heading
    # The cover: scheme, partners, version, date, status and marking.
    cover = pages[0]
    assert "Shared station" in cover and "TST-PLAN · Version 1" in cover
    for key in ("police", "fire", "ambulance", "council"):
        assert orgs[key].name in cover
    assert "For decision" in cover and "OFFICIAL-SENSITIVE" in cover
    # Key figures from the plan's own records.
    assert "FRA-2026-014" in text  # the fire authority's sign-off reference
    assert "1 of 4 partner governing bodies have approved" in text
    assert "It is the only site within eight minutes" in text  # a decision's rationale
    assert "1 service was notified: 1 agreed" in text  # the s.2 record
    assert orgs["other_force"].name not in text


def test_the_pdf_pages_carry_page_x_of_y_and_the_running_header(ready_pdf):
    version, path = ready_pdf
    reader = pypdf.PdfReader(path)
    pages = _text(reader)
    assert len(reader.pages) == version.page_count >= 5
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "OFFICIAL-SENSITIVE" in page
    assert "Shared station · TST-PLAN · Version 1" in pages[2]


def test_the_contents_give_the_page_each_section_starts_on(ready_pdf):
    _, path = ready_pdf
    pages = _text(pypdf.PdfReader(path))
    # The contents follow the cover and the recommendations, on the first page or two.
    contents = " ".join(pages[:2])
    for title in ("Governance and stage targets", r"Appendix [A-Z]: Document control"):
        found = re.search(f"({title})" + r" ?\.{2,}\s*(\d+)", contents)
        title, listed = found.group(1), int(found.group(2))
        assert title in pages[listed - 1], f"{title} is not on page {listed}"


def test_the_pdf_is_tagged_pdf_ua_with_title_and_language(ready_pdf):
    version, path = ready_pdf
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Shared station (TST-PLAN): governance report, version 1"
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert version.variant == "pdf/ua-1"
    # Fonts are embedded (a font file on every font descriptor), so the paper prints the same
    # everywhere.
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_the_archival_variant_is_a_setting(report_plan, police_lead, request_report, settings):
    settings.REPORT_PDF_VARIANT = "pdf/a-3b"
    version = request_report(report_plan, police_lead)
    assert version.status == "ready", version.failure_reason
    assert version.variant == "pdf/a-3b"
    xmp = pypdf.PdfReader(version.file.path).trailer["/Root"]["/Metadata"].get_object()
    data = xmp.get_data().decode()
    assert 'pdfaid:part="3"' in data and 'pdfaid:conformance="B"' in data


def test_the_version_records_hash_size_and_pages(ready_pdf):
    import hashlib

    version, path = ready_pdf
    body = path.read_bytes()
    assert body.startswith(b"%PDF-")
    assert version.sha256 == hashlib.sha256(body).hexdigest()
    assert version.size == len(body)
    assert version.rendered_at >= version.requested_at


def test_the_first_two_pages_are_saved_as_images_for_review(ready_pdf):
    """Acceptance 6: the reviewer looks at test-output/report/page-1.png and page-2.png."""
    _, path = ready_pdf
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is missing: run `make test`"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, OUTPUT / "report.pdf")
    for number in (1, 2):
        image = OUTPUT / f"page-{number}.png"
        image.unlink(missing_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", str(number), "-l", str(number)]
            + ["-singlefile", str(path), str(image.with_suffix(""))],
            check=True,
            timeout=60,
        )
        assert image.stat().st_size > 20_000  # real content, not a blank page


def test_the_stylesheet_names_its_font_by_family_and_the_machine_has_every_face():
    css = report_stylesheet()
    assert "file://" not in css and "@font-face" not in css
    assert '"DejaVu Sans"' in css
    assert report_fonts_missing() == []
    assert "counter(pages)" in css and "target-counter" in css and "break-inside: avoid" in css


def test_the_printed_paper_embeds_the_regular_bold_and_italic_faces(tmp_path):
    html = (
        '<html><head><link rel="stylesheet" href="/reports/print.css"></head><body>'
        "<p>Regular <strong>bold</strong> <em>italic</em></p></body></html>"
    )
    target = tmp_path / "faces.pdf"
    assert pdf_write(html, "pdf/ua-1", target) == 1
    fonts = set()
    for page in pypdf.PdfReader(target).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique"} <= fonts, fonts


@pytest.mark.usefixtures("own_sections")
def test_a_long_unbroken_string_is_wrapped_and_nothing_of_it_is_lost(
    report_plan, police_lead, request_report
):
    # A 44,000-character string with no break opportunity (a pasted key, a long URL): before
    # wrapping applied everywhere, about 4,200 characters survived and the rest ran off the
    # page. Every character must be in the PDF, on as many pages as it needs. The string is
    # made of "q" and "Q" only, so counting those letters counts what survived of it.
    def letters(version):
        reader = pypdf.PdfReader(version.file.path)
        text = "".join(page.extract_text() for page in reader.pages)
        return text.count("q") + text.count("Q"), text

    without, _ = letters(request_report(report_plan, police_lead))
    report_plan.objectives = "qQ" * 22_000
    report_plan.save(update_fields=["objectives"])
    version = request_report(report_plan, police_lead)
    assert version.status == "ready", version.failure_reason
    count, text = letters(version)
    # All of it (a title or excerpt elsewhere in the paper may quote a letter more)...
    assert 44_000 <= count - without <= 44_010
    # ...and on the page: PDF text runs on past the page's edge, where no one can read it,
    # so each line of the string must be no longer than a line of the page holds.
    lines = re.findall(r"[qQ\u200b]+", text)
    assert max(len(line) for line in lines) < 120
    assert len(lines) > 44_000 / 120


def test_soft_breaks_split_only_long_runs_of_text_never_tags_or_character_references():
    long_run = "a" * 100 + "&amp;" + "b" * 100
    html = f'<p title="{"t" * 200}">short words stay {long_run}</p>'
    broken = with_soft_breaks(html)
    assert broken.startswith(f'<p title="{"t" * 200}">short words stay ')
    assert broken.replace("\u200b", "") == html
    text = broken.split(">", 1)[1]
    assert max(len(word) for word in re.split(r"[\s\u200b]", text)) <= 84
    assert "&amp;" in broken
