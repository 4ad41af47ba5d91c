"""The stages are listed once (planner.models.STAGE_ORDER); the other lists follow from it."""

from planner.models import (
    ACTIVE_STAGES,
    GATED_STAGES,
    STAGE_ORDER,
    TARGETED_STAGES,
    Plan,
    Stage,
)


def test_the_main_line_runs_from_scoping_to_closure():
    assert STAGE_ORDER == [
        Stage.SCOPING,
        Stage.GOVERNANCE,
        Stage.RISK,
        Stage.DELIVERY,
        Stage.REVIEW,
        Stage.CLOSED,
    ]


def test_active_stages_are_the_main_line_before_closure_in_order():
    assert STAGE_ORDER[:-1] == ACTIVE_STAGES


def test_every_active_stage_but_review_is_left_through_a_gate():
    assert [s for s in ACTIVE_STAGES if s != Stage.REVIEW] == GATED_STAGES


def test_every_targeted_stage_has_a_target_date_on_the_plan():
    for stage in TARGETED_STAGES:
        assert Plan._meta.get_field(f"{stage}_target")
    assert not hasattr(Plan, f"{Stage.REVIEW}_target")
