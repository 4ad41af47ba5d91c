"""Writes for the joint risk register, the benefits register and the exit strategy."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from assessments.risks.models import (
    FINAL_BENEFIT_STATUSES,
    STATUSES_NEEDING_REASON,
    Benefit,
    BenefitActual,
    BenefitStatus,
    BenefitStatusChange,
    ExitStrategy,
    MitigationAction,
    PromptDismissal,
    Risk,
    RiskChange,
)
from assessments.risks.prompts import BARRIERS_BY_KEY, SOURCE
from assessments.risks.selectors import (
    acceptance_topic,
    benefit_editable_by,
    benefit_status_settable_by,
    plan_organisation_ids,
    risk_editable_by,
)
from planner.access import PlanAccess, plan_require_lead
from planner.errors import DomainError, NotAllowed, Stale
from planner.models import Stage
from workflows.services import decision_record

# Fields whose changes are kept in a risk's history, in the order the page shows them.
TRACKED_FIELDS = [
    "title",
    "cause",
    "effect",
    "category",
    "organisation",
    "owner",
    "likelihood",
    "impact",
    "residual_likelihood",
    "residual_impact",
    "residual_above_reason",
    "status",
    "acceptance_reason",
    "review_date",
]
# Stages in which measured benefits are recorded: once the scheme is running.
ACTUALS_STAGES = {Stage.DELIVERY, Stage.REVIEW}


def _full_clean(obj, exclude=None) -> None:
    """Run model validation; a problem with one field is shown against that field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc


def _require_changer(access: PlanAccess) -> None:
    if not access.can_change:
        raise PermissionDenied("Your role on this plan is read-only.")


def _display(risk: Risk, field: str) -> str:
    value = getattr(risk, field)
    if value is None or value == "":
        return ""
    if field in {"category", "status"}:
        return getattr(risk, f"get_{field}_display")()
    if field == "review_date":
        return f"{value:%-d %B %Y}"
    return str(value)


def _clean_text(data: dict) -> dict:
    """Browsers send textarea line breaks as CRLF; store LF so an unchanged text compares
    equal and writes no history line."""
    return {
        k: v.replace("\r\n", "\n").strip() if isinstance(v, str) else v for k, v in data.items()
    }


def _check_people(access: PlanAccess, risk: Risk) -> None:
    org_ids = plan_organisation_ids(access.plan)
    if risk.organisation_id not in org_ids:
        raise DomainError(
            "The owning organisation must be a partner on this plan.", field="organisation"
        )


def risk_create(*, access: PlanAccess, data: dict, prompt_key: str = "") -> Risk:
    """Add a risk to the plan's joint register; any partner who can change the plan may."""
    _require_changer(access)
    risk = Risk(
        plan=access.plan, created_by=access.user, prompt_key=prompt_key, **_clean_text(data)
    )
    _check_people(access, risk)
    _full_clean(risk, exclude=["plan", "created_by"])
    with transaction.atomic():
        risk.save()
        RiskChange.objects.create(
            risk=risk,
            changed_by=access.user,
            field="Risk raised",
            new_value=f"{risk.title} (score {risk.score}, {risk.band.label.lower()})",
        )
    return risk


def risk_update(*, access: PlanAccess, risk: Risk, data: dict) -> list[RiskChange]:
    """Change a risk and keep a history line for every field that changed.

    Only the risk's named owner or the project lead may change it.
    """
    _require_changer(access)
    if not risk_editable_by(access, risk):
        raise PermissionDenied("Only the risk's named owner or the project lead can change it.")
    before = {f: _display(risk, f) for f in TRACKED_FIELDS}
    for name, value in _clean_text(data).items():
        setattr(risk, name, value)
    _check_people(access, risk)
    _full_clean(risk, exclude=["plan", "created_by"])
    changes = [
        RiskChange(
            risk=risk,
            changed_by=access.user,
            field=str(Risk._meta.get_field(f).verbose_name).capitalize(),
            old_value=before[f],
            new_value=_display(risk, f),
        )
        for f in TRACKED_FIELDS
        if before[f] != _display(risk, f)
    ]
    if not changes:
        return []
    with transaction.atomic():
        risk.save()
        RiskChange.objects.bulk_create(changes)
    return changes


