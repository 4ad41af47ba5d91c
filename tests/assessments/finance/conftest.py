import pytest

from planner.models import Stage
from tests.assessments.finance.factories import period
from tests.helpers import set_stage


@pytest.fixture
def finance_plan(plan):
    """The shared test plan at governance alignment, its money stated over 2026/27 to
    2030/31."""
    period(plan, 2026, 5)
    return set_stage(plan, Stage.GOVERNANCE)
