"""Settings for the test suite. DATABASE_URL and REDIS_URL still switch to real services."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process; integration tests start a real worker on REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / "test-output" / "media"
# Client.login() has no request for django-axes to throttle; see tests/hardening/axes_backend.py.
AUTHENTICATION_BACKENDS = [
    "tests.hardening.axes_backend.AxesBackendForTests",
    "django.contrib.auth.backends.ModelBackend",
]
