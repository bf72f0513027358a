"""Domain errors: each carries a message a user can act on and an HTTP status for the API.

A message written as `N_("no family with id %(id)r")` with its values as keywords is shown in
the reader's language (iceout/i18n): the web pages' and the CLI's (`iceout --lang`,
ICEOUT_LANG). A value may itself be a Message (iceout/i18n/message.py), shown in the same
language."""

from iceout import i18n
from iceout.i18n import N_
from iceout.i18n.message import Message

NO_DATABASE = N_("%(path)s: no such database; build one with `iceout run --db %(path)s`")


class IceoutError(Exception):
    """Base class: the CLI prints the message and exits non-zero, without a traceback."""

    status = 500

    def __init__(self, message: str, /, **params: object) -> None:
        self.template, self.params = message, params
        self.message = (
            message % {k: str(v) if isinstance(v, Message) else v for k, v in params.items()}
            if params
            else message
        )
        super().__init__(self.message)

    def in_language(self, lang: str) -> str:
        """The message in `lang`, from the catalogue; English for a message it lacks."""
        text = i18n.translate(lang, self.template)
        if not self.params:
            return text
        return text % {
            k: v.render(lang) if isinstance(v, Message) else v for k, v in self.params.items()
        }


class InputError(IceoutError):
    """The user gave us something we cannot use (a file, an option, a name)."""

    status = 400


class UnreadableFileError(InputError):
    """A whole file cannot be read (missing, not text, no recognisable header). `problem` is
    a message like IceoutError's, with its values as keywords; the file's name leads it."""

    def __init__(self, path: str, problem: str, /, **params: object) -> None:
        super().__init__(problem, **params)
        self.path = path
        self.message = f"{path}: {self.message}"
        self.args = (self.message,)

    def in_language(self, lang: str) -> str:
        return f"{self.path}: {super().in_language(lang)}"


class StoreError(IceoutError):
    """The database cannot be opened or is not an iceout store."""

    status = 503


class NotFoundError(IceoutError):
    status = 404
