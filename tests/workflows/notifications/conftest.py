import pytest

from planner.models import MemberRole
from tests.factories import UserFactory, add_partner


@pytest.fixture
def police_approver(orgs, plan):
    user = UserFactory(
        email="pcc@police.test", full_name="Pam Commissioner", organisation=orgs["police"]
    )
    add_partner(plan, user, member_role=MemberRole.APPROVER)
    return user
