class CommunityError(Exception):
    """A rule stopped a reader's action; str(error) is the Persian message to show them."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class RateLimited(CommunityError):
    """A reader reached one of their rate limits; retry_after is how many seconds are left
    of its window (the API's Retry-After)."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
