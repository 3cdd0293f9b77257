"""URL path converters."""

# The largest id of the 64-bit id columns: a larger one cannot exist (and SQLite refuses
# it as a parameter).
MAX_ID = 2**63 - 1


class IdConverter:
    """A row id in a URL: like Django's `int`, but at most 18 digits, so every id it
    matches fits the databases' 64-bit integer columns (MAX_ID). A longer number is no page
    (404) instead of an error from the database (SQLite refuses such a parameter)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
