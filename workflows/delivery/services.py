"""Writes for milestones and delivery confidence.

Who may change what (one rule each, `milestone_may_change` and `confidence_may_record`):
- milestones: the project lead, any of them; people who may change the plan (partner
  representatives and approvers), those their own organisation owns, and only for it;
- a baseline once fixed: only the project lead, through a rebaseline with a reason, which
  writes a decision-log row in the same transaction (the partners committed to that date);
- confidence: the project lead rates the plan; each other partner's changers add their own
  organisation's view of the same month.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from planner.access import PlanAccess
from planner.dates import uk_today
from planner.errors import DomainError, NotAllowed, Stale
from planner.models import TERMINAL_STAGES, Organisation, Stage
from workflows.delivery.models import ConfidenceUpdate, Milestone
from workflows.delivery.selectors import month_of
from workflows.services import decision_record


def milestone_may_change(access: PlanAccess, milestone: Milestone | None = None) -> bool:
    """The lead changes any milestone; other changers only their organisation's."""
    if access.is_lead:
        return True
    if not access.can_change:
        return False
    return milestone is None or milestone.owner_id == access.organisation.pk


def _milestone_require(access: PlanAccess, milestone: Milestone | None, owner: Organisation):
    if not milestone_may_change(access, milestone):
        raise NotAllowed(
            "Each organisation keeps its own milestones up to date; the project lead keeps "
            "them all."
        )
    if access.plan.stage in TERMINAL_STAGES:
        raise DomainError("The plan is closed or withdrawn: its milestones no longer change.")
    partner_ids = {p.organisation_id for p in access.partners}
    if owner is None or owner.pk not in partner_ids:
        raise DomainError("Choose a partner organisation of this plan.", field="owner")
    if not access.is_lead and owner.pk != access.organisation.pk:
        raise NotAllowed(
            f"You keep {access.organisation.name}'s milestones: only the project lead gives "
            "a milestone to another organisation."
        )


def _save(milestone: Milestone) -> Milestone:
    try:
        milestone.full_clean()
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    milestone.save()
    return milestone


def milestone_create(
    *,
    access: PlanAccess,
    title: str,
    owner: Organisation,
    baseline_on: date | None,
    forecast_on: date | None = None,
    actual_on: date | None = None,
    status: str,
) -> Milestone:
    """Add a milestone. In delivery it needs its baseline, which is fixed at once."""
    _milestone_require(access, None, owner)
    in_delivery = access.plan.stage == Stage.DELIVERY
    if in_delivery and baseline_on is None:
        raise DomainError(
            "Enter the baseline date: in delivery a new milestone is baselined when it is added.",
            field="baseline_on",
        )
    milestone = Milestone(
        plan=access.plan,
        title=title,
        owner=owner,
        baseline_on=baseline_on,
        forecast_on=forecast_on or baseline_on,
        actual_on=actual_on,
        status=status,
        baselined_at=timezone.now() if in_delivery else None,
        created_by=access.user,
    )
    return _save(milestone)


def milestone_update(
    *,
    access: PlanAccess,
    milestone: Milestone,
    title: str,
    owner: Organisation,
    forecast_on: date | None,
    actual_on: date | None,
    status: str,
    baseline_on: date | None = None,
) -> Milestone:
    """Change a milestone's details, forecast, actual date and status.

    Its baseline changes here only while it is not yet fixed (before delivery, or a
    milestone added with none); a fixed baseline moves only by `milestone_rebaseline`.
    """
    _milestone_require(access, milestone, owner)
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.is_baselined:
            if baseline_on is not None and baseline_on != locked.baseline_on:
                raise Stale(
                    "The baseline was fixed when the plan entered delivery: the project lead "
                    "rebaselines it, with a reason."
                )
        else:
            locked.baseline_on = baseline_on
            if access.plan.stage == Stage.DELIVERY and baseline_on is not None:
                locked.baselined_at = timezone.now()
        locked.title = title
        locked.owner = owner
        locked.forecast_on = forecast_on
        locked.actual_on = actual_on
        locked.status = status
        return _save(locked)


def milestone_rebaseline(
    *, access: PlanAccess, milestone: Milestone, baseline_on: date, reason: str
) -> Milestone:
    """Move a fixed baseline, with the reason, and log it: all or nothing.

    Steps:
    1. Only the project lead (NotAllowed); a closed or withdrawn plan's milestones are final.
    2. The reason and a new date are required; a baseline not yet fixed is edited instead.
    3. Lock the row, move the baseline and write the decision-log row (topic
       "milestone:<id>", old and new dates) in one transaction.
    """
    if not access.is_lead:
        raise NotAllowed("Only the project lead rebaselines a milestone.")
    if access.plan.stage in TERMINAL_STAGES:
        raise DomainError("The plan is closed or withdrawn: its milestones no longer change.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for the new baseline.", field="reason")
    if baseline_on is None:
        raise DomainError("Enter the new baseline date.", field="baseline_on")
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if not locked.is_baselined:
            raise DomainError(
                "This milestone's baseline is not fixed yet: change it on the milestone itself."
            )
        before = locked.baseline_on
        if baseline_on == before:
            raise DomainError(
                "The new baseline date is the same as the current one.", field="baseline_on"
            )
        locked.baseline_on = baseline_on
        locked.baselined_at = timezone.now()
        _save(locked)
        decision_record(
            plan=access.plan,
            actor=access.user,
            summary=f"Milestone “{locked.title}” rebaselined: {before:%-d %B %Y} → "
            f"{baseline_on:%-d %B %Y}",
            rationale=reason,
            topic=f"milestone:{locked.pk}",
        )
    return locked


def confidence_may_record(access: PlanAccess) -> bool:
    return access.is_lead or access.can_change


def confidence_record(
    *, access: PlanAccess, rating: str, rationale: str, top_issues: str = ""
) -> ConfidenceUpdate:
    """Record this month's delivery confidence: the lead's rating of the plan, or the
    person's organisation's own view. Recording again in the same month replaces that
    month's view (the trend is monthly), so a lead can correct a rating before the board."""
    if not confidence_may_record(access):
        raise NotAllowed("Your role on this plan is read-only.")
    if access.plan.stage != Stage.DELIVERY:
        raise DomainError("Delivery confidence is recorded while the plan is in delivery.")
    update = ConfidenceUpdate(
        plan=access.plan,
        month=month_of(uk_today()),
        organisation=access.organisation,
        is_lead_view=access.is_lead,
        rating=rating,
        rationale=rationale,
        top_issues=(top_issues or "").strip(),
        recorded_by=access.user,
    )
    try:
        update.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    saved, _ = ConfidenceUpdate.objects.update_or_create(
        plan=update.plan,
        month=update.month,
        organisation=update.organisation,
        is_lead_view=update.is_lead_view,
        defaults={
            "rating": update.rating,
            "rationale": update.rationale,
            "top_issues": update.top_issues,
            "recorded_by": update.recorded_by,
        },
    )
    return saved
