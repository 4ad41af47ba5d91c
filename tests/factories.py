import factory
from factory.django import DjangoModelFactory

from planner.models import (
    CollaborationType,
    MemberRole,
    Organisation,
    OrganisationKind,
    PartnerRole,
    Plan,
    PlanMember,
    PlanPartner,
    User,
)

PASSWORD = "a-long-test-password-1"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.POLICE
    area = "Testshire"
    governing_body = "Police and Crime Commissioner"

    @factory.post_generation
    def own_body(self, create, extracted, **kwargs):
        """Each organisation has its own governing body, as migration 0007 gave every
        organisation there was (pass own_body=False for one without)."""
        if create and extracted is not False:
            from planner.services import governing_body_for_organisation

            governing_body_for_organisation(organisation=self)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()


class PlanFactory(DjangoModelFactory):
    """A plan in scoping with its creator's organisation as lead and the creator as lead."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Joint scheme {n}")
    reference = factory.Sequence(lambda n: f"TST-{n:04d}")
    summary = "A joint scheme between partners."
    collaboration_type = CollaborationType.PREMISES
    area = "Testshire"
    objectives = "Share a building."
    public_outcome = "Better services for the public."
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if not create:
            return
        PlanPartner.objects.get_or_create(
            plan=self,
            organisation=self.created_by.organisation,
            defaults={"role": PartnerRole.LEAD},
        )
        PlanMember.objects.get_or_create(
            plan=self,
            user=self.created_by,
            defaults={
                "organisation": self.created_by.organisation,
                "role": MemberRole.PROJECT_LEAD,
            },
        )


def add_partner(
    plan, user, *, member_role=MemberRole.PARTNER_REP, partner_role=PartnerRole.PARTNER
):
    """Put the user's organisation on the plan and give the user a role."""
    PlanPartner.objects.get_or_create(
        plan=plan, organisation=user.organisation, defaults={"role": partner_role}
    )
    if member_role is not None:
        PlanMember.objects.get_or_create(
            plan=plan, user=user, defaults={"organisation": user.organisation, "role": member_role}
        )
