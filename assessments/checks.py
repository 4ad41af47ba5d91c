"""Gate checks fed by the partner assessments, on the gates leaving each assessed stage.

Each check reads the round the partners are filling in now (in delivery, the latest health
check) and explains every failure in a sentence naming the organisation or characteristic.
"""

from assessments.models import ASSESSED_STAGES
from assessments.selectors import RoundState, current_round, round_state
from workflows.gates import CheckResult, gate_check

# The four checks run in order within one gate evaluation; the first reads the round afresh
# and leaves it on the plan object for the other three, so the gate costs one set of queries.
_STATE_ATTR = "_assessment_round_state"


def _fresh_state(plan, stage) -> RoundState:
    state = round_state(plan, current_round(plan, stage))
    setattr(plan, _STATE_ATTR, state)
    return state


def _state(plan, stage) -> RoundState:
    state = getattr(plan, _STATE_ATTR, None)
    if state is None or state.round.stage != stage:
        state = _fresh_state(plan, stage)
    return state


def check_submitted(plan, stage):
    state = _fresh_state(plan, stage)
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


def check_readiness(plan, stage):
    state = _state(plan, stage)
    agg = state.aggregate
    url = state.round.url("assessment_results", plan.pk)
    if not state.submitted:
        yield CheckResult(
            "assessment_readiness",
            False,
            "Readiness cannot be worked out until partners submit their assessments.",
            url,
            "See the assessment results",
        )
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


def check_floor(plan, stage):
    state = _state(plan, stage)
    names = state.names
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


def check_disagreements(plan, stage):
    state = _state(plan, stage)
    names = state.names
    flags = state.aggregate.flags
    if not flags:
        yield CheckResult(
            "assessment_disagreements", True, "The partners' ratings show no disagreement."
        )
    for c in flags:
        name = names.get(c.code, c.code)
        discussed = bool(state.notes.get(c.code))
        detail = ", ".join(f"{org} {r if r is not None else '?'}" for org, r in c.ratings)
        yield CheckResult(
            f"assessment_disagreement:{c.code}",
            discussed,
            f"The partners disagreed on {name} ({detail}) and recorded their discussion."
            if discussed
            else f"The partners disagree on {name} ({detail}): record a discussion note.",
            "" if discussed else state.round.url("assessment_discuss", plan.pk, c.code),
            "" if discussed else f"Record the discussion of {name}",
        )


def _bind(func, stage):
    def check(plan):
        return func(plan, stage)

    check.__name__ = f"{func.__name__}_{stage}"
    return check


CHECKS = [
    (check_submitted, "assessment_submitted", "Every partner assessed"),
    (check_readiness, "assessment_readiness", "Assessed readiness"),
    (check_floor, "assessment_floor", "No unexplained low scores"),
    (check_disagreements, "assessment_disagreements", "Disagreements discussed"),
]
for _stage in ASSESSED_STAGES:
    for _order, (_func, _code, _title) in enumerate(CHECKS, start=40):
        gate_check(_stage, code=_code, title=_title, order=_order)(_bind(_func, _stage))
