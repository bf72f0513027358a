"""One store, many users: while `iceout serve` holds a store (DuckDB lets one process open the
file for writing, and then no other process may open it at all), the command line works
through the server.

`iceout serve` writes `<store>.serve.json` beside the store (owner-only permissions): its
address, process id and a local token made for this run. A command that finds that file, with
the process alive, sends its work to the server with the token; the server takes the token
as an administrator's key held by "<user> (command line)", so decisions, keys and the
screening log say who acted. Reading the file needs the same access as opening the store
while the server is stopped, so the token gives no one more than they already had."""

import getpass
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iceout.errors import IceoutError, StoreError
from iceout.i18n import N_
from iceout.i18n.message import Message

# httpx is imported where a server is called: a command that finds none (`iceout screen` on
# a store no server holds) does not pay for it.
if TYPE_CHECKING:
    import httpx

USER_HEADER = "X-Iceout-User"
TIMEOUT = 600.0


def runtime_path(db: Path) -> Path:
    return db.with_name(db.name + ".serve.json")


def new_token() -> str:
    return "iceout-local_" + secrets.token_urlsafe(32)


def cli_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name known to the system (a bare container)
        return f"uid {os.getuid()}"


def announce(db: Path, url: str, token: str) -> None:
    """Say, beside the store, that this process serves it."""
    path = runtime_path(db)
    data = {"url": url, "pid": os.getpid(), "token": token}
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(data, out)


def withdraw(db: Path) -> None:
    """Remove the announcement, if it is this process's."""
    found = _read(runtime_path(db))
    if found and found.get("pid") == os.getpid():
        runtime_path(db).unlink(missing_ok=True)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


@dataclass(frozen=True)
class Served:
    """A running `iceout serve` on a store."""

    db: Path
    url: str
    pid: int
    token: str
    lang: str = "en"  # the language the server's messages are asked in

    def describe(self) -> Message:
        return Message("`iceout serve` (process %(pid)s, %(url)s)", pid=str(self.pid), url=self.url)

    def call(self, method: str, path: str, *, user: str = "", **kwargs: Any) -> Any:
        """The server's JSON answer; its error message as an IceoutError. `user`: who acts
        (default: the user this command runs as)."""
        import httpx

        try:
            answer = httpx.request(
                method, self.url + path, headers=self._headers(user), timeout=TIMEOUT, **kwargs
            )
        except httpx.HTTPError as exc:
            raise self._silent(exc) from exc
        self._check(answer)
        return answer.json()

    def download(self, path: str, to: Path, **kwargs: Any) -> "httpx.Headers":
        """Write the server's answer (a file) to `to`, streamed, and return its headers; `to`
        is written whole or not at all (a temporary file beside it, then renamed)."""
        import httpx

        temporary = to.with_name(f".{to.name}.iceout-download-{os.getpid()}")
        try:
            with httpx.stream(
                "GET", self.url + path, headers=self._headers(""), timeout=TIMEOUT, **kwargs
            ) as answer:
                if answer.status_code >= 400:
                    answer.read()
                    self._check(answer)
                with temporary.open("wb") as out:
                    for chunk in answer.iter_bytes():
                        out.write(chunk)
            os.replace(temporary, to)
            return answer.headers
        except httpx.HTTPError as exc:
            raise self._silent(exc) from exc
        finally:
            temporary.unlink(missing_ok=True)

    def _headers(self, user: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token}",
            USER_HEADER: user or cli_user(),
            "Accept-Language": self.lang,
        }

    def _silent(self, exc: Exception) -> StoreError:
        return StoreError(
            N_(
                "%(db)s is held by %(server)s, which does not answer (%(problem)s); wait for it, or stop it"
            ),
            db=str(self.db),
            server=self.describe(),
            problem=str(exc),
        )

    def _check(self, answer: "httpx.Response") -> None:
        if answer.status_code < 400:
            return
        try:
            detail = answer.json().get("detail", answer.text)
        except ValueError:
            detail = answer.text
        error = IceoutError(
            N_("%(server)s answered: %(detail)s"), server=self.describe(), detail=detail
        )
        error.status = answer.status_code
        raise error


def running(db: Path) -> Served | None:
    """The server holding this store, if one is running."""
    found = _read(runtime_path(db))
    if not found:
        return None
    try:
        served = Served(db, str(found["url"]), int(found["pid"]), str(found["token"]))
    except (KeyError, TypeError, ValueError):
        return None
    return served if _alive(served.pid) else None
