"""Production settings: refuse to start without the variables a deployment must set.

Passes `manage.py check --deploy` with no warnings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    FEEDBACK_URL,
    MIDDLEWARE,
    env_bool,
    env_email,
    env_int,
    env_list,
    env_str,
    env_url,
    logging_config,
)

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "The environment variable SECRET_KEY must be at least 50 characters of random text."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# https://docs.djangoproject.com/en/5.2/ref/middleware/#http-strict-transport-security
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# No unsafe fallbacks. Without a broker, reports would print inside a web worker (and be
# killed by its timeout) and reminders would never leave; without SMTP, reset links and
# invitation tokens would be written to the server log by the console backend. Each missing
# setting stops start-up with a message naming it.
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss"))
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
# Setting EMAIL_HOST means SMTP: production never uses the console or in-memory backends.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST")
# Links in e-mails must point at the real address, not the developer default: the first
# allowed host over HTTPS unless SITE_URL says otherwise (required when that host is a
# wildcard such as ".example.org").
_first_host = ALLOWED_HOSTS[0]
SITE_URL = env_url(
    "SITE_URL",
    None if _first_host.startswith((".", "*")) else f"https://{_first_host}",
    schemes=("https", "http"),
)
if SITE_URL is None:
    raise ImproperlyConfigured(
        "Set the environment variable SITE_URL (the address people use, for links in "
        "e-mails): the first of ALLOWED_HOSTS is a wildcard."
    )
# The accessibility statement and privacy notice tell people whom to write to and who holds
# their data; the development placeholders would be false on a real site. base.py read the
# same variables, so its FEEDBACK_URL already defaults to this address.
# Unset, the pages name no address and no operator rather than the placeholders (and the
# service still starts: a deployment made before these existed must not stop serving); a value
# given must be a real address. The feedback link then opens the accessibility statement's
# "Reporting a problem" section.
SUPPORT_EMAIL = env_email("SUPPORT_EMAIL", "")
SERVICE_OPERATOR = env_str("SERVICE_OPERATOR", "")
if not SUPPORT_EMAIL and FEEDBACK_URL.startswith("mailto:support@localhost"):
    FEEDBACK_URL = "/accessibility/#reporting-a-problem"
# How many proxies append to X-Forwarded-For in front of gunicorn. It decides which address
# sign-in throttling locks: too low locks everyone behind the proxy, too high trusts an address
# the client wrote. There is no safe default, so it must be stated (0 when nothing is in front).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", minimum=0)

# Compressed, fingerprinted static files served by WhiteNoise behind the proxy.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MIDDLEWARE = list(MIDDLEWARE)

# One JSON object per line with the request id, for the log shipper.
LOGGING = logging_config(
    json_lines=env_str("LOG_FORMAT", "json") == "json", level=env_str("LOG_LEVEL", "INFO")
)
