"""Settings shared by every environment.

Defaults run with no services at all (SQLite, Celery tasks in-process, e-mail to the console);
DATABASE_URL and REDIS_URL switch to PostgreSQL and a real broker.
"""

from pathlib import Path
from urllib.parse import quote

import dj_database_url

from config.env import env_bool, env_email, env_int, env_list, env_str, env_url
from config.observability import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_fsm",
    "axes",
    "csp",
    "planner",
    "planner.cases",
    "planner.reports",
    "workflows",
    "workflows.notifications",
    "workflows.delivery",
    "assessments",
    "assessments.risks",
    "assessments.finance",
    "assessments.review",
]

MIDDLEWARE = [
    "config.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.security.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.sessions.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.AbsoluteSessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A refusal no view caught (planner.errors) becomes its 403, 409 or 400 page, not a 500.
    "planner.refusals.RefusalMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during sign-in into the page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planner.context_processors.service",
                "planner.service_pages.service_links",
            ],
        },
    },
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASE_URL = env_url("DATABASE_URL", None, schemes=("postgres", "postgresql", "sqlite"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite locks the whole file. WAL lets readers carry on while one request writes;
    # IMMEDIATE transactions take the write lock when they start, so concurrent writers
    # queue behind the busy timeout instead of one failing with "database is locked" when
    # it upgrades a read lock; persistent connections would hold locks between requests.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#database-is-locked-errors
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "planner.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out account or address before the password is checked.
# https://django-axes.readthedocs.io/en/latest/2_installation.html
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# A governance tool holds decisions that may be judicially reviewed: a session ends after 30
# minutes without a request (the session's age, renewed as requests come), after a working day
# however busy (config.security.AbsoluteSessionLifetimeMiddleware), and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60, minimum=300)
# The renewal is written at most once every SESSION_RENEW_SECONDS
# (config.sessions.SessionRenewalMiddleware), not on every request: a session write per page
# was the largest fixed cost of a signed-in page. An idle session so ends up to a minute early.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60, minimum=1)
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_AGE", 8 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sign-in throttling: 5 failures for one account, or from one address, lock further attempts
# for 15 minutes. The lock is a cool-off, never permanent, and is not extended by attempts made
# while it lasts, so an attacker cannot keep a real user out for more than a short while; a
# successful sign-in clears the count. https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
# Proxies in front of the app that append to X-Forwarded-For (1 behind nginx or a balancer).
# Production requires it to be set explicitly (config/settings/production.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# No inline script or style anywhere: JavaScript and CSS are files served from 'self'.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Headers Django sets through SecurityMiddleware, stated here so every environment sends them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end assets are installed from npm and compiled by the set-up command; never a CDN.
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Bad or hostile input: refuse oversized bodies with a clear 400 rather than burning memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# That limit leaves out files. A request carrying files may be at most UPLOAD_MAX_SIZE bytes,
# refused on its Content-Length before it is read and counted as it streams in case that lies
# (config.uploads); the largest real upload, a case-library import, is 10 MB at most.
# https://docs.djangoproject.com/en/5.2/topics/http/file-uploads/#upload-handlers
UPLOAD_MAX_SIZE = 11 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "config.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A hung SMTP server must not hold a worker for ever; Celery retries instead.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Blue Light Collaboration Planner <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails are absolute; there is no request to take the host from in a worker.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Folder the file-based e-mail backend writes to; only local.py uses that backend and sets it.
# https://docs.djangoproject.com/en/5.2/ref/settings/#email-file-path
EMAIL_FILE_PATH = None

SERVICE_NAME = "Blue Light Collaboration Planner"
# The organisation that runs this copy of the service: the data controller the privacy notice
# names. Production requires it (config/settings/production.py); the default says it is a demo.
# https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/individual-rights/the-right-to-be-informed/
SERVICE_OPERATOR = env_str("SERVICE_OPERATOR", "the organisation running this demonstration copy")
# Where people report a problem (the accessibility statement, the privacy notice, the phase
# banner's feedback link by default). Production requires it.
SUPPORT_EMAIL = env_email("SUPPORT_EMAIL", "support@localhost")
# The phase banner's feedback link: a survey's https address, or by default an e-mail to support.
# https://design-system.service.gov.uk/components/phase-banner/
FEEDBACK_URL = env_url(
    "FEEDBACK_URL",
    f"mailto:{SUPPORT_EMAIL}?subject={quote('Feedback on the ' + SERVICE_NAME)}",
    schemes=("https", "http", "mailto"),
)

# The governance report (planner/reports). The printer reads no file except the stylesheet
# and files inside these folders (none by default: the font comes from fontconfig by name).
REPORT_STYLESHEET_TEMPLATE = "reports/print.css"
REPORT_ASSET_DIRS: list[str] = []
# A claim on a render (or a hand-over to the broker) older than this is taken back by the
# sweep; longer than the render task's hard time limit, so a live worker is never overtaken.
REPORT_STALE_SECONDS = env_int("REPORT_STALE_SECONDS", 300, minimum=1)
REPORT_MAX_ATTEMPTS = env_int("REPORT_MAX_ATTEMPTS", 3, minimum=1)
# PDF standard a new version is printed to: "pdf/ua-1" (accessible) or "pdf/a-3b" (archival).
REPORT_PDF_VARIANT = env_str("REPORT_PDF_VARIANT", "pdf/ua-1")

# Case matching (planner/cases/matching.py). Weights replacing some of the defaults (keys
# type, services, text, region; fractions of the score), none replaced by default.
CASE_MATCH_WEIGHTS: dict[str, float] = {}
# Candidates each retrieval query keeps before exact scoring (cases; two queries, so up to 2×).
CASE_MATCH_CANDIDATES = 100
# Comparable schemes shown for a plan (cases).
CASE_MATCH_LIMIT = 10

# Partner assessments (assessments/scoring.py); ratings are 1 to 5.
# Readiness (0 to 100) at or above which the assessment gate check passes.
ASSESSMENT_READINESS_THRESHOLD = 60
# A characteristic whose mean rating is below this needs a justification (rating points).
ASSESSMENT_FLOOR = 2
# Highest minus lowest rating at or above this is a disagreement (rating points).
ASSESSMENT_SPREAD_FLAG = 2
# An organisation this far from the others' mean is an outlier (rating points).
ASSESSMENT_OUTLIER_GAP = 2
# How many weakest characteristics the results name (characteristics).
ASSESSMENT_WEAKEST_COUNT = 3

# Risk score bands on the 5×5 matrix: each band's highest score (1 to 25), increasing; the
# lines differ between organisations (assessments/risks/bands.py).
RISK_BANDS = [(4, "low"), (9, "medium"), (15, "high"), (25, "very_high")]

# Reminders and e-mail delivery (workflows/notifications).
# Hours (start, end; UK clock, whole hours) in which e-mails may go out on a working day.
NOTIFICATIONS_WORKING_HOURS = (8, 18)
# Repeat an overdue-stage reminder this often (days).
NOTIFICATIONS_OVERDUE_REPEAT_DAYS = 7
# After this long overdue the project lead is told too (days).
NOTIFICATIONS_OVERDUE_ESCALATE_DAYS = 14
# First reminder of a governance sign-off awaited, after this long in the stage (days).
NOTIFICATIONS_SIGN_OFF_AFTER_DAYS = 3
# Repeat a sign-off reminder this often (days).
NOTIFICATIONS_SIGN_OFF_REPEAT_DAYS = 7
# A plan with no decision logged for this long is stalled (days).
NOTIFICATIONS_STALLED_DAYS = 28
# Remind partners this long before a stage's target date to submit their assessment (days).
NOTIFICATIONS_ASSESSMENT_DUE_DAYS = 7
# How far back the scan looks for submitted assessments and ready reports (hours).
NOTIFICATIONS_EVENT_LOOKBACK_HOURS = 48
# Repeat a reminder of a risk past its review date this often (days).
NOTIFICATIONS_RISK_REVIEW_REPEAT_DAYS = 7
# Remind a condition's owner organisation this long before the condition is due (days).
NOTIFICATIONS_CONDITION_DUE_DAYS = 7
# Repeat a reminder of an overdue condition this often (days).
NOTIFICATIONS_CONDITION_REPEAT_DAYS = 7
# A sender's claim on an e-mail older than this is taken over; longer than the task's hard
# time limit (CELERY_TASK_TIME_LIMIT), so a live sender is never overtaken (seconds).
NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS = 120
# Tries of one e-mail before it is listed as failed for administrators (attempts).
NOTIFICATIONS_MAX_ATTEMPTS = 5
# Backoff between tries: this, doubled each time (seconds) ...
NOTIFICATIONS_RETRY_BASE_SECONDS = 30
# ... up to this (seconds).
NOTIFICATIONS_RETRY_MAX_SECONDS = 600
# A delivery handed to the broker but not sent after this long is handed over again (seconds).
NOTIFICATIONS_REQUEUE_SECONDS = 600
# Most deliveries one dispatch hands to the broker (deliveries).
NOTIFICATIONS_DISPATCH_BATCH = 5000

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
REDIS_URL = env_url("REDIS_URL", None, schemes=("redis", "rediss"))
# Without Redis tasks run in-process; the in-memory transport is named with a host so kombu
# does not warn about a missing hostname on a machine that has no broker at all.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Ack after the task ran, so a worker killed mid-task has its message redelivered; tasks are
# idempotent so the redelivery is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hang a web request: fail fast, the caller records the work.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "max_retries": 1}
CELERY_BEAT_SCHEDULE: dict = {
    # Report versions the broker never received (it was down at request time) or whose
    # worker died: hand them over again.
    "reports-sweep-queued": {"task": "reports.report_sweep_queued", "schedule": 60.0},
    # Reminders are found by scanning the database, never by long countdowns.
    "notifications-reminders-scan": {
        "task": "notifications.reminders_scan",
        "schedule": float(env_int("REMINDER_SCAN_SECONDS", 300, minimum=1)),
    },
}

# Every log line carries the request id (config.observability); LOG_FORMAT=json for shippers.
LOGGING = logging_config(
    json_lines=env_str("LOG_FORMAT", "plain") == "json", level=env_str("LOG_LEVEL", "INFO")
)
