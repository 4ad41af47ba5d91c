"""Hooks through which other apps add to plan pages without `planner` importing them.

`workflows`, `assessments` and the sub-apps register panels in their AppConfig.ready().
A panel's context function gets the PlanAccess and must issue a fixed number of queries,
so the plan page's query count does not grow with the data.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PlanPanel:
    key: str
    title: str
    template: str
    order: int
    context: Callable  # (PlanAccess) -> dict


_plan_panels: dict[str, PlanPanel] = {}


def register_plan_panel(panel: PlanPanel) -> None:
    _plan_panels[panel.key] = panel


def plan_panels() -> list[PlanPanel]:
    return sorted(_plan_panels.values(), key=lambda p: p.order)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    badge: int = 0


# Functions (request) -> NavItem | None that add links to the header for signed-in people.
_nav_providers: list[Callable] = []


def register_nav_item(provider: Callable) -> None:
    if provider not in _nav_providers:
        _nav_providers.append(provider)


def nav_items(request) -> list[NavItem]:
    return [item for item in (p(request) for p in _nav_providers) if item]


# The decision log belongs to `workflows`. Planner's own changes that must be logged (taking
# a partner off a plan) write to it through this one hook, which workflows fills in ready():
# a function (*, plan, actor, summary, rationale, topic) -> the logged row, run inside the
# caller's transaction so the change and its log row commit together.
_decision_log: list[Callable] = []


def register_decision_log(writer: Callable) -> None:
    _decision_log[:] = [writer]


def decision_log_write(**row):
    if not _decision_log:
        raise ImproperlyConfigured("No decision log is installed: `workflows` registers it.")
    return _decision_log[0](**row)
