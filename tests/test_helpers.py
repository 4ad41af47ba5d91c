"""The snapshot helper the refusal tests rely on: it must see a change, or they prove nothing."""

import pytest

from planner.models import Plan, PlanPartner
from tests.factories import OrganisationFactory
from tests.helpers import assert_unchanged, changed_tables, snapshot, state_models

pytestmark = pytest.mark.django_db


def test_an_untouched_snapshot_passes(plan):
    before = snapshot(plan, Plan, plan.partners.all(), *state_models())
    assert changed_tables(before) == []
    assert_unchanged(before)


def test_a_changed_column_is_seen_on_the_instance_the_table_and_every_state_table(plan):
    before = snapshot(plan, Plan, *state_models())
    Plan.objects.filter(pk=plan.pk).update(summary="Written by a refused request")
    assert changed_tables(before) == ["planner.Plan"] * 3
    with pytest.raises(AssertionError, match="planner.Plan changed"):
        assert_unchanged(before)


def test_a_row_added_or_deleted_under_a_queryset_is_seen(plan):
    partners = plan.partners.all()
    before = snapshot(partners)
    added = PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory())
    assert changed_tables(before) == ["planner.PlanPartner"]
    added.delete()
    assert_unchanged(before)
    plan.partners.first().delete()
    assert changed_tables(before) == ["planner.PlanPartner"]
