"""Domain errors: each carries a message a user can act on and an HTTP status for the API."""


class IceoutError(Exception):
    """Base class: the CLI prints the message and exits non-zero, without a traceback."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(IceoutError):
    """The user gave us something we cannot use (a file, an option, a name)."""

    status = 400


class UnreadableFileError(InputError):
    """A whole file cannot be read (missing, not text, no recognisable header)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


class StoreError(IceoutError):
    """The database cannot be opened or is not an iceout store."""

    status = 503


class NotFoundError(IceoutError):
    status = 404
