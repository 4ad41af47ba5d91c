"""Sections of the governance report, contributed by the apps that own the data.

`planner.reports` renders the board paper from these sections without importing
`assessments` or `workflows`; each app registers its sections in AppConfig.ready().

A section's `context(plan)` returns what its template needs, read as the data stands at
the moment the report is requested (the report is a snapshot). Charts are the same
server-rendered SVG strings the web pages show.
"""

from collections.abc import Callable
from dataclasses import dataclass

# HM Treasury Five Case Model headings, plus the report's own parts.
FIVE_CASES = {
    "strategic": "The strategic case",
    "economic": "The economic case",
    "commercial": "The commercial case",
    "financial": "The financial case",
    "management": "The management case",
    "appendix": "Appendix",
    "": "",
}


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    order: int
    five_case: str
    template: str
    context: Callable  # (plan) -> dict


_sections: dict[str, ReportSection] = {}


def register_report_section(section: ReportSection) -> None:
    if section.five_case not in FIVE_CASES:
        raise ValueError(f"Unknown Five Case heading {section.five_case!r}")
    _sections[section.key] = section


def report_sections() -> list[ReportSection]:
    return sorted(_sections.values(), key=lambda s: s.order)
