from datetime import date, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from assessments.risks.models import (
    Benefit,
    BenefitActual,
    BenefitKind,
    ExitStrategy,
    MitigationAction,
    Risk,
    RiskCategory,
)


class RiskFactory(DjangoModelFactory):
    """A risk owned by its creator and the creator's organisation."""

    class Meta:
        model = Risk

    title = factory.Sequence(lambda n: f"Risk {n}")
    cause = "Something could go wrong."
    effect = "The scheme would suffer."
    category = RiskCategory.OPERATIONAL
    organisation = factory.LazyAttribute(lambda o: o.created_by.organisation)
    owner = factory.LazyAttribute(lambda o: o.created_by)
    likelihood = 2
    impact = 2


class MitigationFactory(DjangoModelFactory):
    class Meta:
        model = MitigationAction

    risk = factory.SubFactory(RiskFactory)
    plan = factory.LazyAttribute(lambda o: o.risk.plan)
    description = "Do something about it."
    owner = factory.LazyAttribute(lambda o: o.risk.created_by)
    created_by = factory.LazyAttribute(lambda o: o.risk.created_by)
    due_date = factory.LazyFunction(lambda: date.today() + timedelta(days=30))


class BenefitFactory(DjangoModelFactory):
    class Meta:
        model = Benefit

    title = factory.Sequence(lambda n: f"Benefit {n}")
    kind = BenefitKind.CASHABLE
    owner = factory.LazyAttribute(lambda o: o.created_by)
    baseline_value = Decimal("0")
    baseline_date = factory.LazyFunction(lambda: date.today() - timedelta(days=365))
    target_value = Decimal("100000")
    target_date = factory.LazyFunction(lambda: date.today() + timedelta(days=365))


class ActualFactory(DjangoModelFactory):
    class Meta:
        model = BenefitActual

    benefit = factory.SubFactory(BenefitFactory)
    recorded_on = factory.LazyFunction(date.today)
    value = Decimal("25000")
    recorded_by = factory.LazyAttribute(lambda o: o.benefit.created_by)


class ExitStrategyFactory(DjangoModelFactory):
    class Meta:
        model = ExitStrategy

    triggers = "A partner's governing body withdraws support."
    assets = "Divided in proportion to contributions."
    staff = "Secondees return home."
    data = "Each partner keeps its own records."
    notice_months = 6
