"""What notifications add: the reminder rules about sign-off, conditions of approval, stalled
plans and reports, the Inbox link with its unread count in every page's header, and the
demo's messages."""

from django.urls import reverse

from planner.plugins import NavItem, PlanPlugin
from workflows.notifications import demo, rules
from workflows.notifications.selectors import unread_count_for_user


def inbox_nav(request):
    if not request.user.is_authenticated:
        return None
    return NavItem(
        "Inbox", reverse("notifications_inbox"), badge=unread_count_for_user(request.user)
    )


PLUGIN = PlanPlugin(
    reminder_rules=[
        rules.sign_off_pending,
        rules.plan_stalled,
        rules.report_ready,
        rules.condition_due,
    ],
    nav_items=[inbox_nav],
    demo_build=demo.build,
)
