"""Reads for the inbox, preferences and the administrators' failed-delivery page."""

from django.core.paginator import Page, Paginator

from planner.models import User
from workflows.notifications.models import Delivery, DeliveryStatus, Notification, Preference

INBOX_PAGE_SIZE = 25


def unread_count_for_user(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox_page_for_user(user: User, page_number) -> Page:
    notes = (
        Notification.objects.filter(recipient=user)
        .select_related("plan")
        .order_by("-created_at", "-pk")
    )
    return Paginator(notes, INBOX_PAGE_SIZE).get_page(page_number)


def preference_for_user(user: User) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def failed_deliveries(limit: int = 200) -> list[Delivery]:
    return list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("notification", "notification__plan", "recipient")
        .order_by("-created_at")[:limit]
    )
