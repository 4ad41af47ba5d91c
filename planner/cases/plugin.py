"""What the case library adds to plans: a panel, a report section and a header link."""

from planner.cases import demo
from planner.cases.panels import case_library_nav, cases_panel, cases_section
from planner.plugins import PlanPanel, PlanPlugin, ReportSection

PLUGIN = PlanPlugin(
    panels=[
        PlanPanel("cases", "Comparable schemes and lessons", "cases/panel_cases.html", cases_panel)
    ],
    report_sections=[
        ReportSection(
            "cases",
            "Comparable schemes and their lessons",
            "appendix",
            "reports/sections/cases.html",
            cases_section,
        )
    ],
    nav_items=[case_library_nav],
    demo_build=demo.build,
    demo_finish=demo.finish,
)
