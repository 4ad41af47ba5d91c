"""How an app adds to a plan: one module per app, one declaration, one way to find it.

An app that contributes to plans has a module `plugin.py` (`workflows/plugin.py`,
`assessments/risks/plugin.py`...) holding one name, `PLUGIN = PlanPlugin(...)`, which lists
everything the app adds:

- `gate_checks`: checks on the gate that leaves a stage (`planner.gates.GateCheck`);
- `panels`: boxes on the plan page (`PlanPanel`); where each goes is `PLAN_PAGE_LAYOUT`;
- `report_sections`: parts of the board paper (`ReportSection`); their order is
  `REPORT_OUTLINE`;
- `reminder_rules`: what the reminder scan looks for (`workflows.notifications.rules.Rule`);
- `nav_items`: links in the header for signed-in people, `(request) -> NavItem | None`;
- `demo_build` / `demo_finish`: the app's part of `manage.py demo_data`;
- `highlight_sections`: parts of the monthly highlight report; their order is
  `HIGHLIGHT_OUTLINE`;
- `recommendations` / `proposal_lessons`: what an app drafts for a board paper's
  recommendations, and the lessons a finished plan takes to the case library;
- `decision_log`: the one app that keeps the decision log offers its writer here, so
  planner's own logged changes (taking a partner off) reach it without importing it.
- `dashboard_notes`: short notes on the dashboard's rows (milestones slipped or overdue),
  read for the page's plans at once.
- `waiting_for`, `portfolio_facts`, `optional_tasks`: what waits for a person (home page),
  an app's columns of the portfolio view, and work on the plan's task list no gate requires.

`plan_plugins()` imports `<app>.plugin` from every installed app, in INSTALLED_APPS order,
which is also the order gate checks, reminder rules and demo steps run in. That is the whole
mechanism: no registration at import time, no AppConfig.ready() side effects.

Every contributor gets the request's `PlanContext` (planner/context.py), never a bare plan,
so they share one read of what they need and one evaluation of the gate.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

# Where each panel goes on the plan page, by key. "main" is what the plan needs next, shown
# beside the plan's details; "more" follows below. A panel whose key is not here is a
# configuration error (the system check says so), so nothing lands on the page by accident.
PLAN_PAGE_LAYOUT: dict[str, tuple[str, ...]] = {
    "main": ("gate", "sign_off", "assessments", "confidence", "milestones", "review"),
    "more": (
        "cases",
        "risks",
        "benefits",
        "finance",
        "exit_strategy",
        "lessons",
        "reports",
        "decisions",
    ),
}

# The board paper's sections in the order a board member reads them, by key.
REPORT_OUTLINE: tuple[str, ...] = (
    # Front matter: the cover block and the numbered recommendations come first, as a
    # governing body's own papers do; then the summary, the background and the options.
    "cover",
    "recommendations",
    "executive_summary",
    "background",
    "options",
    # The Five Case sections, in short form (each section's own five_case places it); the
    # full registers behind them are the appendices.
    "purpose",
    "readiness",
    "economic",
    "commercial",
    "exit",
    "finance",
    "management",
    "milestones",
    "top_risks",
    # Closing: what the paper means for each body, then the decision it asks for.
    "implications",
    "decision",
    # Appendices, lettered in this order: the full records behind the short form.
    "assessment_appendix",
    "risks",
    "benefits",
    "finance_lines",
    "decision_log",
    "cases",
    "plan_history",
    "document_control",
)

# The monthly one-page highlight report for the partnership board, in delivery: its parts,
# in order, each contributed by the app that holds the data (PlanPlugin.highlight_sections).
HIGHLIGHT_OUTLINE: tuple[str, ...] = (
    "confidence",
    "milestones",
    "top_risks",
    "benefits",
    "decisions_needed",
)

# HM Treasury Five Case Model headings, plus the report's own parts.
FIVE_CASES = {
    "strategic": "The strategic case",
    "economic": "The economic case",
    "commercial": "The commercial case",
    "financial": "The financial case",
    "management": "The management case",
    "appendix": "Appendices",
    "": "",
}


@dataclass(frozen=True)
class PlanPanel:
    key: str
    title: str
    template: str
    # (PlanContext) -> dict; a fixed number of queries, so the page's count does not grow
    # with the data.
    context: Callable


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    five_case: str
    template: str
    # (PlanContext) -> dict, read as the data stands when the report is requested.
    context: Callable

    def __post_init__(self):
        if self.five_case not in FIVE_CASES:
            raise ValueError(f"Unknown Five Case heading {self.five_case!r}")


@dataclass(frozen=True)
class WaitingItem:
    """One thing waiting for a person, for the home page's "Waiting for you" list."""

    plan_id: int
    kind: str  # "decision", "assessment", "gate", "overdue"...
    text: str
    url: str
    due: date | None = None


