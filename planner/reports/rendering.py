"""Building the report's HTML from the registered sections, and printing it with WeasyPrint.

The HTML is built in the request that asks for a version (so it is the data as at that
moment); the PDF is printed later by a worker from that stored HTML.
"""

import functools
import logging
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from planner.context import PlanContext
from planner.models import Plan
from planner.plugins import FIVE_CASES, ReportSection, report_sections
from planner.reports.sections import report_partners

logger = logging.getLogger(__name__)
CASE_ORDER = ["strategic", "economic", "commercial", "financial", "management"]


class ReportBuildError(Exception):
    """A section could not be built; the message names the section and the cause."""


# Where the content hash goes while the snapshot is hashed (see ReportVersion.content_sha256):
# as long as the hash, so the page lays out the same before and after.
CONTENT_HASH_PLACEHOLDER = "#" * 64


@dataclass(frozen=True)
class PaperImplication:
    key: str
    heading: str
    text: str
    none_identified: bool


@dataclass(frozen=True)
class PaperDetails:
    """The board paper as addressed to one governing body (the draft, or as frozen)."""

    body_name: str
    body_kind: str
    body_kind_label: str
    # The body's organisations that are partners on the plan, names and ids.
    organisations: tuple[str, ...]
    organisation_ids: tuple[int, ...]
    meeting_date: date | None
    agenda_item: str
    title: str
    author: str
    contact: str
    recommendations: tuple[str, ...]
    implications: tuple[PaperImplication, ...]

    @property
    def numbered_recommendations(self) -> list[tuple[int, str]]:
        return list(enumerate(self.recommendations, start=1))


@dataclass(frozen=True)
class ReportMeta:
    """What the document says about itself: version, status, marking, when and by whom, and
    the paper (body, meeting, recommendations) it is."""

    number: int | None
    marking: str
    purpose: str
    purpose_label: str
    requested_by: str
    requested_at: datetime
    data_as_at: datetime
    variant: str
    # None only for a preview or a version from before papers were addressed to a body.
    paper: PaperDetails | None = None
    # The snapshot's hash as the cover prints it: the placeholder while it is being hashed.
    content_sha256: str = CONTENT_HASH_PLACEHOLDER

    @property
    def is_preview(self) -> bool:
        return self.number is None

    @property
    def version_label(self) -> str:
        return f"Version {self.number}" if self.number else "Preview (not a numbered version)"

    @property
    def for_decision(self) -> bool:
        return self.purpose == "decision"

    @property
    def for_information(self) -> bool:
        return self.purpose == "information"


@dataclass
class RenderedSection:
    section: ReportSection
    html: str
    # The section's heading as printed and listed in the contents: its title, or for an
    # appendix "Appendix B: title", so a reader (and the Word copy) finds it by its letter.
    heading: str = ""

    @property
    def anchor(self) -> str:
        return f"report-{self.section.key}"


@dataclass
class CaseGroup:
    key: str
    title: str
    sections: list[RenderedSection] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"case-{self.key}"


def _render_section(
    section: ReportSection, ctx: PlanContext, meta: ReportMeta, heading: str
) -> RenderedSection:
    plan = ctx.plan
    try:
        data = section.context(ctx) or {}
        html = render_to_string(
            section.template,
            {
                **data,
                "ctx": data,
                "plan": plan,
                "report": meta,
                "section": section,
                "heading": heading,
            },
        )
    except Exception as exc:
        # The reason is stored on the version and shown to the people who asked for it.
        raise ReportBuildError(
            f"The “{section.title}” section could not be built ({type(exc).__name__}: {exc})."
        ) from exc
    return RenderedSection(section, html, heading)


def _headings(sections: list[ReportSection]) -> list[str]:
    """Each section's printed heading; appendices are lettered A, B, C... in outline order."""
    headings, letter = [], ord("A")
    for section in sections:
        if section.five_case == "appendix":
            headings.append(f"Appendix {chr(letter)}: {section.title}")
            letter += 1
        else:
            headings.append(section.title)
    return headings


def report_document_html(plan: Plan, meta: ReportMeta) -> str:
    """Build the whole board paper as one HTML document.

    Steps:
    1. Render every section, in the report outline's order, from the plan's data as it
       stands now; every section reads through one plan context, so what several of them
       show (the partners, the sign-offs) is read once.
    2. Unclassified sections before the first Five Case section are the front matter.
    3. Group the rest under the HM Treasury Five Case headings in the model's order,
       leaving out a case no section speaks to; sections within a case keep their order.
    4. Unclassified sections after them close the paper (the main body ends there); the
       appendices come last, lettered in the outline's order.
    """
    ctx = PlanContext.for_plan(plan)
    sections = report_sections()
    rendered = [
        _render_section(s, ctx, meta, heading)
        for s, heading in zip(sections, _headings(sections), strict=True)
    ]
    first_case = next((i for i, r in enumerate(rendered) if r.section.five_case), len(rendered))
    front = [r for r in rendered[:first_case] if not r.section.five_case]
    closing = [r for r in rendered[first_case:] if not r.section.five_case]
    cases = []
    for key in CASE_ORDER:
        sections = [r for r in rendered if r.section.five_case == key]
        if sections:
            cases.append(CaseGroup(key, FIVE_CASES[key], sections))
    appendix = [r for r in rendered if r.section.five_case == "appendix"]
    partners = report_partners(ctx)
    html = render_to_string(
        "reports/document.html",
        {
            "plan": plan,
            "report": meta,
            "partners": partners,
            "cover": [r for r in front if r.section.key == "cover"],
            "front": [r for r in front if r.section.key != "cover"],
            "cases": cases,
            "closing": closing,
            "appendix": appendix,
            "stylesheet_url": reverse("report_stylesheet"),
        },
    )
    return with_soft_breaks(html)


