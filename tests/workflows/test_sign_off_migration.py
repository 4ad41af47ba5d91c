"""Decisions recorded before supersession was explicit are chained by the migration: the one
that counted still counts, every row is kept."""

import pytest

from tests.migrations import migrate, migrate_to_latest
from workflows.models import SignOff

# Planner as it stood when these migrations were written, so the old state's plans can be
# made (a later planner column has no database default for the old state to leave out).
BEFORE = [("workflows", "0001_initial"), ("planner", "0004_plan_reference_rule_invitation_email")]
AFTER = [("workflows", "0003_one_first_sign_off_per_org_and_gate")]


@pytest.fixture
def before_supersession(transactional_db):
    old = migrate(BEFORE)
    yield old
    migrate_to_latest()


def test_earlier_decisions_of_one_body_become_one_chain_with_the_last_recorded_current(
    before_supersession,
):
    old = before_supersession
    Organisation = old.get_model("planner", "Organisation")
    User = old.get_model("planner", "User")
    Plan = old.get_model("planner", "Plan")
    OldSignOff = old.get_model("workflows", "SignOff")
    council = Organisation.objects.create(
        name="Testshire County Council", kind="local_authority", area="T", governing_body="C"
    )
    fire = Organisation.objects.create(
        name="Testshire Fire", kind="fire", area="T", governing_body="FRA"
    )
    rep = User.objects.create(email="rep@council.test", full_name="Rae Rep", organisation=council)
    plan = Plan.objects.create(
        title="Shared station",
        reference="TST-PLAN",
        summary="s",
        collaboration_type="sharing_premises",
        area="T",
        objectives="o",
        public_outcome="p",
        created_by=rep,
        stage="governance_alignment",
    )

    def old_decision(org, decision, reference):
        return OldSignOff.objects.create(
            plan=plan,
            organisation=org,
            body=org.governing_body,
            decision=decision,
            decided_on="2026-02-01",
            reference=reference,
            recorded_by=rep,
        ).pk

    # The pen-test's sequence: the approver rejects, a representative then "approves".
    rejected = old_decision(council, "rejected", "CAB/1")
    approved = old_decision(council, "approved", "CAB/2")
    fire_only = old_decision(fire, "deferred", "FRA/1")

    migrate(AFTER)

    rows = {s.pk: s for s in SignOff.objects.select_related("supersedes")}
    assert len(rows) == 3
    assert rows[rejected].supersedes is None
    assert rows[approved].supersedes_id == rejected
    assert "explicitly" in rows[approved].supersession_reason
    assert rows[fire_only].supersedes is None
    current = set(SignOff.objects.current().values_list("pk", flat=True))
    assert current == {approved, fire_only}