def mitigation_add(
    *, access: PlanAccess, risk: Risk, description: str, owner, due_date
) -> MitigationAction:
    """Add a mitigation action; its owner must work for an organisation on the plan."""
    _require_changer(access)
    if not risk_editable_by(access, risk):
        raise PermissionDenied("Only the risk's named owner or the project lead can change it.")
    if owner is None or owner.organisation_id not in plan_organisation_ids(access.plan):
        raise DomainError(
            "The action's owner must work for an organisation that is a partner on this plan.",
            field="owner",
        )
    action = MitigationAction(
        risk=risk,
        plan=access.plan,
        description=(description or "").strip(),
        owner=owner,
        due_date=due_date,
        created_by=access.user,
    )
    _full_clean(action, exclude=["risk", "plan", "created_by"])
    with transaction.atomic():
        action.save()
        RiskChange.objects.create(
            risk=risk,
            changed_by=access.user,
            field="Mitigation action added",
            new_value=f"{action.description} ({owner.full_name}, due {due_date:%-d %B %Y})",
        )
    return action


def risk_acceptance_record(*, access: PlanAccess, risk: Risk, rationale: str):
    """The project lead logs the decision to carry a very high residual risk."""
    plan_require_lead(access)
    decision = decision_record(
        plan=access.plan,
        actor=access.user,
        summary=f"Accepted the residual risk “{risk.title}” (score {risk.residual_score})",
        rationale=rationale,
        topic=acceptance_topic(risk),
    )
    RiskChange.objects.create(
        risk=risk,
        changed_by=access.user,
        field="Acceptance decision logged",
        new_value=decision.rationale[:300],
    )
    return decision


def prompt_adopt(*, access: PlanAccess, key: str) -> Risk:
    """Turn a barrier prompt into a risk owned by the adopter and their organisation."""
    prompt = BARRIERS_BY_KEY.get(key)
    if prompt is None:
        raise DomainError("That is not one of the suggested risks.")
    if Risk.objects.filter(plan=access.plan, prompt_key=key).exists():
        raise DomainError("That suggested risk is already on the register.")
    return risk_create(
        access=access,
        prompt_key=key,
        data={
            "title": prompt.title,
            "cause": f"{prompt.cause}\n\n{SOURCE}",
            "effect": prompt.effect,
            "category": prompt.category,
            "organisation": access.organisation,
            "owner": access.user,
            "likelihood": prompt.likelihood,
            "impact": prompt.impact,
        },
    )


def prompt_dismiss(*, access: PlanAccess, key: str) -> PromptDismissal:
    _require_changer(access)
    if key not in BARRIERS_BY_KEY:
        raise DomainError("That is not one of the suggested risks.")
    dismissal, _ = PromptDismissal.objects.get_or_create(
        plan=access.plan, prompt_key=key, defaults={"dismissed_by": access.user}
    )
    return dismissal


def _check_benefit_owner(access: PlanAccess, benefit: Benefit) -> None:
    """The owner works for a partner, and the owner organisation is one (by default the
    owner's own, filled in here when the form leaves it blank)."""
    org_ids = plan_organisation_ids(access.plan)
    if benefit.owner_id and benefit.owner.organisation_id not in org_ids:
        raise DomainError(
            "The benefit's owner must work for an organisation that is a partner on this plan.",
            field="owner",
        )
    if benefit.owner_organisation_id is None and benefit.owner_id:
        benefit.owner_organisation_id = benefit.owner.organisation_id
    if benefit.owner_organisation_id not in org_ids:
        raise DomainError(
            "The owner organisation must be a partner on this plan.", field="owner_organisation"
        )


