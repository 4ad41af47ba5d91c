"""Reminder rule over the joint risk register, found by the periodic scan.

Here beside the risks rather than in workflows.notifications: workflows sits below
assessments (README, "Layering"), so this module uses workflows' rule machinery and
workflows never imports it.

Setting (declared in config/settings/base.py): NOTIFICATIONS_RISK_REVIEW_REPEAT_DAYS.
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assessments.risks.models import LIVE_STATUSES, Risk
from workflows.notifications.models import Kind
from workflows.notifications.rules import ACTIVE, Due, reminder_rule, windows_passed


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
        window = windows_passed(days, 0, repeat)
        url = reverse("risk_detail", args=[row["plan_id"], row["id"]])
        title = f"{row['plan__reference']}: the risk “{row['title']}” is due for review"
        body = (
            f"You own this risk and its review date was {row['review_date']:%-d %B %Y}. Review "
            "its scores and mitigations, then set the next review date."
        )
        key = f"{Kind.RISK_REVIEW_DUE}:{row['plan_id']}:{row['id']}:{row['owner_id']}:"
        key += f"{row['review_date']}:{window}"
        found.append(
            Due(
                Kind.RISK_REVIEW_DUE,
                row["plan_id"],
                row["owner_id"],
                key,
                title,
                body,
                url,
                due_on=row["review_date"],
            )
        )
    return found
