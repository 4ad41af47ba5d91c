"""The domain's refusals, one hierarchy, so views never read a message to choose a status.

- `DomainError` (invalid): the input breaks a rule; the form is shown again with the
  message against its field (400).
- `NotAllowed`: this person may not do this (403).
- `Stale`: what the person acted on changed under them; the page says what it is now (409).

`planner.refusals` is the one place that turns them into responses.
"""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A business rule said no. Views turn it into a message for the user, never a 500."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, by_field: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        # Several fields' problems at once (a model's validation), so a form shows each one
        # against its own field rather than one joined sentence.
        self.by_field = by_field or {}

    @classmethod
    def from_validation(cls, exc: ValidationError) -> "DomainError":
        """The model's own validation, as the domain error the views show.

        One field's error keeps its field so the form shows it there; several are joined.
        """
        if hasattr(exc, "error_dict") and len(exc.error_dict) == 1:
            (field, errors) = next(iter(exc.error_dict.items()))
            messages = [m for e in errors for m in e.messages]
            return cls("; ".join(messages), field=None if field == "__all__" else field)
        by_field = (
            {
                field: [m for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
            if hasattr(exc, "error_dict")
            else {}
        )
        return cls("; ".join(exc.messages), by_field=by_field)


class NotAllowed(DomainError):
    """The person's role does not let them do this: views answer 403."""

    status = 403


class Stale(DomainError):
    """What the person acted on changed under them (an invitation already used, a decision
    already superseded, a stage already moved on): views answer 409 and say what it is now."""

    status = 409
