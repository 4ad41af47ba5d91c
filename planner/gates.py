"""Gates that explain themselves.

A gate is the set of checks a plan must pass to leave a stage. The apps that own the
evidence (workflows' partners, s.2 record and sign-offs, the assessments, the risk register)
list their checks in their `plugin.py`, so this module hard-codes none of them.

A check is a side-effect-free function `check(ctx: PlanContext) -> Iterable[CheckResult]`;
it may return several results (one per partner organisation, say), and each says in a plain
sentence what is missing and where to fix it. Checks read through the context, which reads
each thing once however many checks and panels ask for it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from planner.models import GATED_STAGES, Stage
from planner.plugins import plan_plugins

# The checks on withdrawing a plan, from whichever stage, are GateChecks with this in place
# of a stage: a withdrawn plan must still teach the next scheme (why it stopped, what would
# have helped), and the app that keeps the lessons says so without the stage machine naming
# it. `withdrawal_report` evaluates them; workflows' withdraw transition is conditional on it.
WITHDRAWAL = "withdrawal"


@dataclass(frozen=True)
class CheckResult:
    code: str
    passed: bool
    message: str
    fix_url: str = ""
    fix_label: str = ""
    # Why the work cannot begin yet, when something else must come first (no sign-off before
    # the partners are settled): the task list then says "Cannot start yet" and why.
    blocked_reason: str = ""
    # The work has begun though the check has not passed (a partner notified, its response
    # awaited): the task list says "In progress" rather than "Not started".
    started: bool = False


@dataclass(frozen=True)
class GateCheck:
    stage: str
    code: str
    title: str
    func: Callable  # (PlanContext) -> Iterable[CheckResult]


@dataclass
class GateReport:
    stage: str
    results: list[CheckResult] = field(default_factory=list)
    # The same results grouped by the check that gave them, in the gate's order: the plan
    # page's task list has one task per check, so it and the "what is missing" list agree.
    by_check: list[tuple[GateCheck, list[CheckResult]]] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]

    @property
    def passed_count(self) -> int:
        return sum(1 for r in self.results if r.passed)


def gate_checks_for(stage: str) -> list[GateCheck]:
    """The checks on the gate leaving `stage`, in the apps' order, then each app's own."""
    return [c for plugin in plan_plugins() for c in plugin.gate_checks if c.stage == stage]


def gate_evaluate(ctx, stage: str | None = None) -> GateReport:
    """Run every check of the gate leaving `stage` (default: the plan's stage).

    Use `ctx.gate` instead where you can: it evaluates the gate once per context. A stage
    with no checks (closed, withdrawn...) is open.
    """
    stage = stage or ctx.plan.stage
    report = GateReport(stage=stage)
    for check in gate_checks_for(stage):
        results = list(check.func(ctx))
        report.results.extend(results)
        report.by_check.append((check, results))
    return report


def withdrawal_report(ctx) -> GateReport:
    """The checks on withdrawing the plan, evaluated once per context."""
    return ctx.shared("gates.withdrawal", lambda: gate_evaluate(ctx, WITHDRAWAL))


def stage_is_gated(stage: str) -> bool:
    """Whether a gate leaves the stage: each stage along the main line to delivery, and review,
    whose gate is the close (the review written, its lessons, the benefits' final statuses).
    Review is not in GATED_STAGES because it has no target date and no `advance`."""
    return stage in GATED_STAGES or stage == Stage.REVIEW