@dataclass(frozen=True)
class OptionalTask:
    """A task on the plan page's task list that no gate requires."""

    title: str
    url: str
    status: str  # "not_started", "in_progress" or "completed"
    hint: str = ""


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    badge: int = 0


@dataclass(frozen=True)
class PlanPlugin:
    gate_checks: Sequence = ()
    panels: Sequence[PlanPanel] = ()
    report_sections: Sequence[ReportSection] = ()
    reminder_rules: Sequence = ()
    nav_items: Sequence[Callable] = ()
    demo_build: Callable | None = None
    demo_finish: Callable | None = None
    decision_log: Callable | None = None
    # (PlanContext, organisations, *, purpose) -> list[str]: recommendations this app drafts
    # for a board paper to the body governing those partner organisations (the finance app
    # drafts their share of the costs, say), worded for the paper's purpose ("decision",
    # "discussion" or "information": agree, comment on, note); the reports app puts them in
    # order with its own, and the author edits them before the version is frozen.
    recommendations: Callable | None = None
    # Parts of the monthly highlight report (ReportSection, five_case ""); their order is
    # HIGHLIGHT_OUTLINE.
    highlight_sections: Sequence[ReportSection] = ()
    # (Plan) -> list[str]: the lessons a closed or withdrawn plan takes to the case library
    # when it is proposed as a case ("What did not work: ..."), from the app that keeps them.
    proposal_lessons: Callable | None = None
    # (plans) -> {plan id: [note]}: short notes for those plans' rows on the dashboard, read
    # in a fixed number of queries for the whole page (none when no plan there needs one).
    dashboard_notes: Callable | None = None
    # (user, plans) -> list[WaitingItem]: what is waiting for this person on those plans
    # (an approver's decisions, a partner's assessments due, a lead's blocked gates and
    # overdue items), read in a fixed number of queries for the whole home page.
    waiting_for: Callable | None = None
    # (plans) -> {plan id: {fact key: value}}: this app's columns of the portfolio view
    # (delivery confidence, costs, benefits...), read in a fixed number of queries for all the
    # plans at once; PORTFOLIO_COLUMNS says which keys exist and how they are headed.
    portfolio_facts: Callable | None = None
    # (PlanContext) -> list[OptionalTask]: work on the plan page's task list that no gate
    # requires (marked "Optional"), from the app that owns it.
    optional_tasks: Callable | None = None


@cache
def plan_plugins() -> tuple[PlanPlugin, ...]:
    """Every installed app's PLUGIN, in INSTALLED_APPS order (read once per process)."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.plugin"
        if config.name.startswith("django") or find_spec(name) is None:
            continue
        plugin = getattr(import_module(name), "PLUGIN", None)
        if not isinstance(plugin, PlanPlugin):
            raise ImproperlyConfigured(f"{name} must define PLUGIN = PlanPlugin(...).")
        found.append(plugin)
    return tuple(found)


def plan_panels() -> dict[str, list[PlanPanel]]:
    """The plan page's panels, by place, in the layout's order."""
    by_key = {p.key: p for plugin in plan_plugins() for p in plugin.panels}
    return {
        place: [by_key[key] for key in keys if key in by_key]
        for place, keys in PLAN_PAGE_LAYOUT.items()
    }


def report_sections() -> list[ReportSection]:
    by_key = {s.key: s for plugin in plan_plugins() for s in plugin.report_sections}
    return [by_key[key] for key in REPORT_OUTLINE if key in by_key]


def highlight_sections() -> list[ReportSection]:
    by_key = {s.key: s for plugin in plan_plugins() for s in plugin.highlight_sections}
    return [by_key[key] for key in HIGHLIGHT_OUTLINE if key in by_key]


def proposal_lessons(plan) -> list[str]:
    """Every app's lessons for a case proposal from this plan, in INSTALLED_APPS order."""
    return [
        text
        for plugin in plan_plugins()
        if plugin.proposal_lessons
        for text in plugin.proposal_lessons(plan) or ()
    ]


