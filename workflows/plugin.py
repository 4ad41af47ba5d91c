"""What workflows adds to plans: the scoping and governance gates' own checks, the gate,
sign-off and decision-log panels, the governance sections of the report, the demo's
governing-body decisions, and the decision log that planner writes through."""

from planner.gates import GateCheck
from planner.models import Stage
from planner.plugins import PlanPanel, PlanPlugin, ReportSection
from workflows import checks, demo, panels, report_sections
from workflows.selectors import waiting_in_workflows
from workflows.services import decision_record

PLUGIN = PlanPlugin(
    gate_checks=[
        GateCheck(
            Stage.SCOPING, "partners", "Partners from different services", checks.check_partners
        ),
        GateCheck(Stage.SCOPING, "project_lead", "A named project lead", checks.check_project_lead),
        GateCheck(
            Stage.SCOPING,
            "s2_record",
            "Policing and Crime Act 2017 s.2 record",
            checks.check_s2_record,
        ),
        GateCheck(
            Stage.GOVERNANCE,
            "sign_off",
            "Every partner's governing body approved",
            checks.check_sign_offs,
        ),
        GateCheck(
            Stage.GOVERNANCE,
            "agreement_form",
            "Form of agreement recorded",
            checks.check_agreement_form,
        ),
        GateCheck(
            Stage.RISK,
            "conditions",
            "Conditions of approval discharged",
            checks.check_conditions,
        ),
    ],
    panels=[
        PlanPanel("gate", "Next gate", "workflows/panel_gate.html", panels.gate_panel),
        PlanPanel(
            "sign_off",
            "Governance sign-off",
            "workflows/panel_sign_off.html",
            panels.sign_off_panel,
        ),
        PlanPanel(
            "decisions", "Decision log", "workflows/panel_decisions.html", panels.decisions_panel
        ),
    ],
    report_sections=[
        ReportSection(
            "options",
            "Options considered",
            "",
            "reports/sections/options.html",
            report_sections.options_section,
        ),
        ReportSection(
            "management",
            "Governance and stage targets",
            "management",
            "reports/sections/management.html",
            report_sections.management_section,
        ),
        ReportSection(
            "decision_log",
            "Stage history, decision log and governing-body decisions",
            "appendix",
            "reports/sections/decision_log.html",
            report_sections.decision_log_section,
        ),
        ReportSection(
            "decision",
            "The decision asked",
            "",
            "reports/sections/decision.html",
            report_sections.decision_section,
        ),
    ],
    highlight_sections=[
        ReportSection(
            "decisions_needed",
            "Decisions needed",
            "",
            "reports/highlight/decisions_needed.html",
            report_sections.decisions_needed_highlight,
        ),
    ],
    demo_build=demo.build,
    decision_log=decision_record,
    waiting_for=waiting_in_workflows,
)
