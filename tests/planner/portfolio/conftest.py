import pytest

from tests.planner.portfolio.factories import portfolio_plans


@pytest.fixture
def grow(police_lead, orgs):
    """grow(n): n more portfolio plans (tests.planner.portfolio.factories), led by police
    with fire as partner unless told otherwise."""
    made = []

    def grow(n, *, lead=police_lead, partners=("fire",)):
        plans = portfolio_plans(lead, [orgs[name] for name in partners], len(made), n)
        made.extend(plans)
        return plans

    return grow
