import pytest

from planner.models import Stage
from tests.helpers import keep_gate_checks, set_stage


@pytest.fixture
def review_plan(plan):
    """The shared test plan in review, as if delivery had been completed."""
    return set_stage(plan, Stage.REVIEW)


@pytest.fixture
def delivery_plan(plan):
    return set_stage(plan, Stage.DELIVERY)


@pytest.fixture
def review_checks_only(monkeypatch):
    """Only this app's checks: the benefits' final statuses test themselves in the risks
    suite."""
    keep_gate_checks(monkeypatch, "assessments.review.checks")
