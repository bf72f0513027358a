"""Domain errors: each carries a message a user can act on and an HTTP status for the API.

A message written as `N_("no family with id %(id)r")` with its values as keywords is shown in
the reader's language (iceout/i18n): the web pages' and the CLI's (ICEOUT_LANG)."""

from collections.abc import Callable

from iceout.i18n import N_

NO_DATABASE = N_("%(path)s: no such database; build one with `iceout run --db %(path)s`")


class IceoutError(Exception):
    """Base class: the CLI prints the message and exits non-zero, without a traceback."""

    status = 500

    def __init__(self, message: str, **params: object) -> None:
        self.template, self.params = message, params
        self.message = message % params if params else message
        super().__init__(self.message)

    def localized(self, translate: Callable[[str], str]) -> str:
        """The message in another language; `translate` maps an English message to it."""
        text = translate(self.template)
        return text % self.params if self.params else text


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
