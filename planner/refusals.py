"""The one place that turns the domain's refusals (planner.errors) into responses.

- On a form: `form_refusal` puts the message against its field and returns the status the
  refusal's type carries, so a view never picks a status from the exception's class or text.
- Anywhere else: `RefusalMiddleware` turns a refusal no view caught into its page (403 for
  NotAllowed, 409 for Stale, 400 for any other), so a service saying no is never a 500.
"""

from django.shortcuts import render

from planner.errors import DomainError, NotAllowed, Stale

# Looked up along the exception's class hierarchy, so a subclass (a stale stage, say) gets its
# parent's page without being listed.
REFUSAL_TEMPLATES = {
    NotAllowed: "403.html",
    Stale: "409.html",
    DomainError: "refused.html",
}


def form_refusal(form, exc: DomainError) -> int:
    """Show a service's refusal on the form and return the response status it calls for.

    The message goes against the field it concerns when the form has that field, otherwise at
    the top of the form (the error summary lists both).
    """
    if exc.by_field:
        for name, messages in exc.by_field.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return exc.status
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)
    return exc.status


def refusal_response(request, exc: DomainError):
    template = next(REFUSAL_TEMPLATES[cls] for cls in type(exc).__mro__ if cls in REFUSAL_TEMPLATES)
    plan_id = request.resolver_match.kwargs.get("plan_id") if request.resolver_match else None
    return render(
        request,
        template,
        {"exception": exc.message, "plan_id": plan_id},
        status=exc.status,
    )


class RefusalMiddleware:
    """Answer a refusal that reached the top of a view with its own page and status.

    Views catch refusals they can show on a form; the rest (a POST-only action, a check a
    service makes before any form exists) arrive here instead of becoming a 500. The service
    raised before writing, or inside the transaction it rolled back, so nothing was saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return refusal_response(request, exception)
        return None
