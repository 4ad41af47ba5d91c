import pytest

from planner.models import MemberRole, Plan
from tests.factories import UserFactory, add_partner


@pytest.fixture
def police_approver(orgs, plan):
    user = UserFactory(
        email="pcc@police.test", full_name="Pam Commissioner", organisation=orgs["police"]
    )
    add_partner(plan, user, member_role=MemberRole.APPROVER)
    return user


def set_plan(plan, **fields):
    Plan.objects.filter(pk=plan.pk).update(**fields)
    plan.refresh_from_db()
    return plan
