"""The path converter for database ids.

Django's `int` converter accepts any number of digits, so /plans/9223372036854775808/ reached
the query and the database raised (a 500 with a traceback, on SQLite and PostgreSQL alike).
Ids are positive 64-bit integers (BigAutoField); anything else is no page at all, a 404.
"""

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            # A ValueError tells the resolver this pattern does not match: a 404.
            raise ValueError(f"{value} is not a database id")
        return number

    def to_url(self, value) -> str:
        return str(int(value))
