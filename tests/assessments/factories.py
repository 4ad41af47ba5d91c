"""Helpers for assessment tests: fill in and submit through the real services."""

from assessments.selectors import Round, framework_current, questions_for
from assessments.services import AnswerInput, assessment_start, assessment_submit
from planner.access import plan_access_for_user


def stage_codes(stage: str, framework=None) -> list[str]:
    return [q.characteristic.code for q in questions_for(framework or framework_current(), stage)]


def answers_for(stage: str, default: int | None = 4, framework=None, **overrides):
    """Every question of the stage answered with `default` (None is don't know), with
    per-code overrides."""
    result = {}
    for code in stage_codes(stage, framework):
        value = overrides.get(code, default)
        result[code] = AnswerInput(
            rating=value, dont_know=value is None, evidence=f"Evidence about {code}."
        )
    return result


def submit(plan, user, default: int | None = 4, rnd: Round | None = None, **overrides):
    """Start and submit the user's organisation's assessment for the round."""
    access = plan_access_for_user(user, plan.pk)
    rnd = rnd or Round(plan.stage, 0)
    assessment = assessment_start(access=access, rnd=rnd)
    return assessment_submit(
        access=access,
        assessment=assessment,
        answers=answers_for(rnd.stage, default, assessment.framework, **overrides),
    )


def draft(plan, user, rnd: Round | None = None):
    access = plan_access_for_user(user, plan.pk)
    return assessment_start(access=access, rnd=rnd or Round(plan.stage, 0))
