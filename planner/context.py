"""One plan context per request: who is looking, at which plan, and what the page shares.

A view builds the context once (`PlanContext.for_user`), and passes it to the transition
service, the gate checks, the plan-page panels and the report sections. The report, which
is rendered for the plan rather than for a person, builds one with `PlanContext.for_plan`.

The context holds:
- `access`: the person, their organisation and role (None for the report);
- `gate`: the report of the gate leaving the plan's current stage, evaluated the first time
  it is asked for and never again in this context;
- `shared(key, read)`: reads that several contributors need (the partners, the current
  assessment round, the risk register), read the first time any of them asks. The answer
  does not depend on which contributor asks first, because a read never depends on who asks.

It lives as long as the request (or the report render) and belongs to it: nothing is kept
on model instances, and a write that must be seen afresh builds a new context.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from planner.access import PlanAccess, plan_access_for_user
from planner.gates import gate_evaluate, stage_is_gated
from planner.models import Plan, PlanMember, PlanPartner, S2Notice
from planner.selectors import plan_members, plan_partners, plan_s2_notices

T = TypeVar("T")
_NOT_YET = object()


class PlanContext:
    def __init__(self, plan: Plan, access: PlanAccess | None = None):
        self.plan = plan
        self.access = access
        self._shared: dict[Any, Any] = {}
        self._gate = _NOT_YET

    @classmethod
    def for_user(cls, user, plan_id, *, for_change: bool = False) -> "PlanContext":
        """The person's context on the plan, or Http404 / PermissionDenied as
        `plan_access_for_user` decides."""
        return cls.for_access(plan_access_for_user(user, plan_id, for_change=for_change))

    @classmethod
    def for_access(cls, access: PlanAccess) -> "PlanContext":
        return cls(access.plan, access)

    @classmethod
    def for_plan(cls, plan: Plan) -> "PlanContext":
        """A context with no person: for the report and the dashboard's gate summary."""
        return cls(plan)

    def __repr__(self):
        who = self.access.user.email if self.access else "no one"
        return f"<PlanContext plan={self.plan.pk} for {who}>"

    def shared(self, key, read: Callable[[], T]) -> T:
        """What `read()` returns, read once in this context. `key` names the read (and its
        arguments, e.g. ("assessments.round", stage)); each app prefixes its own keys."""
        if key not in self._shared:
            self._shared[key] = read()
        return self._shared[key]

    @property
    def gate(self):
        """The gate leaving the plan's stage, evaluated once; None where no gate applies."""
        if self._gate is _NOT_YET:
            self._gate = gate_evaluate(self) if stage_is_gated(self.plan.stage) else None
        return self._gate

    # The plan's own rows that checks, panels and the page all show.

    @property
    def partners(self) -> list[PlanPartner]:
        if self.access is not None:
            return list(self.access.partners)  # read with the access, in the same query
        return self.shared("planner.partners", lambda: plan_partners(self.plan))

    @property
    def members(self) -> list[PlanMember]:
        return self.shared("planner.members", lambda: plan_members(self.plan))

    @property
    def s2_notices(self) -> list[S2Notice]:
        return self.shared("planner.s2_notices", lambda: plan_s2_notices(self.plan))
