"""Absolute links for e-mails, from settings.SITE_URL.

An e-mail is read away from the request that caused it (and reminders have no request at all),
so its links never take the host from a request: a request's Host header says where that one
request was sent, not the address people use.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_url() -> str:
    """The configured site address without a trailing slash, for `{% site_url %}{% url … %}`."""
    return settings.SITE_URL.rstrip("/")
