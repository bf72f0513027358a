"""Bind first, warm after: the ASGI application `iceout serve` binds its port with.

Importing the service and building what its first requests need (the screener's index, the
views, the person-name dictionary) takes seconds. `Starting` answers at once while that
happens in a thread of its own: GET /healthz says the process is up (`ready: false` and what
is being loaded), /readyz answers 503 until the service is warm, and any other request waits
for it up to `wait` seconds, then gets a 503 saying the service is warming up (a page that
reloads itself, for a browser). The command line's requests (the local token of
iceout/served.py) wait for as long as the warm-up takes. When the warm-up fails (a store
this version cannot serve), every request gets a 503 with the reason.

This module imports nothing heavy: it is what answers within a second of start.
"""

import asyncio
import json
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

WAIT = 4.0
"""Seconds a request waits for the warm-up before it is answered 503: within the 5 s that
HTTP clients commonly wait by default."""
RETRY = 2
"""Seconds a client is asked to wait before trying again (Retry-After, the page's reload)."""


def N_(message: str) -> str:
    """iceout.i18n's marker (the extractor finds it by name), without importing Babel."""
    return message


WARMING = N_("the service is starting (%(step)s); try again in a few seconds")
FAILED = N_("the service cannot start: %(reason)s")
STARTING = N_("starting")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class Starting:
    """`build(step)` runs in a thread and returns the real application; `step(text)` says
    what it is loading. `stop(warmed)` runs at shutdown; `warmed`: the warm-up has ended."""

    def __init__(
        self,
        build: Callable[[Callable[[str], None]], App],
        *,
        stop: Callable[[bool], None] = lambda _: None,
        local_token: str = "",
        wait: float = WAIT,
    ) -> None:
        self.build, self.stop, self.local_token, self.wait = build, stop, local_token, wait
        self.app: App | None = None
        self.step = STARTING
        self.failure: str | None = None
        self.started = time.monotonic()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._warm, name="iceout-warm-up", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _warm(self) -> None:
        try:
            self.app = self.build(self._say)
        except Exception as exc:  # the reason is the answer: shown, not raised
            self.failure = str(exc) or type(exc).__name__
            print(f"iceout serve: {FAILED % {'reason': self.failure}}", file=sys.stderr)
        finally:
            self._done.set()

    def _say(self, step: str) -> None:
        self.step = step

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if self.app is None and scope["type"] == "http":
            if scope["path"] == "/healthz":
                await self._health(send)
                return
            if self.failure is None and scope["path"] != "/readyz":
                await self._wait(self._patience(scope))
            if self.app is None:
                await self._unavailable(scope, send)
                return
        if self.app is None:  # a websocket before the service is ready: refused
            return
        await self.app(scope, receive, send)

    def _patience(self, scope: Scope) -> float:
        """How long this request may wait: the command line's, as long as it takes."""
        if self.local_token:
            for name, value in scope.get("headers", ()):
                if name == b"authorization" and value.decode("latin-1").endswith(self.local_token):
                    return float("inf")
        return self.wait

    async def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._done.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                warmed = self._done.is_set()
                await asyncio.get_running_loop().run_in_executor(None, self.stop, warmed)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _health(self, send: Send) -> None:
        seconds = round(time.monotonic() - self.started, 1)
        if self.failure is not None:
            body = {"status": "failed", "ready": False, "detail": self.failure}
            await _answer(send, 503, "application/json", json.dumps(body).encode())
            return
        body = {"status": "ok", "ready": False, "warmup": self.step, "seconds": seconds}
        await _answer(send, 200, "application/json", json.dumps(body).encode())

    async def _unavailable(self, scope: Scope, send: Send) -> None:
        from iceout import i18n  # loaded by the warm-up long before a request waits this long

        headers = dict(scope.get("headers", ()))
        lang = i18n.choose(
            _query_lang(scope), None, headers.get(b"accept-language", b"").decode("latin-1")
        )
        if self.failure is not None:
            message = i18n.translate(lang, FAILED) % {"reason": self.failure}
        else:
            step = i18n.translate(lang, self.step)
            message = i18n.translate(lang, WARMING) % {"step": step}
        if b"text/html" in headers.get(b"accept", b"") and not scope["path"].startswith("/api/"):
            page = _page(lang, message, reload=self.failure is None)
            await _answer(send, 503, "text/html; charset=utf-8", page.encode())
            return
        body = json.dumps({"detail": message}).encode()
        await _answer(send, 503, "application/json", body)


def _query_lang(scope: Scope) -> str | None:
    for part in scope.get("query_string", b"").decode("latin-1").split("&"):
        if part.startswith("lang="):
            return part[5:]
    return None


def _page(lang: str, message: str, *, reload: bool) -> str:
    from html import escape

    refresh = f'<meta http-equiv="refresh" content="{RETRY}">' if reload else ""
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">{refresh}'
        f"<title>iceout</title></head><body><main><h1>iceout</h1>"
        f"<p>{escape(message)}</p></main></body></html>"
    )


async def _answer(send: Send, status: int, kind: str, body: bytes) -> None:
    headers = [
        (b"content-type", kind.encode()),
        (b"content-length", str(len(body)).encode()),
        *HEADERS,
    ]
    if status == 503:
        headers.append((b"retry-after", str(RETRY).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
