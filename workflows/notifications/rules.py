"""Reminder rules: each a small named function that finds what is due, in bulk.

A rule takes the current time and returns `Due` items, one per recipient. It must use a
fixed number of indexed queries whose cost grows with the number of plans due, never a
loop over every plan. Each item's key names the rule, plan, subject, recipient and due
window, so the same reminder found by two scans (or two beats) is recorded once.

The rules' timings are the NOTIFICATIONS_* settings, declared with their defaults and units
in config/settings/base.py.

This module holds the rules over planner and workflows data. Apps above workflows keep their
own rules beside their models (`assessments/reminders.py`, `assessments/risks/reminders.py`)
and build them from the public pieces here: `reminder_rule`, `Due`, `members_by_plan`,
`windows_passed`, `ACTIVE`, `ALL_ROLES`. Nothing here imports them back: imports run one way.

Report rendering flips its status with a conditional queryset update, which sends no signal;
so "a report is ready" is found by the same periodic scan, looking back a short while (it
arrives within one scan interval). The reports app may also call `notification_send_event`
directly with the dedupe key given in the docstring: the scan then finds the same key and
sends nothing twice.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from planner.models import (
    ACTIVE_STAGES,
    MemberRole,
    PartnerRole,
    Plan,
    PlanMember,
    PlanPartner,
    Stage,
)
from planner.plugins import reminder_rules as plugin_reminder_rules
from planner.reports.models import ReportStatus, ReportVersion
from workflows.models import APPROVING_DECISIONS, ConditionStatus, SignOff, SignOffCondition
from workflows.notifications.models import Kind

# The plans whose reminders still matter.
ACTIVE = ACTIVE_STAGES


@dataclass(frozen=True)
class Due:
    kind: str
    plan_id: int | None
    recipient_id: int
    key: str
    title: str
    body: str
    url: str
    # When the thing asked for is due, shown beside the action in the inbox (None if the
    # reminder has no date of its own). Last and optional, so rules without one need not say.
    due_on: date | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    find: Callable[[datetime], Iterable[Due]]

    def __call__(self, now: datetime) -> Iterable[Due]:
        return self.find(now)


def reminder_rule(name: str, kind: str):
    """Make the function a named rule. The scan runs it once the app's plugin.py lists it
    (this registers nothing: the plugin is the one place an app says what it adds)."""

    def make(func) -> Rule:
        return Rule(name=name, kind=kind, find=func)

    return make


def reminder_rules() -> list[Rule]:
    """Every installed app's rules, in app order."""
    return plugin_reminder_rules()


# Every member role: event rules ("a report is ready") tell the whole plan.
ALL_ROLES = list(MemberRole.values)


def members_by_plan(plan_ids, roles) -> dict[int, list[tuple[int, int, str]]]:
    """(user id, organisation id, role) of the active members with those roles, by plan.

    One query for any number of plans; a plan with no such member maps to an empty list.
    Public because the other apps' rules (assessments, risks) find their recipients with it.
    """
    found = defaultdict(list)
    rows = PlanMember.objects.filter(
        plan_id__in=plan_ids, role__in=roles, user__is_active=True
    ).values_list("plan_id", "user_id", "organisation_id", "role")
    for plan_id, user_id, org_id, role in rows:
        found[plan_id].append((user_id, org_id, role))
    return found


def windows_passed(days: int, first: int, every: int) -> int | None:
    """Which repeat window `days` falls in (0 at `first`, 1 at `first + every`, ...).

    None before `first`. Rules put the window in the dedupe key, so a reminder repeats once
    per window however many scans run inside it.
    """
    if days < first:
        return None
    return (days - first) // max(every, 1)


