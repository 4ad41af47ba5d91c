"""Gate checks on leaving joint risk assessment for delivery, and on leaving review (every
benefit's final status).

Side-effect free; each failure names the organisation or risk and links to where it is fixed.
"""

from django.urls import reverse

from assessments.risks.models import BenefitStatus
from assessments.risks.selectors import benefits_in, exit_strategy_in, risks_in
from planner.context import PlanContext
from planner.gates import CheckResult
from planner.models import PartnerRole


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_risks_from_partners(ctx: PlanContext):
    plan = ctx.plan
    """Step 1 of a joint assessment: every partner organisation brings its view of the risks."""
    counts: dict[int, int] = {}
    for risk in risks_in(ctx):
        counts[risk.organisation_id] = counts.get(risk.organisation_id, 0) + 1
    fix = reverse("risk_create", args=[plan.pk])
    for partner in ctx.partners:
        if partner.role == PartnerRole.OBSERVER:
            continue
        org = partner.organisation
        n = counts.get(org.pk, 0)
        yield CheckResult(
            f"risks_from_partners:{org.pk}",
            n > 0,
            f"{org.name} owns {n} risk{'s' if n != 1 else ''} on the joint register."
            if n
            else f"{org.name} has not added a risk to the joint register.",
            fix,
            "Add a risk",
        )


def check_serious_risks_treated(ctx: PlanContext):
    plan = ctx.plan
    serious = [r for r in risks_in(ctx) if r.is_live and r.band.is_serious]
    failed = False
    for risk in serious:
        missing = []
        if risk.owner_id is None:
            missing.append("a named owner")
        if not risk.mitigation_count:
            missing.append("a mitigation action")
        if risk.review_date is None:
            missing.append("a review date")
        if missing:
            failed = True
            yield CheckResult(
                f"serious_risks_treated:{risk.pk}",
                False,
                f"The {risk.band.label.lower()} risk “{risk.title}” "
                f"({risk.organisation.name}) needs {_join(missing)}.",
                reverse("risk_detail", args=[plan.pk, risk.pk]),
                "Complete the risk",
            )
    if not failed:
        yield CheckResult(
            "serious_risks_treated",
            True,
            f"Every high or very high risk ({len(serious)}) has an owner, a mitigation action "
            "and a review date.",
        )


def check_residual_risk_accepted(ctx: PlanContext):
    plan = ctx.plan
    risks = [r for r in risks_in(ctx) if r.is_live and r.residual_band.is_very_high]
    failed = False
    for risk in risks:
        if not risk.acceptance_logged:
            failed = True
            yield CheckResult(
                f"residual_risk_accepted:{risk.pk}",
                False,
                f"The risk “{risk.title}” ({risk.organisation.name}) is still very high after "
                f"mitigation (score {risk.residual_score}): reduce it or have the project lead "
                "log a decision to accept it.",
                reverse("risk_detail", args=[plan.pk, risk.pk]),
                "Review the risk",
            )
    if not failed:
        yield CheckResult(
            "residual_risk_accepted",
            True,
            "No very high residual risk is carried without an acceptance decision."
            if not risks
            else f"The project lead logged acceptance of {len(risks)} very high residual risk"
            f"{'s' if len(risks) != 1 else ''}.",
        )


def check_exit_strategy(ctx: PlanContext):
    plan = ctx.plan
    recorded = exit_strategy_in(ctx) is not None
    yield CheckResult(
        "exit_strategy",
        recorded,
        "An exit strategy is recorded."
        if recorded
        else "Record an exit strategy: how the partners would end the collaboration, return "
        "shared assets, staff and data, and the notice period.",
        reverse("exit_strategy", args=[plan.pk]),
        "Record the exit strategy",
    )


def check_benefits_defined(ctx: PlanContext):
    """Before delivery, every benefit can be tracked: who answers for it, what is measured,
    where it starts and where it should get to; and the plan has at least one."""
    plan = ctx.plan
    benefits = benefits_in(ctx)
    if not benefits:
        yield CheckResult(
            "benefits_defined",
            False,
            "Add at least one benefit, with its owner organisation, baseline and target: "
            "delivery is judged against them.",
            reverse("benefit_create", args=[plan.pk]),
            "Add a benefit",
        )
        return
    failed = False
    for benefit in benefits:
        missing = []
        if benefit.owner_organisation_id is None:
            missing.append("an owner organisation")
        if not benefit.is_cashable and not benefit.measure.strip():
            missing.append("a measure")
        if benefit.baseline_value is None or benefit.baseline_date is None:
            missing.append("a baseline")
        if benefit.target_value is None or benefit.target_date is None:
            missing.append("a target")
        if missing:
            failed = True
            yield CheckResult(
                f"benefits_defined:{benefit.pk}",
                False,
                f"The benefit “{benefit.title}” needs {_join(missing)}.",
                reverse("benefit_edit", args=[plan.pk, benefit.pk]),
                "Complete the benefit",
            )
    if not failed:
        yield CheckResult(
            "benefits_defined",
            True,
            f"Every benefit ({len(benefits)}) has an owner organisation, a measure, a baseline "
            "and a target.",
        )


def check_benefits_final_status(ctx: PlanContext):
    """At review, each benefit's story has an end: realised, or not realised with a reason."""
    plan = ctx.plan
    benefits = benefits_in(ctx)
    open_ones = [b for b in benefits if not b.has_final_status]
    for benefit in open_ones:
        yield CheckResult(
            f"benefits_final_status:{benefit.pk}",
            False,
            f"The benefit “{benefit.title}” ({benefit.get_status_display().lower()}) needs a "
            "final status: realised, or not realised with the reason.",
            reverse("benefit_detail", args=[plan.pk, benefit.pk]),
            "Set the final status",
        )
    if not open_ones:
        realised = sum(1 for b in benefits if b.status == BenefitStatus.REALISED)
        yield CheckResult(
            "benefits_final_status",
            True,
            f"Every benefit has a final status: {realised} of {len(benefits)} realised."
            if benefits
            else "The plan has no benefits to give a final status.",
        )
