"""The one error the Word copy raises."""


class ReportDocxError(Exception):
    """The Word copy could not be made; the message says which part and why."""