@reminder_rule("sign_off_pending", Kind.SIGN_OFF_PENDING)
def sign_off_pending(now: datetime) -> list[Due]:
    """Governance alignment is waiting on partners whose governing body has not approved.

    1. One query: plans in governance alignment for at least `after` days (index on stage +
       stage_changed_at).
    2. Three queries for those plans only: partners (not observers), their current sign-offs
       (the current decision counts, as on the gate), and approvers and representatives.
    3. Each approver or representative of a partner without approval is reminded after
       `after` days in the stage and then every `repeat` days.
    """
    after = settings.NOTIFICATIONS_SIGN_OFF_AFTER_DAYS
    repeat = settings.NOTIFICATIONS_SIGN_OFF_REPEAT_DAYS
    plans = {
        p["id"]: p
        for p in Plan.objects.filter(
            stage=Stage.GOVERNANCE, stage_changed_at__lte=now - timedelta(days=after)
        ).values("id", "reference", "title", "stage_changed_at", "governance_alignment_target")
    }
    if not plans:
        return []
    partners = defaultdict(dict)
    for plan_id, org_id, org_name in PlanPartner.objects.filter(
        plan_id__in=plans, role__in=[PartnerRole.LEAD, PartnerRole.PARTNER]
    ).values_list("plan_id", "organisation_id", "organisation__name"):
        partners[plan_id][org_id] = org_name
    # The current decision counts, as on the gate; superseded ones never do.
    latest = {
        (plan_id, org_id): decision
        for plan_id, org_id, decision in SignOff.objects.current()
        .filter(plan_id__in=plans, gate=Stage.GOVERNANCE)
        .values_list("plan_id", "organisation_id", "decision")
    }
    members = members_by_plan(list(plans), [MemberRole.APPROVER, MemberRole.PARTNER_REP])
    found = []
    for plan_id, plan in plans.items():
        days = (now - plan["stage_changed_at"]).days
        window = windows_passed(days, after, repeat)
        url = reverse("plan_sign_off", args=[plan_id])
        since = plan["stage_changed_at"].date().isoformat()
        for user_id, org_id, _role in members[plan_id]:
            if org_id not in partners[plan_id]:
                continue
            if latest.get((plan_id, org_id)) in APPROVING_DECISIONS:
                continue
            org = partners[plan_id][org_id]
            title = f"{plan['reference']}: {org}'s governance decision is awaited"
            body = (
                f"{plan['title']} has been in governance alignment for {days} days. It cannot "
                f"move on until {org}'s governing body has decided and the decision is recorded."
            )
            key = f"{Kind.SIGN_OFF_PENDING}:{plan_id}:{org_id}:{user_id}:{since}:{window}"
            due_on = plan["governance_alignment_target"]
            found.append(
                Due(Kind.SIGN_OFF_PENDING, plan_id, user_id, key, title, body, url, due_on)
            )
    return found


@reminder_rule("plan_stalled", Kind.PLAN_STALLED)
def plan_stalled(now: datetime) -> list[Due]:
    """No decision logged for K days on an active plan (to the project lead).

    1. One query on the indexed `last_decision_at` (or, for a plan with no decision yet,
       its creation date, indexed with the stage).
    2. One query for the leads of those plans.
    3. Window = whole periods of K days since the last decision, so the reminder repeats
       every K days while the plan stays stalled and stops once a decision is logged.
    """
    days_limit = settings.NOTIFICATIONS_STALLED_DAYS
    cutoff = now - timedelta(days=days_limit)
    plans = list(
        Plan.objects.filter(stage__in=ACTIVE)
        .filter(
            Q(last_decision_at__lt=cutoff) | Q(last_decision_at__isnull=True, created_at__lt=cutoff)
        )
        .values("id", "reference", "title", "last_decision_at", "created_at")
    )
    members = members_by_plan([p["id"] for p in plans], [MemberRole.PROJECT_LEAD])
    found = []
    for plan in plans:
        since = plan["last_decision_at"] or plan["created_at"]
        days = (now - since).days
        window = windows_passed(days, days_limit, days_limit)
        url = reverse("plan_decisions", args=[plan["id"]])
        title = f"{plan['reference']}: no decision logged for {days} days"
        body = (
            f"Nothing has been recorded in the decision log of {plan['title']} since "
            f"{timezone.localtime(since):%-d %B %Y}. Log the decisions the partners have taken, "
            "or agree whether the plan should be put on hold."
        )
        for user_id, _org, _role in members[plan["id"]]:
            key = f"{Kind.PLAN_STALLED}:{plan['id']}:{user_id}:{since.isoformat()}:{window}"
            found.append(Due(Kind.PLAN_STALLED, plan["id"], user_id, key, title, body, url))
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
    members = members_by_plan({r["plan_id"] for r in rows}, ALL_ROLES)
    found = []
    for row in rows:
        url = reverse("plan_reports", args=[row["plan_id"]])
        title = f"{row['plan__reference']}: governance report version {row['number']} is ready"
        body = "The PDF can be downloaded from the plan's reports page."
        for user_id, _org, _role in members[row["plan_id"]]:
            key = f"{Kind.REPORT_READY}:{row['id']}:{user_id}"
            found.append(Due(Kind.REPORT_READY, row["plan_id"], user_id, key, title, body, url))
    return found


