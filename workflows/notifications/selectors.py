"""Reads for the inbox, preferences and the administrators' failed-delivery page."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Value, When

from planner.models import Plan, PlanMember, User
from workflows.notifications.models import (
    ACTION_KINDS,
    Delivery,
    DeliveryStatus,
    Notification,
    Preference,
)

INBOX_PAGE_SIZE = 25


def unread_count_for_user(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class Inbox:
    """The inbox as the page shows it: the person's actions and updates, each paged."""

    actions: Page
    updates: Page
    # The plans the person may filter by: those they have a role on, by title.
    plans: list[Plan]
    # The plan filtered by, or None for every plan.
    plan: Plan | None
    # A plan was asked for that is not one of the person's, so every plan is shown.
    plan_refused: bool


def inbox_for_user(user: User, *, plan_id=None, actions_page=None, updates_page=None) -> Inbox:
    """The person's notifications split into actions (ACTION_KINDS) and updates.

    Steps:
    1. One query: the plans the person has a role on (the filter's choices). A plan asked
       for that is not among them is ignored, so the page never confirms another
       organisation's plan exists; the notifications are the person's own either way.
    2. Actions: unread first, then the soonest due (undated last), then the newest.
       Updates: newest first. Each is paged on its own, a count and a page of rows with
       their plans (two queries each), so the page's queries do not grow with the inbox.
    """
    plans = list(
        Plan.objects.filter(pk__in=PlanMember.objects.filter(user=user).values("plan_id"))
        # The stage too: the stage machine's protected field reads a deferred stage back
        # one query per plan.
        .only("id", "title", "reference", "stage")
        .order_by("title", "pk")
    )
    plan = next((p for p in plans if str(p.pk) == str(plan_id)), None) if plan_id else None
    notes = Notification.objects.filter(recipient=user).select_related("plan")
    if plan is not None:
        notes = notes.filter(plan=plan)
    unread_first = Case(
        When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    actions = notes.filter(kind__in=ACTION_KINDS).order_by(
        unread_first,
        F("due_on").asc(nulls_last=True),
        "-created_at",
        "-pk",
    )
    updates = notes.exclude(kind__in=ACTION_KINDS).order_by("-created_at", "-pk")
    return Inbox(
        actions=Paginator(actions, INBOX_PAGE_SIZE).get_page(actions_page),
        updates=Paginator(updates, INBOX_PAGE_SIZE).get_page(updates_page),
        plans=plans,
        plan=plan,
        plan_refused=bool(plan_id) and plan is None,
    )


def preference_for_user(user: User) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def failed_deliveries(limit: int = 200) -> list[Delivery]:
    return list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("notification", "notification__plan", "recipient")
        .order_by("-created_at")[:limit]
    )
