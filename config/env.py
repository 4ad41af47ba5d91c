"""Small helpers that read settings from the environment and fail loudly.

Every helper names the variable in its error, so a mis-set deployment stops at start-up
with a message an operator can act on instead of misbehaving later.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _raw(name: str, default):
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return None
    return value


def env_str(name: str, default=_MISSING) -> str:
    value = _raw(name, default)
    if value is None:
        return default
    if default is _MISSING and not value.strip():
        raise ImproperlyConfigured(f"The environment variable {name} is set but empty.")
    return value


def env_bool(name: str, default=_MISSING) -> bool:
    value = _raw(name, default)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be true or false, not {value!r}."
    )


def env_int(name: str, default=_MISSING, *, minimum: int | None = None) -> int:
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be at least {minimum}, not {number}."
        )
    return number


def env_list(name: str, default=_MISSING) -> list[str]:
    value = _raw(name, default)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if default is _MISSING and not items:
        raise ImproperlyConfigured(
            f"The environment variable {name} must list at least one comma-separated value."
        )
    return items


def env_url(name: str, default=_MISSING, *, schemes: tuple[str, ...]) -> str | None:
    value = _raw(name, default)
    if value is None:
        return default
    parsed = urlparse(value)
    if parsed.scheme not in schemes or not (parsed.netloc or parsed.path):
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a URL starting with "
            f"{' or '.join(s + '://' for s in schemes)}, not {value!r}."
        )
    return value


def env_email(name: str, default=_MISSING) -> str:
    """An e-mail address people are told to write to: one address with one @ and a dot after
    it, so a typo in a deployment does not print an address nobody reads on every page."""
    value = _raw(name, default)
    if value is None:
        return default
    local, at, domain = value.strip().partition("@")
    if not (local and at and "." in domain and " " not in value.strip() and "@" not in domain):
        raise ImproperlyConfigured(
            f"The environment variable {name} must be one e-mail address, not {value!r}."
        )
    return value.strip()
