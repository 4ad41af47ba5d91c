import factory
from factory.django import DjangoModelFactory

from planner.cases.models import Case, CaseStatus, Provenance
from planner.models import CollaborationType


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    key = factory.Sequence(lambda n: f"case-{n}")
    title = factory.Sequence(lambda n: f"Scheme {n}")
    area = "Elsewhere"
    region = "Nowhere"
    organisations = factory.LazyFunction(lambda: ["Somewhere Council"])
    services = factory.LazyFunction(lambda: ["other"])
    collaboration_type = CollaborationType.OTHER
    summary = "An unrelated arrangement."
    provenance = Provenance.OTHER_PUBLIC_SOURCE
    status = CaseStatus.PUBLISHED
    source_urls = factory.LazyFunction(lambda: ["https://example.org/source"])
