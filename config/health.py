"""The health endpoint a load balancer polls.

Status codes: 503 only when the database is unreachable, because no page works without it and
the balancer should take this node out. A broker that is down is reported ("broker": "error")
with a 200 and "status": "degraded": pages still work and work that needs the broker is kept in
the database until it returns, so taking every web node out of the pool for a Redis outage would
turn a partial fault into a full one.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

BROKER_TIMEOUT_SECONDS = 2


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not usable", reported not raised
        return "error"
    return "ok"


def broker_status() -> str:
    url = settings.CELERY_BROKER_URL or ""
    if not url or url.startswith("memory://"):
        return "not configured"
    from config.celery import app

    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001
        return "error"
    return "ok"


@login_not_required
@never_cache
@require_safe  # GET, and HEAD for load balancers that poll with it
def health(request):
    checks = {"database": database_status(), "broker": broker_status()}
    if checks["database"] != "ok":
        status, code = "down", 503
    elif checks["broker"] == "error":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)