@reminder_rule("condition_due", Kind.CONDITION_DUE)
def condition_due(now: datetime) -> list[Due]:
    """A condition of a current approval still to be met (open, or carried into delivery) is
    due soon or overdue: remind the owner
    organisation's approvers, representatives and (if it is theirs) the project lead.

    1. One query on the indexed status + due date: open conditions due within `soon` days,
       on active plans, of decisions no later one supersedes.
    2. One query for the members of those plans with the roles that can discharge them.
    3. Once when it falls due soon, then after the due date every `repeat` days until it is
       met, waived or carried; the key includes the due date, so a new date starts afresh.
    """
    today = timezone.localdate(now)
    soon = settings.NOTIFICATIONS_CONDITION_DUE_DAYS
    repeat = settings.NOTIFICATIONS_CONDITION_REPEAT_DAYS
    rows = list(
        # Open ones hold the gate; carried ones are still to be met in delivery.
        SignOffCondition.objects.filter(
            status__in=[ConditionStatus.OPEN, ConditionStatus.CARRIED],
            due_on__lte=today + timedelta(days=soon),
            owner__isnull=False,
            plan__stage__in=ACTIVE,
            sign_off__superseded_by__isnull=True,
        ).values(
            "id",
            "plan_id",
            "plan__reference",
            "status",
            "number",
            "text",
            "due_on",
            "owner_id",
            "owner__name",
            "sign_off__organisation__name",
        )
    )
    roles = [MemberRole.APPROVER, MemberRole.PARTNER_REP, MemberRole.PROJECT_LEAD]
    members = members_by_plan({r["plan_id"] for r in rows}, roles)
    found = []
    for row in rows:
        days_over = (today - row["due_on"]).days
        due = f"{row['due_on']:%-d %B %Y}"
        if days_over > 0:
            window = f"overdue-{windows_passed(days_over, 1, repeat)}"
            when, headline = f"was due on {due} and is overdue", "is overdue"
        else:
            window = "soon"
            when = headline = f"is due on {due}"
        label = f"condition {row['number']} of {row['sign_off__organisation__name']}'s approval"
        title = f"{row['plan__reference']}: {label} {headline}"
        if row["status"] == ConditionStatus.CARRIED:
            then = "It was carried into delivery: record it as met with the evidence."
        else:
            then = (
                "Record it as met with the evidence, or ask the governing body to waive it. "
                "The plan cannot leave joint risk assessment while it is open."
            )
        body = f"{row['owner__name']} owns {label}, which {when}: “{row['text'][:200]}”. {then}"
        url = reverse("plan_conditions", args=[row["plan_id"]])
        for user_id, org_id, _role in members[row["plan_id"]]:
            if org_id != row["owner_id"]:
                continue
            key = f"{Kind.CONDITION_DUE}:{row['plan_id']}:{row['id']}:{user_id}:"
            key += f"{row['due_on']}:{window}"
            found.append(
                Due(
                    Kind.CONDITION_DUE,
                    row["plan_id"],
                    user_id,
                    key,
                    title,
                    body,
                    url,
                    due_on=row["due_on"],
                )
            )
    return found
