"""Reads for the risk register, benefits and exit strategy, shaped for their pages.

Every page reads a fixed number of queries however many risks or benefits a plan has.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404

from assessments.risks.bands import band_for, risk_bands
from assessments.risks.models import (
    Benefit,
    BenefitActual,
    BenefitKind,
    BenefitStatus,
    BenefitStatusChange,
    ExitStrategy,
    MitigationAction,
    PromptDismissal,
    Risk,
    RiskChange,
)
from assessments.risks.prompts import BARRIERS
from planner.access import PlanAccess
from planner.context import PlanContext
from planner.models import Plan, PlanPartner, User
from workflows.models import Decision
from workflows.selectors import topical_decisions_in

SCALE = range(1, 6)
# Decision-log topic of the lead's acceptance of a very high residual risk.
ACCEPTANCE_PREFIX = "risk-acceptance:"


def acceptance_topic(risk: Risk) -> str:
    return f"{ACCEPTANCE_PREFIX}{risk.pk}"


def plan_organisation_ids(plan: Plan) -> set[int]:
    return set(PlanPartner.objects.filter(plan=plan).values_list("organisation_id", flat=True))


def plan_people(plan: Plan):
    """People of the plan's partner organisations: who can own a risk, action or benefit."""
    return (
        User.objects.filter(organisation__partnerships__plan=plan, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "full_name")
    )


def risk_editable_by(access: PlanAccess, risk: Risk) -> bool:
    return access.can_change and (access.is_lead or risk.owner_id == access.user.pk)


def benefit_editable_by(access: PlanAccess, benefit: Benefit) -> bool:
    return access.can_change and (access.is_lead or benefit.owner_id == access.user.pk)


def benefit_status_settable_by(access: PlanAccess, benefit: Benefit) -> bool:
    """The lead, or anyone who may change the plan in the benefit's owner organisation: the
    partner answerable for a benefit reports where it stands, whoever its named owner is."""
    return access.can_change and (
        access.is_lead or access.organisation.pk == benefit.owner_organisation_id
    )


def _risks(plan: Plan, *, with_mitigations: bool = True):
    risks = (
        Risk.objects.filter(plan=plan)
        .select_related("organisation", "owner")
        .annotate(mitigation_count=Count("mitigations"))
    )
    if with_mitigations:
        risks = risks.prefetch_related(
            Prefetch("mitigations", queryset=MitigationAction.objects.select_related("owner"))
        )
    return risks


def accepted_risk_ids(plan: Plan, topics: list[str] | None = None) -> set[int]:
    """Risks whose very high residual score the lead accepted in the decision log.

    `topics`, the plan's decision topics when the caller has them, saves reading them."""
    if topics is None:
        topics = Decision.objects.filter(
            plan=plan, topic__startswith=ACCEPTANCE_PREFIX
        ).values_list("topic", flat=True)
    ids = set()
    for topic in topics:
        if not topic.startswith(ACCEPTANCE_PREFIX):
            continue
        try:
            ids.add(int(topic.split(":", 1)[1]))
        except ValueError:
            continue
    return ids


def risks_in(ctx: PlanContext, *, with_mitigations: bool = False) -> list[Risk]:
    """The register, read once per context for the gate checks, the panel and the report.

    The plan page and the gate need only how many mitigations each risk has (annotated);
    the report lists them, so it asks for them."""
    topics = [d.topic for d in topical_decisions_in(ctx)]
    return ctx.shared(
        ("risks.register", with_mitigations),
        lambda: risk_list_for_plan(ctx.plan, topics=topics, with_mitigations=with_mitigations),
    )


def risk_list_for_plan(
    plan: Plan, *, topics: list[str] | None = None, with_mitigations: bool = True
) -> list[Risk]:
    """The register, most serious first (three queries; fewer given the decision topics or
    without the mitigations)."""
    risks = list(_risks(plan, with_mitigations=with_mitigations))
    accepted = accepted_risk_ids(plan, topics)
    for risk in risks:
        risk.acceptance_logged = risk.pk in accepted
    risks.sort(key=lambda r: (not r.is_live, -r.score, -r.residual_score, r.title))
    return risks


def risk_get(access: PlanAccess, risk_id) -> Risk:
    """A risk of the plan the person can see, or 404."""
    try:
        risk = _risks(access.plan).get(pk=int(risk_id))
    except (Risk.DoesNotExist, TypeError, ValueError):
        raise Http404("No risk found.") from None
    risk.acceptance_logged = risk.pk in accepted_risk_ids(access.plan)
    return risk


def risk_history(risk: Risk) -> list[RiskChange]:
    return list(risk.changes.select_related("changed_by", "changed_by__organisation"))


