"""Reminder rules over assessments, found by the periodic scan (workflows.notifications).

They live here, not in workflows, because they read assessment data and workflows sits below
assessments (see the README's "Layering"): this module imports workflows' rule machinery,
never the reverse. `stage_overdue` is here too: a partner that has submitted its stage
assessment has done its part of the stage and is not chased.

Assessment submission flips the status with a conditional queryset update, which sends no
signal; so "an assessment was submitted" is found by the same scan, looking back a short
while (it arrives within one scan interval). The app may also call `notification_send_event`
directly with the dedupe key given in the docstring: the scan then finds the same key and
sends nothing twice.

Settings (declared in config/settings/base.py): NOTIFICATIONS_OVERDUE_REPEAT_DAYS,
NOTIFICATIONS_OVERDUE_ESCALATE_DAYS, NOTIFICATIONS_ASSESSMENT_DUE_DAYS,
NOTIFICATIONS_EVENT_LOOKBACK_HOURS.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import ASSESSED_STAGES, Assessment, AssessmentStatus
from assessments.selectors import Round
from planner.models import TARGETED_STAGES, MemberRole, PartnerRole, Plan, PlanPartner, Stage
from workflows.notifications.models import Kind
from workflows.notifications.rules import (
    ALL_ROLES,
    Due,
    members_by_plan,
    reminder_rule,
    windows_passed,
)


def submitted_stage_assessments(plan_ids) -> set[tuple[int, int, str]]:
    """(plan, organisation, stage) of every submitted stage assessment (round 0): one query."""
    return set(
        Assessment.objects.filter(
            plan_id__in=plan_ids, round=0, status=AssessmentStatus.SUBMITTED
        ).values_list("plan_id", "organisation_id", "stage")
    )


@reminder_rule("stage_overdue", Kind.STAGE_OVERDUE)
def stage_overdue(now: datetime) -> list[Due]:
    """The plan's current stage is past its target date.

    1. One query: plans whose stage has a target date before today (index on stage + date).
    2. Two queries: their partner representatives and leads, and the stage assessments
       already submitted (a partner that has submitted is not chased).
    3. Window = whole repeat intervals since the day after the target, so the reminder comes
       on the first day overdue and then every `repeat` days; the key includes the target
       date, so moving the target starts afresh.
    """
    today = timezone.localdate(now)
    repeat = settings.NOTIFICATIONS_OVERDUE_REPEAT_DAYS
    escalate = settings.NOTIFICATIONS_OVERDUE_ESCALATE_DAYS
    overdue = Q()
    for stage in TARGETED_STAGES:
        overdue |= Q(stage=stage, **{f"{stage}_target__lt": today})
    # Plain rows, not model instances: building Plan objects costs more than the query.
    plans = list(
        Plan.objects.filter(overdue).values(
            "id", "reference", "title", "stage", *(f"{s}_target" for s in TARGETED_STAGES)
        )
    )
    ids = [p["id"] for p in plans]
    members = members_by_plan(ids, [MemberRole.PARTNER_REP, MemberRole.PROJECT_LEAD])
    submitted = submitted_stage_assessments(ids)
    found = []
    for plan in plans:
        target = plan[f"{plan['stage']}_target"]
        days = (today - target).days
        window = windows_passed(days, 1, repeat)
        stage = Stage(plan["stage"]).label.lower()
        url = reverse("plan_detail", args=[plan["id"]])
        for user_id, org_id, role in members[plan["id"]]:
            is_lead = role == MemberRole.PROJECT_LEAD
            if is_lead and days < escalate:
                continue
            if not is_lead and (plan["id"], org_id, plan["stage"]) in submitted:
                continue  # this partner has done its part of the stage
            kind = Kind.OVERDUE_ESCALATION if is_lead else Kind.STAGE_OVERDUE
            title = f"{plan['reference']}: the {stage} stage is {days} days past its target date"
            body = f"{plan['title']} was due to finish {stage} on {target:%-d %B %Y}. " + (
                "As project lead, please agree a way forward with the partners or set a "
                "new target date."
                if is_lead
                else "Please complete your organisation's part of this stage, starting with its "
                "assessment if it has not been submitted."
            )
            key = f"{kind}:{plan['id']}:{plan['stage']}:{user_id}:{target.isoformat()}:{window}"
            found.append(Due(kind, plan["id"], user_id, key, title, body, url, due_on=target))
    return found


@reminder_rule("assessment_due", Kind.ASSESSMENT_DUE)
def assessment_due(now: datetime) -> list[Due]:
    """A stage's target date is N days away and a partner has not submitted its assessment.

    1. One query: plans whose current assessed stage has a target date from today to today
       plus N days (index on stage + date).
    2. Three queries for those plans: partners (not observers), submitted assessments, and
       representatives and project leads.
    3. Each representative (or, for the lead organisation, the project lead) of a partner
       that has not submitted is reminded once per target date.
    """
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.NOTIFICATIONS_ASSESSMENT_DUE_DAYS)
    window = Q()
    for stage in ASSESSED_STAGES:
        window |= Q(stage=stage, **{f"{stage}_target__gte": today, f"{stage}_target__lte": horizon})
    plans = {
        p["id"]: p
        for p in Plan.objects.filter(window).values(
            "id", "reference", "title", "stage", *(f"{s}_target" for s in ASSESSED_STAGES)
        )
    }
    if not plans:
        return []
    partners = defaultdict(dict)
    for plan_id, org_id, name in PlanPartner.objects.filter(
        plan_id__in=plans, role__in=[PartnerRole.LEAD, PartnerRole.PARTNER]
    ).values_list("plan_id", "organisation_id", "organisation__name"):
        partners[plan_id][org_id] = name
    submitted = submitted_stage_assessments(list(plans))
    members = members_by_plan(list(plans), [MemberRole.PARTNER_REP, MemberRole.PROJECT_LEAD])
    found = []
    for plan_id, plan in plans.items():
        stage = plan["stage"]
        target = plan[f"{stage}_target"]
        rnd = Round(stage)
        url = rnd.url("assessment_mine", plan_id)
        for user_id, org_id, _role in members[plan_id]:
            org = partners[plan_id].get(org_id)
            if org is None or (plan_id, org_id, stage) in submitted:
                continue
            days = (target - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            title = f"{plan['reference']}: {org}'s {rnd.label.lower()} is due {when}"
            body = (
                f"The {Stage(stage).label.lower()} stage of {plan['title']} is due to finish "
                f"on {target:%-d %B %Y}, and {org} has not yet submitted its assessment."
            )
            key = f"{Kind.ASSESSMENT_DUE}:{plan_id}:{stage}:{org_id}:{user_id}:{target}"
            found.append(
                Due(Kind.ASSESSMENT_DUE, plan_id, user_id, key, title, body, url, due_on=target)
            )
    return found


@reminder_rule("assessment_submitted", Kind.ASSESSMENT_SUBMITTED)
def assessment_submitted(now: datetime) -> list[Due]:
    """Assessments submitted in the last hours, to every other member of the plan.

    Key for a direct call: dedupe_key=f"assessment_submitted:{pk}:{submitted_at.isoformat()}"
    (the submission time is in it, so a reopened and resubmitted assessment notifies again).
    """
    since = now - timedelta(hours=settings.NOTIFICATIONS_EVENT_LOOKBACK_HOURS)
    rows = list(
        Assessment.objects.filter(
            status=AssessmentStatus.SUBMITTED, submitted_at__gte=since, submitted_at__lte=now
        ).values(
            "id",
            "plan_id",
            "plan__reference",
            "stage",
            "round",
            "organisation__name",
            "submitted_at",
            "submitted_by_id",
        )
    )
    members = members_by_plan({r["plan_id"] for r in rows}, ALL_ROLES)
    found = []
    for row in rows:
        rnd = Round(row["stage"], row["round"])
        url = rnd.url("assessment_results", row["plan_id"])
        title = (
            f"{row['plan__reference']}: {row['organisation__name']} submitted its "
            f"{rnd.label.lower()}"
        )
        body = "Its answers are now visible to every partner on the results page."
        for user_id, _org, _role in members[row["plan_id"]]:
            if user_id == row["submitted_by_id"]:
                continue
            key = (
                f"{Kind.ASSESSMENT_SUBMITTED}:{row['id']}:{row['submitted_at'].isoformat()}:"
                f"{user_id}"
            )
            found.append(
                Due(Kind.ASSESSMENT_SUBMITTED, row["plan_id"], user_id, key, title, body, url)
            )
    return found