# What the register's form edits; the status has its own page, history and rules.
BENEFIT_FORM_FIELDS = (
    "title",
    "description",
    "kind",
    "measure",
    "unit",
    "owner",
    "owner_organisation",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
)


def _benefit_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k in BENEFIT_FORM_FIELDS}


def benefit_create(*, access: PlanAccess, data: dict) -> Benefit:
    _require_changer(access)
    benefit = Benefit(plan=access.plan, created_by=access.user, **_benefit_data(data))
    _check_benefit_owner(access, benefit)
    _full_clean(benefit, exclude=["plan", "created_by"])
    benefit.save()
    return benefit


def benefit_update(*, access: PlanAccess, benefit: Benefit, data: dict) -> Benefit:
    _require_changer(access)
    if not benefit_editable_by(access, benefit):
        raise PermissionDenied("Only the benefit's owner or the project lead can change it.")
    for name, value in _benefit_data(data).items():
        setattr(benefit, name, value)
    _check_benefit_owner(access, benefit)
    _full_clean(benefit, exclude=["plan", "created_by"])
    benefit.save()
    return benefit


# Stages in which a benefit's status is judged: while the scheme runs and at its review.
STATUS_STAGES = ACTUALS_STAGES


def benefit_status_set(
    *, access: PlanAccess, benefit: Benefit, status: str, reason: str = ""
) -> BenefitStatusChange:
    """Judge where a benefit stands (on track, at risk, realised, not realised).

    Steps:
    1. Only the project lead or someone who may change the plan in the benefit's owner
       organisation sets it (the partner answerable for the benefit reports on it), and only
       in delivery or review.
    2. At risk and not realised need a reason; an unchanged status with the same reason is
       refused, so the history holds only real changes.
    3. Lock the benefit, save the status and its history line in one transaction; a final
       status (realised, not realised) also goes into the decision log, as the close gate
       and the case library read it.
    """
    if not benefit_status_settable_by(access, benefit):
        raise NotAllowed(
            "Only the project lead or the benefit's owner organisation can set its status."
        )
    if access.plan.stage not in STATUS_STAGES:
        raise DomainError("A benefit's status is set once the scheme is in delivery.")
    if status not in BenefitStatus.values:
        raise DomainError("Choose the benefit's status.", field="status")
    reason = (reason or "").replace("\r\n", "\n").strip()
    if status in STATUSES_NEEDING_REASON and not reason:
        label = BenefitStatus(status).label.lower()
        raise DomainError(f"Enter why the benefit is {label}.", field="reason")
    with transaction.atomic():
        locked = Benefit.objects.select_for_update().get(pk=benefit.pk)
        if locked.status == status and locked.status_reason == reason:
            raise DomainError(
                f"The benefit is already {locked.get_status_display().lower()}.", field="status"
            )
        old = locked.status
        locked.status, locked.status_reason = status, reason
        _full_clean(locked, exclude=["plan", "created_by"])
        locked.save(update_fields=["status", "status_reason"])
        change = BenefitStatusChange.objects.create(
            benefit=locked, changed_by=access.user, old_status=old, new_status=status, reason=reason
        )
        if status in FINAL_BENEFIT_STATUSES:
            decision_record(
                plan=access.plan,
                actor=access.user,
                summary=f"Benefit “{locked.title}” {locked.get_status_display().lower()}",
                rationale=reason or f"Recorded as {locked.get_status_display().lower()}.",
                topic=f"benefit-final-status:{locked.pk}",
            )
    benefit.status, benefit.status_reason = locked.status, locked.status_reason
    return change


def _require_evidence(evidence: str) -> str:
    evidence = (evidence or "").strip()
    if not evidence:
        raise DomainError(
            "Enter the evidence for the value: where the figure comes from.", field="evidence"
        )
    return evidence