def dashboard_notes(plans) -> dict[int, list[str]]:
    """Every app's notes for the dashboard's plans, by plan id, in INSTALLED_APPS order."""
    notes: dict[int, list[str]] = {plan.pk: [] for plan in plans}
    for plugin in plan_plugins():
        if plugin.dashboard_notes and notes:
            for plan_id, found in plugin.dashboard_notes(plans).items():
                notes[plan_id].extend(found)
    return notes


def waiting_for(user, plans) -> list[WaitingItem]:
    """Every app's waiting items for this person on these plans, soonest due first."""
    items = [
        item
        for plugin in plan_plugins()
        if plugin.waiting_for and plans
        for item in plugin.waiting_for(user, plans) or ()
    ]
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max))


def portfolio_facts(plans) -> dict[int, dict]:
    """Every app's portfolio columns for these plans, by plan id."""
    facts: dict[int, dict] = {plan.pk: {} for plan in plans}
    for plugin in plan_plugins():
        if plugin.portfolio_facts and facts:
            for plan_id, found in plugin.portfolio_facts(plans).items():
                facts[plan_id].update(found)
    return facts


def optional_tasks(ctx) -> list[OptionalTask]:
    return [
        t for plugin in plan_plugins() if plugin.optional_tasks for t in plugin.optional_tasks(ctx)
    ]


def reminder_rules() -> list:
    return [rule for plugin in plan_plugins() for rule in plugin.reminder_rules]


def nav_items(request) -> list[NavItem]:
    providers = [p for plugin in plan_plugins() for p in plugin.nav_items]
    return [item for item in (p(request) for p in providers) if item]


def demo_steps() -> list[Callable]:
    """Every app's demo build, then every app's finish (which summarise the others' data)."""
    plugins = plan_plugins()
    return [p.demo_build for p in plugins if p.demo_build] + [
        p.demo_finish for p in plugins if p.demo_finish
    ]


def decision_log_write(**row):
    """Write a decision-log row through the app that keeps the log (workflows), inside the
    caller's transaction so the change and its log row commit together."""
    writers = [p.decision_log for p in plan_plugins() if p.decision_log]
    if len(writers) != 1:
        raise ImproperlyConfigured("Exactly one installed app must keep the decision log.")
    return writers[0](**row)


def plugin_problems() -> list[str]:
    """What is wrong with the installed plugins, for the system check."""
    problems = []
    placed = {key for keys in PLAN_PAGE_LAYOUT.values() for key in keys}
    seen: dict[str, set[str]] = {"panel": set(), "report section": set(), "highlight": set()}
    for plugin in plan_plugins():
        for kind, items, allowed in (
            ("panel", plugin.panels, placed),
            ("report section", plugin.report_sections, set(REPORT_OUTLINE)),
            ("highlight", plugin.highlight_sections, set(HIGHLIGHT_OUTLINE)),
        ):
            for item in items:
                if item.key in seen[kind]:
                    problems.append(f"Two apps contribute the {kind} {item.key!r}.")
                seen[kind].add(item.key)
                if item.key not in allowed:
                    where = {
                        "panel": "PLAN_PAGE_LAYOUT",
                        "report section": "REPORT_OUTLINE",
                        "highlight": "HIGHLIGHT_OUTLINE",
                    }[kind]
                    problems.append(f"The {kind} {item.key!r} has no place in {where}.")
    codes: set[tuple[str, str]] = set()
    for plugin in plan_plugins():
        for check in plugin.gate_checks:
            if (check.stage, check.code) in codes:
                problems.append(f"Two gate checks are called {check.code!r} at {check.stage}.")
            codes.add((check.stage, check.code))
    return problems
