class DomainError(Exception):
    """A refusal a person can read: ``message`` is already translated plain language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    pass
