from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from planner.errors import DomainError
from planner.refusals import form_refusal
from workflows.notifications.forms import PreferenceForm
from workflows.notifications.models import MANDATORY_KINDS, Delivery, Kind
from workflows.notifications.selectors import (
    failed_deliveries,
    inbox_for_user,
    preference_for_user,
)
from workflows.notifications.services import (
    delivery_retry,
    notification_mark_read,
    notifications_mark_all_read,
    preference_update,
)


def _inbox_url(plan_id: int | None) -> str:
    """The inbox, still filtered to the plan the person was looking at."""
    url = reverse("notifications_inbox")
    return f"{url}?{urlencode({'plan': plan_id})}" if plan_id else url


def _posted_plan_id(request) -> int | None:
    """The plan the inbox was filtered to when the button was pressed (None: every plan)."""
    value = request.POST.get("plan", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise DomainError("Choose a plan from the list, or All plans.")
    return int(value)


@require_http_methods(["GET"])
def inbox(request):
    box = inbox_for_user(
        request.user,
        plan_id=request.GET.get("plan", "").strip(),
        actions_page=request.GET.get("actions_page"),
        updates_page=request.GET.get("page"),
    )
    return render(request, "notifications/inbox.html", {"inbox": box})


@require_POST
def mark_read(request, notification_id):
    try:
        plan_id = _posted_plan_id(request)
        notification_mark_read(user=request.user, notification_id=notification_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("notifications_inbox")
    messages.success(request, "Marked as read.")
    return redirect(_inbox_url(plan_id))


@require_POST
def mark_all_read(request):
    try:
        plan_id = _posted_plan_id(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("notifications_inbox")
    count = notifications_mark_all_read(user=request.user, plan_id=plan_id)
    which = " for this plan" if plan_id else ""
    messages.success(
        request, f"{count} notification{'s' if count != 1 else ''}{which} marked as read."
    )
    return redirect(_inbox_url(plan_id))


@require_http_methods(["GET", "POST"])
def preferences(request):
    pref = preference_for_user(request.user)
    initial = {
        "frequency": pref.frequency,
        "quiet_hours": pref.quiet_hours,
        "email_kinds": [k for k in Kind.values if k not in pref.muted_kinds],
    }
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                preference_update(user=request.user, **form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, "Your notification settings have been saved.")
                return redirect("notifications_preferences")
        else:
            status = 400
    mandatory = [(Kind(k).label, reason) for k, reason in MANDATORY_KINDS.items()]
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "mandatory": mandatory},
        status=status,
    )


def _require_staff(request):
    if not request.user.is_staff:
        raise PermissionDenied("Only administrators can see failed e-mails.")


@require_http_methods(["GET"])
def failed(request):
    _require_staff(request)
    return render(request, "notifications/failed.html", {"deliveries": failed_deliveries()})


@require_POST
def retry(request, delivery_id):
    _require_staff(request)
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    try:
        delivery_retry(delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The e-mail to {delivery.recipient.email} will be tried again.")
    return redirect("notifications_failed")
