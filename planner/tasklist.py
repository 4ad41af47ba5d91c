"""The plan page's task list: the current stage's gate as GOV.UK tasks, plus optional work.

There is one task per gate check, read from the same results the gate's "what is missing"
list shows (`ctx.gate.by_check`), so the two can never disagree; then the work no gate
requires that the apps offer (`PlanPlugin.optional_tasks`), marked "Optional".
"""

from dataclasses import dataclass

from planner.context import PlanContext
from planner.gates import CheckResult
from planner.plugins import optional_tasks

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CANNOT_START = "cannot_start"

# How many of a task's missing things its hint names before saying how many more there are.
HINT_MESSAGES = 2

STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    CANNOT_START: "Cannot start yet",
}


@dataclass(frozen=True)
class Task:
    code: str
    title: str
    status: str
    url: str = ""
    hint: str = ""
    optional: bool = False
    # What is still missing, one sentence each (the first few), and how many more there are.
    missing: tuple[str, ...] = ()
    more: int = 0

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def task_status(results: list[CheckResult]) -> str:
    """A gate task's status from its check's results.

    1. Every result passed: Completed.
    2. None passed, and every one says why it cannot begin (`blocked_reason`): Cannot start yet.
    3. Some passed, or a result says its work has begun (`started`, a partner notified and
       its answer awaited): In progress.
    4. Otherwise: Not started.
    """
    passed = sum(1 for r in results if r.passed)
    if passed == len(results):
        return COMPLETED
    if not passed and all(r.blocked_reason for r in results):
        return CANNOT_START
    return IN_PROGRESS if passed or any(r.started for r in results) else NOT_STARTED


def _gate_task(code: str, title: str, results: list[CheckResult]) -> Task:
    status = task_status(results)
    failed = [r for r in results if not r.passed]
    if status == CANNOT_START:
        # A task that cannot start has no link: there is nothing to do there yet.
        reasons = dict.fromkeys(r.blocked_reason for r in failed)
        return Task(code, title, status, hint=" ".join(reasons))
    url = next((r.fix_url for r in failed if r.fix_url), "") or next(
        (r.fix_url for r in results if r.fix_url), ""
    )
    if status == COMPLETED:
        hint = " ".join(r.message for r in results) if len(results) <= 2 else ""
    else:
        hint = f"{len(results) - len(failed)} of {len(results)} done." if len(results) > 1 else ""
        # A row stays a row: the first few things missing, and how many more the task's page
        # (or "See what is missing") lists.
        missing = tuple(r.message for r in failed[:HINT_MESSAGES])
        more = max(len(failed) - HINT_MESSAGES, 0)
        return Task(code, title, status, url, hint, missing=missing, more=more)
    return Task(code, title, status, url, hint)


def plan_task_list(ctx: PlanContext) -> list[Task]:
    """The tasks of the gate leaving the plan's stage, in the gate's order, then the optional
    ones. A check with nothing to judge (no conditions of approval to discharge) is no task;
    a stage with no gate (closed, withdrawn, on hold) has only optional tasks."""
    tasks = [
        _gate_task(check.code, check.title, results)
        for check, results in (ctx.gate.by_check if ctx.gate else ())
        if results
    ]
    tasks += [
        Task(f"optional:{i}", t.title, t.status, t.url, t.hint, optional=True)
        for i, t in enumerate(optional_tasks(ctx))
    ]
    return tasks
