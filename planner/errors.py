class DomainError(Exception):
    """A business rule said no. Views turn it into a message for the user, never a 500."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Stale(DomainError):
    """What the person acted on changed under them (an invitation already used, a decision
    already superseded): views answer 409 and say what it is now."""
