class CommunityError(Exception):
    """A rule stopped a reader's action; str(error) is the Persian message to show them."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
