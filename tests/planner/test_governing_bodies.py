"""Governing bodies: one per organisation from its text, joint boards of several partners,
the bodies of a plan in constant queries, and organisations' nation."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import GoverningBody, GoverningBodyKind, Nation, Organisation
from planner.selectors import governing_bodies_for_plan
from planner.services import governing_body_for_organisation
from tests.factories import OrganisationFactory, UserFactory, add_partner

pytestmark = pytest.mark.django_db


def test_each_organisation_has_its_own_body_of_the_kind_its_service_has(orgs):
    fire = GoverningBody.objects.get(organisations=orgs["fire"])
    assert fire.name == "Testshire Fire and Rescue Authority"
    assert fire.kind == GoverningBodyKind.FIRE_AUTHORITY
    assert GoverningBody.objects.get(organisations=orgs["police"]).kind == GoverningBodyKind.PCC
    assert (
        GoverningBody.objects.get(organisations=orgs["ambulance"]).kind
        == GoverningBodyKind.TRUST_BOARD
    )


def test_a_body_text_another_body_has_is_qualified_with_the_organisation_name(db):
    first = OrganisationFactory(name="North Trust", governing_body="Trust board")
    second = OrganisationFactory(name="South Trust", governing_body="Trust board")
    assert governing_body_for_organisation(organisation=first).name == "Trust board"
    assert governing_body_for_organisation(organisation=second).name == "Trust board (South Trust)"
    # Asking again finds the same body rather than making another.
    assert GoverningBody.objects.filter(organisations=second).count() == 1


def test_organisations_are_in_england_unless_recorded_as_welsh(orgs):
    assert orgs["police"].nation == Nation.ENGLAND
    welsh = OrganisationFactory(name="Cwm Afon Fire and Rescue Service", nation=Nation.WALES)
    assert Organisation.objects.get(pk=welsh.pk).nation == "wales"


def test_the_plans_bodies_are_those_of_current_partners_with_their_organisations_on_the_plan(
    plan, orgs
):
    joint = GoverningBody.objects.create(
        name="Testshire Blue Light Board", kind=GoverningBodyKind.JOINT_BOARD
    )
    joint.organisations.add(orgs["police"], orgs["fire"], orgs["other_force"])
    bodies = governing_bodies_for_plan(plan)
    names = [b.name for b in bodies]
    assert "Testshire Blue Light Board" in names
    assert "Otherton Police and Crime Commissioner" not in names  # not a partner
    board = next(b for b in bodies if b.pk == joint.pk)
    # A joint board's organisations on this plan only.
    assert [o.name for o in board.plan_organisations] == [
        "Testshire Fire and Rescue Service",
        "Testshire Police",
    ]


def test_the_plans_bodies_are_read_in_the_same_queries_however_many_partners(plan):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            list(governing_bodies_for_plan(plan))
        return len(ctx.captured_queries)

    before = count()
    for i in range(4):
        add_partner(
            plan, UserFactory(organisation=OrganisationFactory(name=f"Extra {i}", kind="fire"))
        )
    assert count() == before == 2


def test_the_data_migration_makes_one_body_per_organisation_from_its_text(db):
    migration = importlib.import_module("planner.migrations.0007_governing_bodies_nation")
    GoverningBody.objects.all().delete()
    OrganisationFactory(name="East Council", kind="local_authority", governing_body="Cabinet")
    OrganisationFactory(name="West Council", kind="local_authority", governing_body="Cabinet")
    OrganisationFactory(name="East Fire", kind="fire", governing_body="East Fire Authority")
    GoverningBody.objects.all().delete()

    from django.apps import apps

    migration.bodies_from_text(apps, None)
    bodies = {b.name: b for b in GoverningBody.objects.prefetch_related("organisations")}
    assert set(bodies) == {
        "Cabinet (East Council)",
        "Cabinet (West Council)",
        "East Fire Authority",
    }
    assert bodies["East Fire Authority"].kind == "fire_authority"
    assert [o.name for o in bodies["Cabinet (West Council)"].organisations.all()] == [
        "West Council"
    ]


def test_an_organisation_added_in_the_admin_gets_its_own_body(client, db):
    from tests.factories import UserFactory as People

    admin = People(email="admin@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/planner/organisation/add/",
        {
            "name": "Marshby Fire and Rescue Service",
            "kind": "fire",
            "nation": "england",
            "area": "Marshby",
            "governing_body": "Marshby Fire Authority",
        },
    )
    assert response.status_code == 302
    body = GoverningBody.objects.get(organisations__name="Marshby Fire and Rescue Service")
    assert (body.name, body.kind) == ("Marshby Fire Authority", GoverningBodyKind.FIRE_AUTHORITY)
