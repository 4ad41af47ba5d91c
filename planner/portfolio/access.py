"""The one access helper for portfolios: whose plans a person may list, and under which body."""

from django.http import Http404

from planner.models import GoverningBody, User


def portfolio_body_for_user(user: User, body_id) -> GoverningBody:
    """The governing body whose portfolio the person asks for, or Http404.

    The rule:
    1. A person sees the portfolio of a body that governs their own organisation (its PCC or
       fire authority, or a joint board it sits under), whatever their role on any plan: a
       portfolio is read-only, so there is no 403 case.
    2. Any other body, a body that does not exist, and anyone with no organisation (the
       service's administrators) get 404, so the page does not say which bodies exist.
    3. The body's portfolio lists the plans of the organisations it governs, and of those
       only the plans the person's own organisation is a partner on: a plan's existence is
       never disclosed to an organisation that is not its partner (planner.access), and a
       portfolio is no way round that. So a joint board's portfolio never shows a person the
       plans of its other organisations that their own is not part of.
    """
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        raise Http404("No governing body found.")
    body = GoverningBody.objects.filter(pk=body_id, organisations=user.organisation_id).first()
    if body is None:
        raise Http404("No governing body found.")
    return body
