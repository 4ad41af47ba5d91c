"""Dates people enter, checked against the one calendar plans live by: the UK's.

Evidence (a governing body's decision, an s.2 notification or response, a measured benefit)
happened on a real day of the plan's life: not after today and not before the plan was
created. A review date is one still to come. "Today" is the day in Europe/London, whatever
the server's clock zone, so 23:30 UTC on a summer evening is already tomorrow.

Each validator raises a `ValidationError` whose message names the field by its label and
says how to fix it, in the GOV.UK pattern; models call them from `clean()`, so the admin,
the services and the forms all refuse the same dates with the same words.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

UK = ZoneInfo("Europe/London")


def uk_today() -> date:
    """Today's date in the UK."""
    return timezone.localdate(timezone=UK)


def plan_created_on(plan) -> date | None:
    """The UK day the plan was created; None for a plan not yet saved."""
    if plan is None or plan.created_at is None:
        return None
    return timezone.localtime(plan.created_at, UK).date()


def validate_happened(value: date | None, *, plan, label: str) -> None:
    """Refuse a date of something that has happened that is after today or before the plan.

    `label` is the field's name as the form shows it ("Date of decision"). A missing or
    malformed date is the field's own business (required, "enter a real date"), so it passes.
    """
    if not isinstance(value, date):
        return  # missing or not a date: the field's own validation says so
    if value > uk_today():
        raise ValidationError(f"{label} must be today or in the past", code="future")
    created_on = plan_created_on(plan)
    if created_on is not None and value < created_on:
        raise ValidationError(
            f"{label} must be the same as or after {created_on:%-d %B %Y}, "
            "when the plan was created",
            code="before_plan",
        )


def validate_not_future(value: date | None, *, label: str) -> None:
    """Refuse a date of something that has happened that is after today, with no lower bound
    (a benefit's baseline may be measured before the plan existed)."""
    if isinstance(value, date) and value > uk_today():
        raise ValidationError(f"{label} must be today or in the past", code="future")


def validate_in_future(value: date | None, *, label: str) -> None:
    """Refuse a date still to come (a review) that is today or earlier: "in the future" means
    from tomorrow, so a review set today is not already due."""
    if isinstance(value, date) and value <= uk_today():
        raise ValidationError(
            f"{label} must be in the future (tomorrow or later)", code="not_future"
        )
