import pytest

from planner.models import Stage
from tests.helpers import set_stage


@pytest.fixture
def risk_plan(plan):
    """The shared test plan, moved to joint risk assessment."""
    return set_stage(plan, Stage.RISK)


@pytest.fixture
def only_risk_gates(monkeypatch):
    """Keep only this app's checks on the gates, so tests see what the risk register says."""
    from workflows import gates

    own = {
        stage: {
            code: c for code, c in checks.items() if c.func.__module__ == "assessments.risks.checks"
        }
        for stage, checks in gates._registry.items()
    }
    monkeypatch.setattr(gates, "_registry", own)
