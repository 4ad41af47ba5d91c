"""The header's link to the portfolio, for people with an organisation (planner's plugin)."""

from django.urls import reverse

from planner.plugins import NavItem


def portfolio_nav(request) -> NavItem | None:
    if not request.user.is_authenticated or request.user.organisation_id is None:
        return None
    return NavItem(label="Portfolio", url=reverse("portfolio"))
