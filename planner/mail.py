"""Every e-mail the service sends is built here, so no header can carry a line break.

Subjects are made of what people typed (a plan's reference, an organisation's name, a risk's
title). A line break in a header would start a new header (`Bcc: ...`) or end the headers;
Django refuses those with BadHeaderError, which fails the send. Collapsing every control
character to a space here means the e-mail goes, and says what it was meant to say.
"""

import re

from django.core.mail import EmailMultiAlternatives

# C0 and C1 control characters (CR, LF, tab, NUL, NEL ...) and the Unicode line and
# paragraph separators, which some mail clients also show as line breaks.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
SUBJECT_MAX_LENGTH = 200


def email_header(value: str, *, max_length: int = SUBJECT_MAX_LENGTH) -> str:
    """One line of text, safe as an e-mail header value: control characters become one
    space, runs of spaces shrink to one, and the result is cut to `max_length`."""
    text = CONTROL_CHARACTERS.sub(" ", str(value))
    return " ".join(text.split())[:max_length]


def email_send(
    *,
    to: str,
    subject: str,
    body: str,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send one e-mail to one person; raises what the mail backend raises."""
    message = EmailMultiAlternatives(
        subject=email_header(subject),
        body=body,
        to=[email_header(to, max_length=254)],
        headers={name: email_header(value) for name, value in (headers or {}).items()},
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    message.send()
