from django.conf import settings

from planner.plugins import nav_items


def service(request):
    user = getattr(request, "user", None)
    items = nav_items(request) if user is not None and user.is_authenticated else []
    return {"service_name": settings.SERVICE_NAME, "nav_items": items}
