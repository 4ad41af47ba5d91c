"""Settings for running on a developer's machine: the embedded default."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool, env_str

DEBUG = env_bool("DEBUG", True)

# E-mails are written one file each to var/sent-emails/ rather than printed: the demo and the
# first reminder scan send a few dozen, and on the console they buried the sign-in details.
# https://docs.djangoproject.com/en/5.2/topics/email/#file-backend
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "sent-emails"

# In-process tasks log a line each at INFO ("Task … succeeded"); useful from a worker, noise
# in the console of `make run`.
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # noqa: F405
