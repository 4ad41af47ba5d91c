"""Building the report's HTML from the registered sections, and printing it with WeasyPrint.

The HTML is built in the request that asks for a version (so it is the data as at that
moment); the PDF is printed later by a worker from that stored HTML.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from planner.models import Plan, PlanPartner
from planner.reports.hooks import FIVE_CASES, ReportSection, report_sections

logger = logging.getLogger(__name__)

# Sections with no Five Case heading and an order below this are front matter (cover,
# executive summary); the others close the paper, before the appendix (sign-off block).
FRONT_MATTER_BEFORE = 30
CASE_ORDER = ["strategic", "economic", "commercial", "financial", "management"]
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"


class ReportBuildError(Exception):
    """A section could not be built; the message names the section and the cause."""


@dataclass(frozen=True)
class ReportMeta:
    """What the document says about itself: version, status, marking, when and by whom."""

    number: int | None
    marking: str
    purpose: str
    purpose_label: str
    requested_by: str
    requested_at: datetime
    data_as_at: datetime
    variant: str

    @property
    def is_preview(self) -> bool:
        return self.number is None

    @property
    def version_label(self) -> str:
        return f"Version {self.number}" if self.number else "Preview (not a numbered version)"

    @property
    def for_decision(self) -> bool:
        return self.purpose == "decision"


@dataclass
class RenderedSection:
    section: ReportSection
    html: str

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


def _render_section(section: ReportSection, plan: Plan, meta: ReportMeta) -> RenderedSection:
    try:
        data = section.context(plan) or {}
        html = render_to_string(
            section.template,
            {**data, "ctx": data, "plan": plan, "report": meta, "section": section},
        )
    except Exception as exc:
        # The reason is stored on the version and shown to the people who asked for it.
        raise ReportBuildError(
            f"The “{section.title}” section could not be built ({type(exc).__name__}: {exc})."
        ) from exc
    return RenderedSection(section, html)


def report_document_html(plan: Plan, meta: ReportMeta) -> str:
    """Build the whole board paper as one HTML document.

    Steps:
    1. Render every registered section from the plan's data as it stands now.
    2. Put sections with no Five Case heading and a low order first (front matter).
    3. Group the rest under the HM Treasury Five Case headings in the model's order,
       leaving out a case no section speaks to; sections within a case keep their order.
    4. Unclassified sections with a high order close the paper; the appendix comes last.
    """
    rendered = [_render_section(s, plan, meta) for s in report_sections()]
    front = [
        r for r in rendered if not r.section.five_case and r.section.order < FRONT_MATTER_BEFORE
    ]
    closing = [
        r for r in rendered if not r.section.five_case and r.section.order >= FRONT_MATTER_BEFORE
    ]
    cases = []
    for key in CASE_ORDER:
        sections = [r for r in rendered if r.section.five_case == key]
        if sections:
            cases.append(CaseGroup(key, FIVE_CASES[key], sections))
    appendix = [r for r in rendered if r.section.five_case == "appendix"]
    partners = list(
        PlanPartner.objects.filter(plan=plan)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    return render_to_string(
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


def font_dir() -> Path:
    return Path(getattr(settings, "REPORT_FONT_DIR", DEFAULT_FONT_DIR))


def report_stylesheet() -> str:
    """The print stylesheet, with the embedded fonts' file URLs filled in."""
    name = getattr(settings, "REPORT_STYLESHEET_TEMPLATE", "reports/print.css")
    return render_to_string(name, {"font_dir": font_dir().as_uri()})


def _url_fetcher(stylesheet: str):
    """Serve the print stylesheet and local font files; refuse everything else.

    Report content comes from users; the printer must never fetch from the network. A
    missing font or stylesheet stops the render rather than printing a degraded paper.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    stylesheet_path = reverse("report_stylesheet")
    fonts = font_dir().as_uri() + "/"

    class ReportFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if urlsplit(url).path == stylesheet_path and not url.startswith("file:"):
                return URLFetcherResponse(
                    url, stylesheet, headers={"Content-Type": "text/css; charset=utf-8"}
                )
            if url.startswith(fonts):
                return super().fetch(url, headers)
            raise ValueError(f"The report printer does not fetch {url}")

    return ReportFetcher(allowed_protocols={"file", "http", "https"}, fail_on_errors=True)


def pdf_write(html: str, variant: str, target: Path) -> int:
    """Print the HTML to a PDF file at `target`; return the number of pages."""
    from weasyprint import HTML

    fetcher = _url_fetcher(report_stylesheet())
    base_url = getattr(settings, "SITE_URL", "http://localhost/")
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        pdf_variant=variant, pdf_tags=True
    )
    document.write_pdf(target, pdf_variant=variant, pdf_tags=True)
    return len(document.pages)