# A run of this many characters with no break opportunity gets one (a zero-width space)
# after every this many. The stylesheet's overflow-wrap would break it too, but WeasyPrint
# lays out one unbroken word in time that grows with the square of its length: a pasted
# 44,000-character string took four minutes, past the render's time limit. With the breaks
# it costs what the same length of ordinary prose does.
SOFT_BREAK_EVERY = 80
_TEXT_NODE = re.compile(r"(?<=>)[^<]+")
_LONG_RUN = re.compile(rf"(?:&#?\w+;|[^\s<&]){{{SOFT_BREAK_EVERY + 1},}}")
_CHARACTER = re.compile(r"&#?\w+;|[^\s<&]")


def _break_run(match: re.Match) -> str:
    # Character references (&amp;) count as one character and are never split.
    characters = _CHARACTER.findall(match.group(0))
    return "\u200b".join(
        "".join(characters[i : i + SOFT_BREAK_EVERY])
        for i in range(0, len(characters), SOFT_BREAK_EVERY)
    )


def with_soft_breaks(html: str) -> str:
    """The document with a break opportunity in every long unbroken run of its text.

    Only text between tags changes; tags, attributes and links are left as they are.
    """
    return _TEXT_NODE.sub(lambda node: _LONG_RUN.sub(_break_run, node.group(0)), html)


class ReportPrintError(Exception):
    """The printer could not produce the paper; the message says why and what to do."""


# The paper's typeface, found by family through fontconfig (never by file path, which differs
# between machines). Each face the stylesheet uses must be installed, or Pango would quietly
# substitute another font and the paper would not look as approved.
REPORT_FONT_FAMILY = "DejaVu Sans"
REPORT_FONT_STYLES = ("Book", "Bold", "Oblique")


@functools.cache
def _installed_font_styles() -> frozenset[str]:
    # Installed fonts do not change while a process runs; asking fontconfig once is enough.
    try:
        listed = subprocess.run(
            ["fc-list", REPORT_FONT_FAMILY, "style"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    styles = set()
    for line in listed.splitlines():
        _, _, names = line.partition("style=")
        styles.update(name.strip() for name in names.split(","))
    return frozenset(styles)


def report_fonts_missing() -> list[str]:
    """The faces of the report font that this machine lacks (empty when all are there)."""
    installed = _installed_font_styles()
    return [
        f"{REPORT_FONT_FAMILY} {style}" for style in REPORT_FONT_STYLES if style not in installed
    ]


def report_asset_dirs() -> list[Path]:
    """The only folders the printer may read files from, as real (resolved) paths."""
    return [Path(folder).resolve() for folder in settings.REPORT_ASSET_DIRS]


def report_stylesheet() -> str:
    """The print stylesheet (a template, so a deployment may add to it)."""
    return render_to_string(
        settings.REPORT_STYLESHEET_TEMPLATE,
        {"asset_dirs": [folder.as_uri() for folder in report_asset_dirs()]},
    )


def _allowed_file(url: str) -> bool:
    """True only for a file URL whose real path lies inside one of the asset folders.

    The path is decoded (%2e%2e is ..) and resolved (.. and symbolic links) before it is
    compared folder by folder, never as a string prefix.
    """
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(folder) for folder in report_asset_dirs())


def _url_fetcher(stylesheet: str):
    """Serve the print stylesheet and files inside the asset folders; refuse everything else.

    Report content comes from users; the printer must never fetch from the network or read
    any other file. A refused or missing resource stops the render rather than printing a
    degraded paper.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    stylesheet_url = urljoin(settings.SITE_URL, reverse("report_stylesheet"))

    class ReportFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url == stylesheet_url:
                return URLFetcherResponse(
                    url, stylesheet, headers={"Content-Type": "text/css; charset=utf-8"}
                )
            if _allowed_file(url):
                return super().fetch(url, headers)
            raise ValueError(f"The report printer does not fetch {url}")

    return ReportFetcher(allowed_protocols={"file"}, fail_on_errors=True)


def pdf_write(html: str, variant: str, target: Path) -> int:
    """Print the HTML to a PDF file at `target`; return the number of pages.

    Raises ReportPrintError (an ordinary exception the render service records on the
    version) for a missing font or a resource the printer refused or could not read:
    WeasyPrint signals the latter with FatalURLFetchingError, a BaseException, which would
    otherwise escape every `except Exception` and leave the version "rendering".
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    missing = report_fonts_missing()
    if missing:
        raise ReportPrintError(
            f"The report font is not installed on this machine ({', '.join(missing)}). "
            "Run the set-up command (scripts/setup.sh), then try again."
        )
    fetcher = _url_fetcher(report_stylesheet())
    try:
        document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=fetcher).render(
            pdf_variant=variant, pdf_tags=True
        )
        document.write_pdf(target, pdf_variant=variant, pdf_tags=True)
    except FatalURLFetchingError as exc:
        raise ReportPrintError(f"A file the report needs could not be read: {exc}") from exc
    return len(document.pages)
