"""Gate checks fed by the partner assessments, on the gates leaving each assessed stage.

Each check reads the round the partners are filling in now (in delivery, the latest health
check) through the plan context, which reads it once for all four checks and the panel, and
explains every failure in a sentence naming the organisation or characteristic.

Readiness, low scores and disagreements are judged only with a quorum (every voting partner
submitted, `Aggregate.has_quorum`): before it, each of those checks fails and says how many
organisations have submitted, rather than passing on the scores of the few who have.
"""

from assessments.models import ASSESSED_STAGES
from assessments.selectors import round_state_in
from planner.context import PlanContext
from planner.gates import CheckResult, GateCheck


def check_submitted(ctx: PlanContext, stage: str):
    plan = ctx.plan
    state = round_state_in(ctx, stage)
    rnd = state.round
    for partner in state.partners:
        org = partner.organisation
        assessment = state.assessments.get(org.pk)
        done = assessment is not None and assessment.is_submitted
        yield CheckResult(
            f"assessment_submitted:{org.pk}",
            done,
            f"{org.name} has submitted its {rnd.label.lower()}."
            if done
            else f"{org.name} has not submitted its {rnd.label.lower()}.",
            "" if done else rnd.url("assessment_mine", plan.pk),
            "" if done else "Fill in the assessment",
        )


def _awaiting_quorum(state, code: str, what: str) -> CheckResult | None:
    """The failing result of a check that cannot judge yet, or None once every voting
    partner has submitted. `what` says what is waiting, e.g. "Readiness is"."""
    agg = state.aggregate
    if agg.has_quorum:
        return None
    return CheckResult(
        code,
        False,
        f"{agg.quorum_message}: {what} worked out when every partner organisation has "
        "submitted its assessment.",
        state.round.url("assessment_results", state.plan.pk),
        "See who has submitted",
        blocked_reason="Every partner organisation must submit its assessment first.",
    )


def check_readiness(ctx: PlanContext, stage: str):
    plan = ctx.plan
    state = round_state_in(ctx, stage)
    agg = state.aggregate
    url = state.round.url("assessment_results", plan.pk)
    if waiting := _awaiting_quorum(state, "assessment_readiness", "readiness is"):
        yield waiting
        return
    threshold = agg.thresholds.readiness
    yield CheckResult(
        "assessment_readiness",
        agg.is_ready,
        f"Readiness is {agg.readiness} out of 100 (at least {threshold} needed)."
        if agg.is_ready
        else f"Readiness is {agg.readiness} out of 100, below the {threshold} needed: strengthen "
        "the weakest characteristics and ask partners to reassess.",
        "" if agg.is_ready else url,
        "" if agg.is_ready else "See the weakest characteristics",
    )


def check_floor(ctx: PlanContext, stage: str):
    plan = ctx.plan
    state = round_state_in(ctx, stage)
    names = state.names
    if waiting := _awaiting_quorum(state, "assessment_floor", "low scores are"):
        yield waiting
        return
    low = state.aggregate.below_floor
    floor = state.aggregate.thresholds.floor
    if not low:
        yield CheckResult("assessment_floor", True, f"No characteristic averages below {floor:g}.")
    for c in low:
        justified = c.code in state.justified
        name = names.get(c.code, c.code)
        yield CheckResult(
            f"assessment_floor:{c.code}",
            justified,
            f"{name} averages {c.mean:.1f}, below the floor of {floor:g}; the project lead has "
            "logged why the plan may go on."
            if justified
            else f"{name} averages {c.mean:.1f}, below the floor of {floor:g}: the project lead "
            "must log a justification, or partners must reassess.",
            "" if justified else state.round.url("assessment_justify", plan.pk, c.code),
            "" if justified else f"Justify the low score for {name}",
        )


def check_disagreements(ctx: PlanContext, stage: str):
    plan = ctx.plan
    state = round_state_in(ctx, stage)
    if waiting := _awaiting_quorum(state, "assessment_disagreements", "disagreements are"):
        yield waiting
        return
    names = state.names
    flags = state.aggregate.flags
    if not flags:
        yield CheckResult(
            "assessment_disagreements", True, "The partners' ratings show no disagreement."
        )
    for c in flags:
        name = names.get(c.code, c.code)
        flag = state.flag_state(c.code)
        detail = ", ".join(f"{org} {r if r is not None else '?'}" for org, r in c.ratings)
        url = state.round.url("assessment_discuss", plan.pk, c.code)
        code = f"assessment_disagreement:{c.code}"
        if flag.is_resolved:
            yield CheckResult(
                code,
                True,
                f"The partners disagreed on {name} ({detail}) and agreed a resolution, which "
                "every organisation concerned has acknowledged or re-scored.",
            )
        elif flag.resolution is not None:
            waiting = _names(o.name for o in flag.waiting)
            verb = "has" if len(flag.waiting) == 1 else "have"
            yield CheckResult(
                code,
                False,
                f"The partners disagree on {name} ({detail}): a resolution is recorded, but "
                f"{waiting} {verb} not yet acknowledged it or re-scored.",
                url,
                f"Acknowledge the resolution of {name}",
            )
        elif (reopened := flag.last_reopened) is not None:
            yield CheckResult(
                code,
                False,
                f"The partners disagree on {name} ({detail}): "
                f"{reopened.reopened_organisation.name} reopened the agreed resolution "
                f"(“{reopened.reopen_reason}”), so a new one must be recorded.",
                url,
                f"Record a new resolution of {name}",
            )
        else:
            yield CheckResult(
                code,
                False,
                f"The partners disagree on {name} ({detail}): notes are recorded, but no agreed "
                "resolution yet."
                if flag.has_notes
                else f"The partners disagree on {name} ({detail}): discuss it and record the "
                "agreed resolution.",
                url,
                f"Record the resolution of {name}",
            )


def _names(names) -> str:
    """Organisation names as a sentence lists them: A; A and B; A, B and C."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _bind(func, stage):
    def check(ctx: PlanContext):
        return func(ctx, stage)

    check.__name__ = f"{func.__name__}_{stage}"
    return check


CHECKS = [
    (check_submitted, "assessment_submitted", "Every partner assessed"),
    (check_readiness, "assessment_readiness", "Assessed readiness"),
    (check_floor, "assessment_floor", "No unexplained low scores"),
    (check_disagreements, "assessment_disagreements", "Disagreements resolved"),
]

# The same four checks on the gate leaving each assessed stage, listed in plugin.py.
GATE_CHECKS = [
    GateCheck(stage, code, title, _bind(func, stage))
    for stage in ASSESSED_STAGES
    for func, code, title in CHECKS
]
