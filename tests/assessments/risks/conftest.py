import pytest

from planner.models import Stage
from tests.helpers import keep_gate_checks, set_stage


@pytest.fixture
def risk_plan(plan):
    """The shared test plan, moved to joint risk assessment."""
    return set_stage(plan, Stage.RISK)


@pytest.fixture
def only_risk_gates(monkeypatch):
    """Keep only this app's checks on the gates, so tests see what the risk register says."""
    keep_gate_checks(monkeypatch, "assessments.risks.checks")
