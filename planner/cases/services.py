"""Writes for the case library: import, pin and dismiss, propose from a plan, publish."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from planner.access import PlanAccess, plan_require_lead
from planner.cases.models import (
    Case,
    CaseOutcome,
    CaseStatus,
    PlanCase,
    PlanCaseDecision,
    Provenance,
)
from planner.cases.transfer import FIELDS, RowError, validate_rows
from planner.dates import UK, plan_created_on
from planner.errors import DomainError, Stale
from planner.models import TERMINAL_STAGES, PartnerRole, PlanPartner, Stage
from planner.plugins import decision_log_write, proposal_lessons


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        if not self.applied and self.errors:
            return f"Nothing imported: {len(self.errors)} problem(s) found."
        text = f"{verb}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.skipped:
            text += f", {self.skipped} bad row(s) skipped"
        return text + "."


def _differs(case: Case, values: dict) -> bool:
    return any(getattr(case, name) != values[name] for name in FIELDS if name in values)


def cases_import(
    *, rows: list[dict], skip_bad_rows: bool = False, dry_run: bool = False
) -> ImportResult:
    """Upsert cases by their key.

    1. Check every row; if any is bad and `skip_bad_rows` is not set, write nothing.
    2. Look up the existing cases by key in one query.
    3. Create the new ones, update those whose values differ, count the rest as unchanged,
       all in one transaction (so a failure part-way leaves the library as it was).
    `dry_run` does steps 1 and 2 and reports what step 3 would do.
    """
    good, errors = validate_rows(rows)
    result = ImportResult(errors=errors, dry_run=dry_run)
    if errors and not skip_bad_rows:
        return result
    result.skipped = len({e.row for e in errors})
    existing = Case.objects.in_bulk([values["key"] for _, values in good], field_name="key")
    with transaction.atomic():
        for _, values in good:
            case = existing.get(values["key"])
            if case is None:
                result.created += 1
                if not dry_run:
                    Case(**values).save()
            elif _differs(case, values):
                result.updated += 1
                if not dry_run:
                    for name, value in values.items():
                        setattr(case, name, value)
                    case.save()
            else:
                result.unchanged += 1
    result.applied = not dry_run
    return result


def cases_publish(*, cases) -> int:
    """Publish drafts and proposals; returns how many changed."""
    changed = 0
    for case in cases:
        if case.status != CaseStatus.PUBLISHED:
            case.status = CaseStatus.PUBLISHED
            case.full_clean(validate_unique=False)
            case.save()
            changed += 1
    return changed


def _case_for_decision(case_id) -> Case:
    case = Case.objects.filter(pk=case_id, status=CaseStatus.PUBLISHED).first()
    if case is None:
        raise DomainError("That case is not in the library.")
    return case


def plan_case_pin(*, access: PlanAccess, case_id: int, lessons_note: str) -> PlanCase:
    """Pin a case to the plan with the lessons the partners mean to apply from it."""
    plan_require_lead(access)
    case = _case_for_decision(case_id)
    note = (lessons_note or "").strip()
    if not note:
        raise DomainError(
            "Write the lessons to apply from this case before pinning it.", field="lessons_note"
        )
    link, _ = PlanCase.objects.update_or_create(
        plan=access.plan,
        case=case,
        defaults={
            "decision": PlanCaseDecision.PINNED,
            "lessons_note": note,
            "decided_by": access.user,
        },
    )
    return link


def plan_case_dismiss(*, access: PlanAccess, case_id: int) -> PlanCase:
    """Dismiss a suggestion: it is not suggested for this plan again."""
    plan_require_lead(access)
    case = _case_for_decision(case_id)
    link, _ = PlanCase.objects.update_or_create(
        plan=access.plan,
        case=case,
        defaults={"decision": PlanCaseDecision.DISMISSED, "decided_by": access.user},
    )
    return link


def plan_case_unpin(*, access: PlanAccess, case_id: int) -> None:
    """Take a pin off; the case may be suggested again."""
    plan_require_lead(access)
    deleted, _ = PlanCase.objects.filter(
        plan=access.plan, case_id=case_id, decision=PlanCaseDecision.PINNED
    ).delete()
    if not deleted:
        raise DomainError("That case is not pinned to this plan.")


def plan_case_proposal_key(plan) -> str:
    return slugify(f"plan-{plan.reference}")[:120]


# A lesson a finished plan brings (planner.plugins.proposal_lessons) that starts with this says
# why the scheme stopped; the proposal puts the first in the case's "why it stopped" field.
WHY_STOPPED_PREFIX = "Why it stopped:"


def case_outcome_for_plan(plan) -> str:
    """What a finished plan's case reports: a withdrawn plan stopped, a closed one completed.

    The rule lives here once: the proposal's form shows it and the service writes it, so a
    withdrawn scheme is never offered to the library as a success.
    """
    return {
        Stage.WITHDRAWN: CaseOutcome.STOPPED,
        Stage.CLOSED: CaseOutcome.COMPLETED,
    }.get(plan.stage, CaseOutcome.NOT_KNOWN)


def case_outcome_year_for_plan(plan) -> int | None:
    """The UK year the plan reached its final stage (closed or withdrawn)."""
    if plan.stage not in TERMINAL_STAGES or plan.stage_changed_at is None:
        return None
    return timezone.localtime(plan.stage_changed_at, UK).year


def case_proposal_initial(plan) -> dict:
    """Pre-fill a proposed case from a finished plan.

    1. The plan's own description: title, area, type, summary, expected benefits.
    2. The figures the plan records: its partner organisations (the lead first: it is the
       peer network's contact; observers aside) and their services, the year it started
       (UK time, as the outcome's year), and the outcome with
       its year, from the plan's stage (`case_outcome_for_plan`). Costs and funding live in
       an app planner does not import; they are not offered here.
    3. The lessons: every app's (`planner.plugins.proposal_lessons`, empty if no app keeps
       lessons), one a paragraph, then those the partners took from the cases they pinned.
       The first that says why the scheme stopped (`WHY_STOPPED_PREFIX`; the review app gives
       the withdrawal's reason first) goes to "why it stopped" instead, without the prefix;
       the lessons learnt at withdrawal that follow it stay lessons.
    """
    # Observers watched the scheme but were not in it, so they are not its organisations.
    partners = sorted(
        PlanPartner.objects.filter(plan=plan)
        .exclude(role=PartnerRole.OBSERVER)
        .select_related("organisation"),
        key=lambda p: (p.role != PartnerRole.LEAD, p.organisation.name),
    )
    pinned = [
        f"{link.case.title}: {link.lessons_note}"
        for link in PlanCase.objects.filter(plan=plan, decision=PlanCaseDecision.PINNED)
        .select_related("case")
        .order_by("case__title")
    ]
    lessons, why_stopped = [], ""
    for text in proposal_lessons(plan):
        text = text.strip()
        if text.startswith(WHY_STOPPED_PREFIX) and not why_stopped:
            why_stopped = text.removeprefix(WHY_STOPPED_PREFIX).strip()
        elif text:
            lessons.append(text)
    if pinned:
        lessons.append("Lessons taken from comparable schemes:\n" + "\n".join(pinned))
    outcome = case_outcome_for_plan(plan)
    return {
        "title": plan.title,
        "area": plan.area,
        "collaboration_type": plan.collaboration_type,
        "organisations": "\n".join(p.organisation.name for p in partners),
        "services": sorted({p.organisation.kind for p in partners}),
        "start_year": created.year if (created := plan_created_on(plan)) else None,
        "outcome": outcome,
        "outcome_year": case_outcome_year_for_plan(plan),
        "summary": plan.summary,
        "benefits": plan.expected_benefits,
        "lessons": "\n\n".join(lessons),
        "why_stopped": why_stopped if outcome == CaseOutcome.STOPPED else "",
        "contact_role": "Project lead",
        "contact_organisation": partners[0].organisation.name if partners else "",
    }


def case_propose_from_plan(*, access: PlanAccess, data: dict) -> Case:
    """The lead of a closed or withdrawn plan offers it to the library; an administrator
    publishes it.

    The outcome and its year come from the plan, not the form: a withdrawn plan goes to the
    library as a stopped scheme, and says why. The proposal is in the plan's decision log.
    """
    plan_require_lead(access)
    plan = access.plan
    if plan.stage not in TERMINAL_STAGES:
        raise DomainError("Only a closed or withdrawn plan can be proposed as a case.")
    key = plan_case_proposal_key(plan)
    if Case.objects.filter(key=key).exists():
        raise Stale("This plan has already been proposed to the case library.")
    organisations = [line.strip() for line in data["organisations"].splitlines() if line.strip()]
    outcome = case_outcome_for_plan(plan)
    case = Case(
        key=key,
        title=data["title"],
        area=data["area"],
        region=data.get("region", ""),
        organisations=organisations,
        services=list(data["services"]),
        collaboration_type=data["collaboration_type"],
        start_year=data.get("start_year"),
        summary=data["summary"],
        benefits=data.get("benefits", ""),
        cashable_savings=data.get("cashable_savings"),
        lessons=data.get("lessons", ""),
        outcome=outcome,
        outcome_year=case_outcome_year_for_plan(plan),
        why_stopped=data.get("why_stopped", "") if outcome == CaseOutcome.STOPPED else "",
        contact_role=data.get("contact_role", ""),
        contact_organisation=data.get("contact_organisation", ""),
        contact_email=data.get("contact_email", ""),
        source_urls=[],
        provenance=Provenance.CONTRIBUTED_FROM_PLAN,
        status=CaseStatus.PROPOSED,
        source_plan=plan,
        proposed_by=access.user,
    )
    try:
        case.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from None
    try:
        with transaction.atomic():
            case.save()
            decision_log_write(
                plan=plan,
                actor=access.user,
                summary="Proposed to the case library",
                rationale=(
                    f"Offered to the case library as a {case.get_outcome_display().lower()} "
                    "scheme, with its lessons, for an administrator to check and publish."
                ),
                topic="case-proposal",
            )
    except IntegrityError:
        # Proposed from another tab between the check above and this save.
        raise Stale("This plan has already been proposed to the case library.") from None
    return case
