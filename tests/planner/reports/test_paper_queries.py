"""Building the board paper's HTML reads a fixed number of queries, however long the plan's
registers and logs grow (the main body shows the top few; the appendices list them all)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.risks.models import BenefitKind
from planner.access import plan_access_for_user
from planner.cases.models import PlanCase, PlanCaseDecision
from planner.models import Plan
from planner.reports.rendering import report_document_html
from planner.reports.services import report_preview_meta
from tests.assessments.risks.factories import ActualFactory, BenefitFactory, RiskFactory
from tests.planner.cases.factories import CaseFactory
from workflows.services import decision_record

pytestmark = pytest.mark.django_db


def _queries(plan, lead) -> int:
    meta = report_preview_meta(
        plan_access_for_user(lead, plan.pk), marking="OFFICIAL", purpose="decision"
    )
    fresh = Plan.objects.get(pk=plan.pk)
    with CaptureQueriesContext(connection) as ctx:
        report_document_html(fresh, meta)
    return len(ctx.captured_queries)


def _grow(plan, lead, partner, n):
    for i in range(n):
        RiskFactory(plan=plan, created_by=lead, likelihood=1 + i % 5, impact=1 + i % 4)
        benefit = BenefitFactory(
            plan=plan,
            created_by=partner,
            kind=BenefitKind.CASHABLE if i % 2 else BenefitKind.NON_CASHABLE,
            target_value=Decimal(1000 * (i + 1)),
        )
        ActualFactory(benefit=benefit, value=Decimal(500))
        decision_record(
            plan=plan,
            actor=lead,
            summary=f"Decision {i}",
            rationale="Weighed.",
            options_considered="A; B",
        )
        PlanCase.objects.create(
            plan=plan,
            case=CaseFactory(title=f"Scheme {plan.pk}-{i}"),
            decision=PlanCaseDecision.PINNED,
            lessons_note="Agree costs first.",
            decided_by=lead,
        )


def test_the_papers_query_count_does_not_grow_with_its_registers(
    report_plan, police_lead, fire_partner
):
    _grow(report_plan, police_lead, fire_partner, 2)
    few = _queries(report_plan, police_lead)
    _grow(report_plan, police_lead, fire_partner, 8)
    assert _queries(report_plan, police_lead) == few