def benefit_actual_record(
    *, access: PlanAccess, benefit: Benefit, recorded_on, value, evidence: str, note: str = ""
) -> BenefitActual:
    """Record a measured value of a benefit with its evidence; the scheme must be in
    delivery or review."""
    _require_changer(access)
    if not benefit_editable_by(access, benefit):
        raise PermissionDenied("Only the benefit's owner or the project lead can record actuals.")
    if access.plan.stage not in ACTUALS_STAGES:
        raise DomainError("Actual values are recorded once the scheme is in delivery.")
    if benefit.baseline_date and recorded_on and recorded_on < benefit.baseline_date:
        raise DomainError(
            "An actual value cannot be dated before the benefit's baseline date.",
            field="recorded_on",
        )
    actual = BenefitActual(
        benefit=benefit,
        recorded_on=recorded_on,
        value=value,
        note=(note or "").strip(),
        evidence=_require_evidence(evidence),
        recorded_by=access.user,
    )
    _full_clean(actual, exclude=["benefit", "recorded_by"])
    actual.save()
    return actual


def benefit_actual_correct(
    *,
    access: PlanAccess,
    actual: BenefitActual,
    recorded_on,
    value,
    reason: str,
    note: str = "",
    evidence: str = "",
) -> BenefitActual:
    """Correct a wrong measured value: a new value supersedes it, with the reason.

    Steps:
    1. The same people and stages as recording a value; a reason is required.
    2. Lock the value and refuse it if a correction superseded it meanwhile (Stale).
    3. Save the correction and write the decision-log row (old → new, the reason) in the same
       transaction. The original is kept and shown as corrected; the chart, the totals and
       the report use the correction.
    """
    benefit = actual.benefit
    _require_changer(access)
    if not benefit_editable_by(access, benefit):
        raise PermissionDenied("Only the benefit's owner or the project lead can correct actuals.")
    if access.plan.stage not in ACTUALS_STAGES:
        raise DomainError("Actual values are corrected while the scheme is in delivery or review.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for the correction", field="reason")
    if benefit.baseline_date and recorded_on and recorded_on < benefit.baseline_date:
        raise DomainError(
            "An actual value cannot be dated before the benefit's baseline date.",
            field="recorded_on",
        )
    correction = BenefitActual(
        benefit=benefit,
        recorded_on=recorded_on,
        value=value,
        note=(note or "").strip(),
        # A correction keeps the original's evidence unless it brings its own.
        evidence=(evidence or "").strip() or actual.evidence,
        recorded_by=access.user,
        supersedes=actual,
        correction_reason=reason,
    )
    _full_clean(correction, exclude=["benefit", "recorded_by", "supersedes"])
    try:
        with transaction.atomic():
            locked = BenefitActual.objects.select_for_update().filter(pk=actual.pk).first()
            if locked is None or BenefitActual.objects.filter(supersedes=actual).exists():
                raise Stale("That value has been corrected already; the page shows it now.")
            correction.save()
            decision_record(
                plan=access.plan,
                actor=access.user,
                summary=f"Corrected an actual value of the benefit “{benefit.title}”",
                rationale=(
                    f"The value measured on {actual.recorded_on:%-d %B %Y}, {actual.value}, "
                    f"was corrected to {correction.value} measured on "
                    f"{correction.recorded_on:%-d %B %Y}.\nReason: {reason}"
                ),
                topic=f"benefit-actual-corrected:{actual.pk}",
            )
    except IntegrityError:
        # The one-to-one caught a correction saved at the same moment.
        raise Stale("That value has been corrected already; the page shows it now.") from None
    return correction


def exit_strategy_save(*, access: PlanAccess, data: dict) -> ExitStrategy:
    """Record or change the plan's exit strategy; the project lead holds the pen."""
    plan_require_lead(access)
    strategy = ExitStrategy.objects.filter(plan=access.plan).first() or ExitStrategy(
        plan=access.plan
    )
    for name, value in data.items():
        setattr(strategy, name, value.strip() if isinstance(value, str) else value)
    strategy.updated_by = access.user
    _full_clean(strategy, exclude=["plan", "updated_by"])
    strategy.save()
    return strategy
