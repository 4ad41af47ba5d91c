"""Hooks through which other apps add to plan pages without `planner` importing them.

`workflows`, `assessments` and the sub-apps register panels in their AppConfig.ready().
A panel's context function gets the PlanAccess and must issue a fixed number of queries,
so the plan page's query count does not grow with the data.
"""

from collections.abc import Callable
from dataclasses import dataclass


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
