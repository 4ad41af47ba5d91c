"""A plan reference is a short code (letters, numbers and hyphens), checked by the model, so it
is safe in e-mail headers and file names; references stored before the rule are rewritten by
a data migration that keeps the old value in the decision log."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import Plan
from planner.services import plan_update
from tests.migrations import migrate, migrate_to_latest
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
    assert response.status_code == 400
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


# The data migration: run for real, from the schema before the rule (a 30-character free-text
# column) to the latest, so it also proves the rewrite comes before the column shrinks.

BEFORE = [("planner", "0002_plan_reference_message"), ("workflows", "0001_initial")]


@pytest.fixture
def before_the_rule(transactional_db):
    old = migrate(BEFORE)
    yield old
    migrate_to_latest()


def old_plans(old, references):
    Organisation = old.get_model("planner", "Organisation")
    User = old.get_model("planner", "User")
    Plan = old.get_model("planner", "Plan")
    PlanPartner = old.get_model("planner", "PlanPartner")
    police = Organisation.objects.create(
        name="Testshire Police", kind="police", area="Testshire", governing_body="PCC"
    )
    lead = User.objects.create(email="lead@police.test", full_name="Pat Lead", organisation=police)
    plans = {}
    for name, reference in references.items():
        plan = Plan.objects.create(
            title=name,
            reference=reference,
            summary="s",
            collaboration_type="other",
            area="Testshire",
            objectives="o",
            public_outcome="p",
            created_by=lead,
        )
        PlanPartner.objects.create(plan=plan, organisation=police, role="lead")
        plans[name] = plan.pk
    return plans, lead.pk, police.pk


@pytest.mark.django_db(transaction=True)
def test_the_migration_rewrites_bad_references_to_unique_codes_and_logs_the_old_value(
    before_the_rule,
):
    plans, lead_id, police_id = old_plans(
        before_the_rule,
        {
            "injected": "WLD-EST-01\r\nBcc: x@evil.test",
            "traversal": "../../X",
            "clash": "A/B",  # A-B is taken: the new code must differ
            "taken": "A-B",
            "deep": "../" * 9,
            "long": "NORTH-WEST-JOINT-FLEET-2026",
            "fine": "WLD-EST-02",
        },
    )

    migrate_to_latest()  # through the reference migration, and the later ones the models know

    codes = {title: ref for title, ref in Plan.objects.values_list("title", "reference")}
    assert codes["injected"] == "WLD-EST-01"  # what came before the line break
    assert codes["traversal"] == "X"
    assert codes["clash"] == f"A-B-{plans['clash']}"
    assert codes["deep"] == f"PLAN-{plans['deep']}"
    assert codes["long"] == "NORTH-WEST-JOINT-FLE"
    assert codes["fine"] == "WLD-EST-02" and codes["taken"] == "A-B"
    assert len(set(codes.values())) == len(codes)
    for plan in Plan.objects.all():
        plan.full_clean(exclude=["stage"])

    logged = {d.plan_id: d for d in Decision.objects.filter(topic="plan-reference")}
    assert set(logged) == {plans[n] for n in ("injected", "traversal", "clash", "deep", "long")}
    row = logged[plans["injected"]]
    assert row.kind == DecisionKind.CORRECTION
    assert (row.actor_id, row.actor_organisation_id) == (lead_id, police_id)
    assert "WLD-EST-01\r\nBcc: x@evil.test" in row.rationale
    assert "WLD-EST-01" in row.summary and "\n" not in row.summary and "\r" not in row.summary


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_valid_references_and_the_decision_log_alone(before_the_rule):
    old_plans(before_the_rule, {"fine": "WLD-EST-02", "short": "X9"})
    migrate_to_latest()
    assert sorted(Plan.objects.values_list("reference", flat=True)) == ["WLD-EST-02", "X9"]
    assert not Decision.objects.exists()