@dataclass
class HeatMap:
    """Counts of live risks in each likelihood × impact cell."""

    title: str
    counts: dict[tuple[int, int], int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[dict]:
        """Rows for the table alternative: likelihood 5 (top) to 1, impact 1 to 5."""
        return [
            {
                "likelihood": likelihood,
                "cells": [
                    {
                        "impact": impact,
                        "count": self.counts.get((likelihood, impact), 0),
                        "band": band_for(likelihood * impact),
                    }
                    for impact in SCALE
                ],
            }
            for likelihood in reversed(SCALE)
        ]


def heat_maps(risks: list[Risk]) -> tuple[HeatMap, HeatMap]:
    """Before and after mitigation. Closed risks are left out; a risk with no residual
    assessment yet sits at its current score in the after map."""
    before: dict[tuple[int, int], int] = {}
    after: dict[tuple[int, int], int] = {}
    for risk in risks:
        if not risk.is_live:
            continue
        key = (risk.likelihood, risk.impact)
        before[key] = before.get(key, 0) + 1
        key = (risk.current_likelihood, risk.current_impact)
        after[key] = after.get(key, 0) + 1
    return HeatMap("Before mitigation", before), HeatMap("After mitigation", after)


def band_counts(risks: list[Risk]) -> list[dict]:
    live = [r for r in risks if r.is_live]
    return [
        {
            "band": band,
            "before": sum(1 for r in live if r.band.key == band.key),
            "after": sum(1 for r in live if r.residual_band.key == band.key),
        }
        for band in risk_bands()
    ]


def prompts_for_plan(plan: Plan) -> list:
    """Barrier prompts not yet adopted or dismissed on this plan (two queries)."""
    adopted = set(
        Risk.objects.filter(plan=plan).exclude(prompt_key="").values_list("prompt_key", flat=True)
    )
    dismissed = set(PromptDismissal.objects.filter(plan=plan).values_list("prompt_key", flat=True))
    return [b for b in BARRIERS if b.key not in adopted and b.key not in dismissed]


def current_actuals():
    """A benefit's actuals as they now stand: a corrected value gives way to its correction,
    so the chart, the totals and the report read the latest (the originals stay on record)."""
    return BenefitActual.objects.current().select_related("recorded_by")


def benefit_corrections(benefit: Benefit) -> list[BenefitActual]:
    """The corrections made to the benefit's values, newest first, each with the value it
    superseded and who made it (one query), for the benefit's page."""
    return list(
        BenefitActual.objects.filter(benefit=benefit, supersedes__isnull=False)
        .select_related("supersedes", "supersedes__recorded_by", "recorded_by")
        .order_by("-created_at", "-pk")
    )


def benefit_actual_get(benefit: Benefit, actual_id) -> BenefitActual:
    """One of the benefit's current values (a superseded value is corrected already: 404)."""
    try:
        return BenefitActual.objects.current().get(benefit=benefit, pk=int(actual_id))
    except (BenefitActual.DoesNotExist, TypeError, ValueError):
        raise Http404("No such value.") from None


def benefit_list_for_plan(plan: Plan) -> list[Benefit]:
    """Benefits with their owners and actuals (two queries)."""
    return list(
        Benefit.objects.filter(plan=plan)
        .select_related("owner", "owner__organisation", "owner_organisation")
        .prefetch_related(Prefetch("actuals", queryset=current_actuals()))
    )


def benefits_in(ctx: PlanContext) -> list[Benefit]:
    """The benefits register, read once per context for the gate checks, panel and report."""
    return ctx.shared("risks.benefits", lambda: benefit_list_for_plan(ctx.plan))


def benefit_status_history(benefit: Benefit) -> list[BenefitStatusChange]:
    return list(benefit.status_changes.select_related("changed_by", "changed_by__organisation"))


def benefit_get(access: PlanAccess, benefit_id) -> Benefit:
    try:
        return (
            Benefit.objects.filter(plan=access.plan)
            .select_related("owner", "owner__organisation", "owner_organisation")
            .prefetch_related(Prefetch("actuals", queryset=current_actuals()))
            .get(pk=int(benefit_id))
        )
    except (Benefit.DoesNotExist, TypeError, ValueError):
        raise Http404("No benefit found.") from None


def latest_actual(benefit: Benefit):
    actuals = list(benefit.actuals.all())
    return actuals[-1] if actuals else None


@dataclass
class CashableTotals:
    baseline: Decimal
    target: Decimal
    latest: Decimal
    count: int


def cashable_totals(benefits: list[Benefit]) -> CashableTotals:
    """Totals of cashable benefits, in £ a year: baseline, target and the latest actuals."""
    cashable = [b for b in benefits if b.is_cashable]
    latest = Decimal(0)
    for benefit in cashable:
        actual = latest_actual(benefit)
        if actual is not None:
            latest += actual.value
    return CashableTotals(
        baseline=sum((b.baseline_value for b in cashable), Decimal(0)),
        target=sum((b.target_value for b in cashable), Decimal(0)),
        latest=latest,
        count=len(cashable),
    )


def exit_strategy_for_plan(plan: Plan) -> ExitStrategy | None:
    return ExitStrategy.objects.filter(plan=plan).select_related("updated_by").first()


def exit_strategy_in(ctx: PlanContext) -> ExitStrategy | None:
    """The exit strategy, read once per context for the gate check, panel and report."""
    return ctx.shared("risks.exit_strategy", lambda: exit_strategy_for_plan(ctx.plan))


def benefits_portfolio_facts(plans) -> dict[int, dict]:
    """The portfolio's benefit columns (planner.portfolio.columns) for many plans in one
    query: the cashable benefits' targets, in pence a year, and how many benefits there are
    and how many are at risk."""
    ids = [p.pk for p in plans]
    if not ids:
        return {}
    rows = (
        Benefit.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(
            count=Count("pk"),
            at_risk=Count("pk", filter=Q(status=BenefitStatus.AT_RISK)),
            cashable=Sum("target_value", filter=Q(kind=BenefitKind.CASHABLE)),
        )
        .order_by()
    )
    facts = {}
    for row in rows:
        n = row["count"]
        text = f"{n} benefit{'s' if n != 1 else ''}"
        if row["at_risk"]:
            text += f", {row['at_risk']} at risk"
        found = {"benefits": text}
        if row["cashable"] is not None:
            found["cashable_benefits_pence"] = int((row["cashable"] * 100).to_integral_value())
        facts[row["plan_id"]] = found
    return facts
