"""Gates that explain themselves.

A gate is the set of checks a plan must pass to leave a stage. Checks are registered by the
apps that own the evidence (planner's partners and s.2 record, workflows' sign-offs,
assessments, the risk register), so this module hard-codes none of them.

A check is a side-effect-free function `check(plan) -> Iterable[CheckResult]`; it may return
several results (one per partner organisation, say), and each says in a plain sentence what
is missing and where to fix it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from planner.models import Plan, Stage
from planner.selectors import plan_forget_reads


@dataclass(frozen=True)
class CheckResult:
    code: str
    passed: bool
    message: str
    fix_url: str = ""
    fix_label: str = ""


@dataclass(frozen=True)
class GateCheck:
    stage: str
    code: str
    title: str
    order: int
    func: Callable[[Plan], Iterable[CheckResult]]


@dataclass
class GateReport:
    stage: str
    results: list[CheckResult] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]

    @property
    def passed_count(self) -> int:
        return sum(1 for r in self.results if r.passed)


_registry: dict[str, dict[str, GateCheck]] = {}


def gate_check(stage: str, *, code: str, title: str, order: int = 100):
    """Register a check on the gate that leaves `stage`."""

    def register(func):
        _registry.setdefault(stage, {})[code] = GateCheck(stage, code, title, order, func)
        return func

    return register


def gate_checks_for(stage: str) -> list[GateCheck]:
    return sorted(_registry.get(stage, {}).values(), key=lambda c: (c.order, c.code))


def gate_evaluate(plan: Plan, stage: str | None = None) -> GateReport:
    """Run every check of the gate leaving `stage` (default: the plan's stage).

    Steps:
    1. Forget the partners, people and s.2 record the plan object holds, so the checks read
       them afresh; the checks then share one read of each.
    2. Take the checks registered for the stage, in their order.
    3. Run each against the plan; a check returns one or more results.
    4. The gate is open when every result passed. A stage with no checks is open.
    """
    stage = stage or plan.stage
    plan_forget_reads(plan)
    report = GateReport(stage=stage)
    for check in gate_checks_for(stage):
        report.results.extend(check.func(plan))
    return report


GATED_STAGES = [Stage.SCOPING, Stage.GOVERNANCE, Stage.RISK, Stage.DELIVERY]
