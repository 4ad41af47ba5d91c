"""The monthly delivery-confidence reminder, found by the periodic scan.

A plan in delivery is rated at least monthly by its project lead. A month with no lead's
rating is a missing update: from that month's first day (UK), each project lead is reminded
once for it. The month is in the reminder's key, so two scans (or two beats) in the month
record one reminder, and the next month that goes unrated gets its own.
"""

import calendar
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from planner.dates import UK
from planner.models import MemberRole, Plan, Stage
from workflows.delivery.models import ConfidenceUpdate
from workflows.notifications.models import Kind
from workflows.notifications.rules import Due, members_by_plan, reminder_rule


@reminder_rule("confidence_due", Kind.CONFIDENCE_DUE)
def confidence_due(now: datetime) -> list[Due]:
    """Three queries whatever the number of plans: the plans in delivery with no lead's
    rating for this month (one query with a subquery), and their project leads."""
    month = timezone.localtime(now, UK).date().replace(day=1)
    rated = ConfidenceUpdate.objects.filter(month=month, is_lead_view=True).values("plan_id")
    plans = {
        p["id"]: p
        for p in Plan.objects.filter(stage=Stage.DELIVERY)
        .exclude(pk__in=rated)
        .values("id", "reference", "title")
    }
    if not plans:
        return []
    leads = members_by_plan(list(plans), [MemberRole.PROJECT_LEAD])
    # The month's rating is due by its last day (the inbox shows it beside the action).
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    found = []
    for plan_id, plan in plans.items():
        url = reverse("confidence_record", args=[plan_id])
        title = f"{plan['reference']}: record delivery confidence for {month:%B %Y}"
        body = (
            f"{plan['title']} is in delivery and has no confidence rating for {month:%B %Y}. "
            "Record green, amber or red with the rationale and the top issues; the partnership "
            "board's highlight report shows it."
        )
        for user_id, _org_id, _role in leads[plan_id]:
            key = f"{Kind.CONFIDENCE_DUE}:{plan_id}:{user_id}:{month:%Y-%m}"
            found.append(
                Due(Kind.CONFIDENCE_DUE, plan_id, user_id, key, title, body, url, month_end)
            )
    return found
