"""Rules over the assessments, risks and reports apps.

Assessment submission and report rendering flip their status with a conditional queryset
update, which sends no signal; so "an assessment was submitted" and "a report is ready" are
found by the same periodic scan, looking back a short while (they arrive within one scan
interval). Those apps may also call `notification_send_event` directly with the dedupe key
given in each docstring: the scan then finds the same key and sends nothing twice.

Settings: NOTIFICATIONS_ASSESSMENT_DUE_DAYS (7), NOTIFICATIONS_EVENT_LOOKBACK_HOURS (48),
NOTIFICATIONS_RISK_REVIEW_REPEAT_DAYS (7).
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import ASSESSED_STAGES, Assessment, AssessmentStatus
from assessments.risks.models import LIVE_STATUSES, Risk
from assessments.selectors import Round
from planner.models import MemberRole, PartnerRole, Plan, PlanPartner, Stage
from planner.reports.models import ReportStatus, ReportVersion
from workflows.notifications.models import Kind
from workflows.notifications.rules import (
    ACTIVE,
    Due,
    _members,
    _windows_passed,
    reminder_rule,
)

ALL_ROLES = list(MemberRole.values)


def submitted_stage_assessments(plan_ids) -> set[tuple[int, int, str]]:
    """(plan, organisation, stage) of every submitted stage assessment (round 0): one query."""
    return set(
        Assessment.objects.filter(
            plan_id__in=plan_ids, round=0, status=AssessmentStatus.SUBMITTED
        ).values_list("plan_id", "organisation_id", "stage")
    )


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
    members = _members(list(plans), [MemberRole.PARTNER_REP, MemberRole.PROJECT_LEAD])
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
            found.append(Due(Kind.ASSESSMENT_DUE, plan_id, user_id, key, title, body, url))
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
    members = _members({r["plan_id"] for r in rows}, ALL_ROLES)
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


@reminder_rule("report_ready", Kind.REPORT_READY)
def report_ready(now: datetime) -> list[Due]:
    """Report versions rendered in the last hours, to every member of the plan.

    Key for a direct call: dedupe_key=f"report_ready:{version.pk}".
    """
    since = now - timedelta(hours=settings.NOTIFICATIONS_EVENT_LOOKBACK_HOURS)
    rows = list(
        ReportVersion.objects.filter(
            status=ReportStatus.READY, rendered_at__gte=since, rendered_at__lte=now
        ).values("id", "plan_id", "plan__reference", "number")
    )
    members = _members({r["plan_id"] for r in rows}, ALL_ROLES)
    found = []
    for row in rows:
        url = reverse("plan_reports", args=[row["plan_id"]])
        title = f"{row['plan__reference']}: governance report version {row['number']} is ready"
        body = "The PDF can be downloaded from the plan's reports page."
        for user_id, _org, _role in members[row["plan_id"]]:
            key = f"{Kind.REPORT_READY}:{row['id']}:{user_id}"
            found.append(Due(Kind.REPORT_READY, row["plan_id"], user_id, key, title, body, url))
    return found


@reminder_rule("risk_review_due", Kind.RISK_REVIEW_DUE)
def risk_review_due(now: datetime) -> list[Due]:
    """A live risk on an active plan has reached its review date: remind its named owner.

    One indexed query (status + review date) joined to the plan and owner; repeats every
    NOTIFICATIONS_RISK_REVIEW_REPEAT_DAYS until the owner reviews it and sets a new date
    (the key includes the review date, so a new date starts afresh).
    """
    today = timezone.localdate(now)
    repeat = settings.NOTIFICATIONS_RISK_REVIEW_REPEAT_DAYS
    rows = Risk.objects.filter(
        status__in=LIVE_STATUSES,
        review_date__lte=today,
        owner__isnull=False,
        owner__is_active=True,
        plan__stage__in=ACTIVE,
    ).values("id", "plan_id", "plan__reference", "title", "review_date", "owner_id")
    found = []
    for row in rows:
        days = (today - row["review_date"]).days
        window = _windows_passed(days, 0, repeat)
        url = reverse("risk_detail", args=[row["plan_id"], row["id"]])
        title = f"{row['plan__reference']}: the risk “{row['title']}” is due for review"
        body = (
            f"You own this risk and its review date was {row['review_date']:%-d %B %Y}. Review "
            "its scores and mitigations, then set the next review date."
        )
        key = f"{Kind.RISK_REVIEW_DUE}:{row['plan_id']}:{row['id']}:{row['owner_id']}:"
        key += f"{row['review_date']}:{window}"
        found.append(
            Due(Kind.RISK_REVIEW_DUE, row["plan_id"], row["owner_id"], key, title, body, url)
        )
    return found
