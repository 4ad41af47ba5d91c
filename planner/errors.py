class DomainError(Exception):
    """A business rule said no. Views turn it into a message for the user, never a 500."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
