"""A plan reference is a short code (letters, numbers and hyphens), checked by the model, so it
is safe in e-mail headers and file names; references stored before the rule are rewritten by
a data migration that keeps the old value in the decision log."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import Plan
from planner.services import plan_update
from tests.factories import PlanFactory
from tests.planner.test_plans import PLAN_DATA
from workflows.models import Decision, DecisionKind

pytestmark = pytest.mark.django_db

HOSTILE_REFERENCES = [
    "WLD-EST-01\r\nBcc: x@evil.test",
    "WLD-EST-01\nBcc: x@evil.test",
    "../../X",
    "..",
    "A/B",
    "A\\B",
    "A B",
    "A\x00B",
    "-WLD",
    "WLD-",
    "WLD--EST",
    "ÉST-01",
    "A" * 21,
]


def plan_row_values():
    return list(Plan.objects.order_by("pk").values_list("pk", "reference", "title"))


@pytest.mark.parametrize("reference", HOSTILE_REFERENCES)
def test_the_model_refuses_a_reference_that_is_not_a_short_code(plan, reference):
    plan.reference = reference
    with pytest.raises(ValidationError) as caught:
        plan.full_clean(exclude=["stage"])
    assert "reference" in caught.value.message_dict


@pytest.mark.parametrize("reference", ["WLD-EST-01", "wld-est-01", "A", "X9", "A" * 20])
def test_the_model_accepts_letters_numbers_and_single_hyphens(plan, reference):
    plan.reference = reference
    plan.full_clean(exclude=["stage"])
    assert plan.reference == reference.upper()


@pytest.mark.parametrize("reference", HOSTILE_REFERENCES)
def test_creating_a_plan_with_a_hostile_reference_shows_the_govuk_message_and_saves_nothing(
    client_for, police_lead, reference
):
    response = client_for(police_lead).post(
        reverse("plan_create"), {**PLAN_DATA, "reference": reference}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    expected = (
        b"Reference must be 20 characters or fewer"
        if len(reference) > 20
        else b"Enter a reference using only letters, numbers and hyphens, like WLD-EST-01"
    )
    assert expected in response.content
    assert not Plan.objects.exists()


def test_editing_a_plan_to_a_hostile_reference_is_refused_and_changes_nothing(plan, police_lead):
    before = plan_row_values()
    with pytest.raises(DomainError, match="only letters, numbers and hyphens"):
        plan_update(
            access=plan_access_for_user(police_lead, plan.pk),
            data={"reference": "../../X", "title": "Renamed"},
        )
    assert plan_row_values() == before


# The data migration


def rewrite_stored_references():
    migration = importlib.import_module("planner.migrations.0003_plan_reference_short_code")
    migration.rewrite_references(apps, None)


def store(plan, reference):
    # A queryset update, as rows written before the rule were never checked.
    Plan.objects.filter(pk=plan.pk).update(reference=reference)


def test_the_migration_rewrites_bad_references_to_unique_codes_and_logs_the_old_value(
    police_lead,
):
    injected, traversal, clash, deep, long_one, fine = (
        PlanFactory(created_by=police_lead) for _ in range(6)
    )
    taken = PlanFactory(created_by=police_lead, reference="A-B")
    store(injected, "WLD-EST-01\r\nBcc: x@evil.test")
    store(traversal, "../../X")
    store(clash, "A/B")  # A-B is taken: the new code must differ
    store(deep, "../" * 9)
    store(long_one, "NORTH-WEST-JOINT-FLEET-2026")
    store(fine, "WLD-EST-02")

    rewrite_stored_references()

    codes = dict(Plan.objects.values_list("pk", "reference"))
    assert codes[injected.pk] == "WLD-EST-01"  # what came before the line break
    assert codes[traversal.pk] == "X"
    assert codes[clash.pk] not in {"A-B", "A/B"} and codes[clash.pk].startswith("A-B")
    assert codes[deep.pk] == f"PLAN-{deep.pk}"
    assert len(codes[long_one.pk]) <= 20 and codes[long_one.pk].startswith("NORTH-WEST")
    assert codes[fine.pk] == "WLD-EST-02" and codes[taken.pk] == "A-B"
    assert len(set(codes.values())) == len(codes)
    for plan in Plan.objects.all():
        plan.full_clean(exclude=["stage"])

    logged = {d.plan_id: d for d in Decision.objects.filter(topic="plan-reference")}
    assert set(logged) == {injected.pk, traversal.pk, clash.pk, deep.pk, long_one.pk}
    row = logged[injected.pk]
    assert row.kind == DecisionKind.CORRECTION
    assert row.actor == police_lead and row.actor_organisation == police_lead.organisation
    assert "WLD-EST-01\r\nBcc: x@evil.test" in row.rationale
    assert "WLD-EST-01" in row.summary and "\n" not in row.summary and "\r" not in row.summary


def test_the_migration_leaves_valid_references_and_the_decision_log_alone(plan):
    before = plan_row_values()
    rewrite_stored_references()
    rewrite_stored_references()
    assert plan_row_values() == before
    assert not Decision.objects.exists()
