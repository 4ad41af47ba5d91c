"""Benefits recorded before the owner organisation existed get their owner's organisation from
the data migration, which is who "who pays, who gains" counted them for until then."""

from datetime import date

import pytest

from assessments.risks.models import Benefit, BenefitStatus
from tests.migrations import migrate, migrate_to_latest

BEFORE = [("risks", "0003_benefit_actual_corrections")]
AFTER = [("risks", "0005_benefit_owner_organisation_data")]


@pytest.fixture
def before_owner_organisation(transactional_db):
    old = migrate(BEFORE)
    yield old
    migrate_to_latest()


def test_existing_benefits_get_their_owners_organisation(before_owner_organisation, plan):
    old = before_owner_organisation
    OldBenefit = old.get_model("risks", "Benefit")
    owner = plan.created_by
    pk = OldBenefit.objects.create(
        plan_id=plan.pk,
        title="Overtime saved",
        kind="cashable",
        owner_id=owner.pk,
        baseline_value=0,
        baseline_date=date(2026, 1, 1),
        target_value=50000,
        target_date=date(2027, 1, 1),
        created_by_id=owner.pk,
    ).pk

    migrate(AFTER)

    benefit = Benefit.objects.get(pk=pk)
    assert benefit.owner_organisation_id == owner.organisation_id
    assert benefit.status == BenefitStatus.ON_TRACK
