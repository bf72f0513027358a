"""One polite HTTP client per public service: retries with exponential backoff on 5xx, cut
connections and timeouts; a minimum interval between requests; streamed, resumable, verified
downloads to disk.

Why retry so much: USAspending answers 503 and throttles silently under sequential load, and
open.canada.ca serves a 1+ GB grants file that a flaky link cuts. A download that ends short
is never handed on as complete: it stays a `.part` file until its length (and the caller's
content check: zip CRC, complete last row, well-formed XML) says it is whole.
"""

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from iceout.errors import IceoutError
from iceout.sources.csvfile import file_sha256
from iceout.sources.fetch.progress import Meter, Report

USER_AGENT = "iceout/0.1 (public-records research; +https://github.com/iceout)"
CHUNK = 1 << 20  # 1 MiB: constant memory whatever the file size
MAX_WAIT = 120.0  # never sleep longer than this on a Retry-After
FIRST_CONTACT = 2  # attempts before a service that never answered counts as unreachable


class FetchError(IceoutError):
    """A publisher could not be read completely; nothing of it was stored."""

    status = 502

    def __init__(self, message: str, http_status: int | None = None, /, **params: object) -> None:
        super().__init__(message, **params)
        self.http_status = http_status  # the publisher's answer, when it gave one


class UnreachableError(FetchError):
    """No connection could be made at all (offline, DNS, firewall)."""

    status = 503


class RetryableError(Exception):
    """A transient problem: the request is worth repeating after a pause."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class Download:
    path: Path
    url: str
    sha256: str
    size: int
    etag: str | None
    last_modified: str | None
    retrieved_at: datetime
    changed: bool  # False when the publisher answered 304 Not Modified


Check = Callable[[Path], None]  # raises RetryableError when a finished file is not whole


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class HttpClient:
    def __init__(
        self,
        report: Report,
        timeout: float = 60.0,
        retries: int = 5,
        interval: float = 0.5,
        backoff: float = 1.0,
    ) -> None:
        self.report, self.retries, self.interval, self.backoff = report, retries, interval, backoff
        self._last = 0.0
        self._answered = False  # any HTTP answer at all, even an error
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def json(self, method: str, url: str, body: Any = None, params: Any = None) -> Any:
        return self.retrying(f"{method} {url}", lambda: self.json_once(method, url, body, params))

    def json_once(
        self,
        method: str,
        url: str,
        body: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One attempt; the caller decides what else in the answer is worth a retry."""
        with self._request(method, url, json=body, params=params, headers=headers) as response:
            response.read()
        try:
            return response.json()
        except ValueError as exc:
            raise RetryableError(f"malformed JSON ({exc})") from exc

    def download(self, url: str, dest: Path, label: str, check: Check | None = None) -> Download:
        """Stream `url` to `dest` (resuming a `.part` left by an earlier attempt); 304 keeps
        the cached copy."""
        return self.retrying(f"GET {url}", lambda: self._download_once(url, dest, label, check))

    def retrying(self, what: str, attempt: Callable[[], Any]) -> Any:
        problems: list[str] = []
        unreachable = True
        for number in range(1, self.retries + 1):
            try:
                return attempt()
            except RetryableError as exc:
                unreachable = False
                problems.append(str(exc))
                wait = exc.wait
            except httpx.TransportError as exc:
                unreachable = unreachable and isinstance(exc, httpx.ConnectError)
                problems.append(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
                wait = None
                if unreachable and not self._answered and number >= FIRST_CONTACT:
                    break  # the service never answered at all: offline, not flaky
            if number < self.retries:
                pause = min(
                    wait if wait is not None else self.backoff * 2 ** (number - 1), MAX_WAIT
                )
                self.report(
                    f"  {what}: {problems[-1]}; retry {number}/{self.retries - 1} in {pause:.0f}s"
                )
                time.sleep(pause)
        error = UnreachableError if unreachable else FetchError
        raise error(f"{what} failed after {number} attempt(s): {problems[-1]}")

    @contextmanager
    def _request(self, method: str, url: str, **kwargs: Any) -> Iterator[httpx.Response]:
        self._pace()
        with self._client.stream(method, url, **kwargs) as response:
            self._answered = True
            _raise_for_status(response)
            yield response

    def _pace(self) -> None:
        """Keep at least `interval` seconds between requests: be a polite client."""
        wait = self._last + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()

    def _download_once(self, url: str, dest: Path, label: str, check: Check | None) -> Download:
        part = dest.with_name(dest.name + ".part")
        cached, partial = read_meta(dest), read_meta(part)
        headers = {"Accept-Encoding": "identity"}  # byte ranges and lengths of the file itself
        if dest.exists() and cached:
            headers.update(_conditional(cached))
        offset = part.stat().st_size if part.exists() and _validator(partial) else 0
        if offset:
            headers.update({"Range": f"bytes={offset}-", "If-Range": _validator(partial) or ""})
        with self._request("GET", url, headers=headers) as response:
            if response.status_code == 304 and cached:
                return _unchanged(dest, url, cached)
            if response.status_code == 416:
                _whole_or_forget(response, part)  # nothing to stream: the part may be whole
            else:
                offset = _resume_offset(response, offset)
                total = _expected_size(response, offset)
                write_meta(part, {"url": url, **_validators(response)})
                self._stream(response, part, offset, total, label)
        if check:
            try:
                check(part)
            except RetryableError:
                part.unlink()  # complete by length yet broken inside: start again from zero
                raise
        return _finish(part, dest, url)

    def _stream(
        self, response: httpx.Response, part: Path, offset: int, total: int | None, label: str
    ) -> None:
        meter = Meter(self.report, label, "bytes", total)
        meter.advance(offset)
        with part.open("ab" if offset else "wb") as out:
            for chunk in response.iter_raw(CHUNK):
                out.write(chunk)
                meter.advance(len(chunk))
        size = part.stat().st_size
        if total is not None and size < total:
            raise RetryableError(f"download ended short: {size:,} of {total:,} bytes")
        self.report(meter.line())


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status in (408, 429) or status >= 500:
        wait = _retry_after(response.headers.get("Retry-After"))
        raise RetryableError(f"HTTP {status} {response.reason_phrase}", wait)
    if status >= 400 and status != 416:
        response.read()
        detail = response.text[:300].strip()
        raise FetchError(
            f"{response.request.url}: HTTP {status} {response.reason_phrase}: {detail}", status
        )


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _whole_or_forget(response: httpx.Response, part: Path) -> None:
    """416 to a resume: the `.part` already holds every byte (a run stopped between the last
    chunk and the rename) or the file shrank. 'Content-Range: bytes */<size>' tells which; a
    part that is not exactly the file is dropped and the next attempt starts from zero."""
    size = response.headers.get("Content-Range", "").removeprefix("bytes */")
    if part.exists() and size.isdigit() and int(size) == part.stat().st_size:
        return  # complete: the caller's content check decides whether it is whole
    forget(part)
    raise RetryableError("the server refused to resume (HTTP 416): starting again from zero")


def _resume_offset(response: httpx.Response, offset: int) -> int:
    if response.status_code == 206:
        start = response.headers.get("Content-Range", "").removeprefix("bytes ").split("-")[0]
        if start != str(offset):
            raise RetryableError(f"resumed at byte {start}, expected {offset}")
        return offset
    return 0  # 200: the file changed (If-Range failed) or ranges are unsupported


def _expected_size(response: httpx.Response, offset: int) -> int | None:
    length = response.headers.get("Content-Length")
    if response.headers.get("Content-Encoding", "identity") != "identity" or not length:
        return None  # chunked or compressed: h11 itself detects a cut chunked body
    return offset + int(length)


def _validators(response: httpx.Response) -> dict[str, str | None]:
    return {
        "etag": response.headers.get("ETag"),
        "last_modified": response.headers.get("Last-Modified"),
    }


def _validator(meta: dict[str, Any] | None) -> str | None:
    return (meta or {}).get("etag") or (meta or {}).get("last_modified")


def _conditional(meta: dict[str, Any]) -> dict[str, str]:
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    return headers


def _unchanged(dest: Path, url: str, meta: dict[str, Any]) -> Download:
    return Download(
        dest,
        url,
        meta["sha256"],
        int(meta["size"]),
        meta.get("etag"),
        meta.get("last_modified"),
        datetime.fromisoformat(meta["retrieved_at"]),
        changed=False,
    )


def _finish(part: Path, dest: Path, url: str) -> Download:
    meta = read_meta(part) or {}
    download = Download(
        dest,
        url,
        file_sha256(part),
        part.stat().st_size,
        meta.get("etag"),
        meta.get("last_modified"),
        utcnow(),
        changed=True,
    )
    os.replace(part, dest)  # atomic: a reader sees the old file or the whole new one
    _meta_path(part).unlink(missing_ok=True)
    write_meta(
        dest,
        {
            "url": url,
            "etag": download.etag,
            "last_modified": download.last_modified,
            "sha256": download.sha256,
            "size": download.size,
            "retrieved_at": download.retrieved_at.isoformat(),
        },
    )
    return download


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def read_meta(path: Path) -> dict[str, Any] | None:
    """The sidecar of a cached file: URL, validators (ETag, Last-Modified), size and sha256."""
    try:
        return json.loads(_meta_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def forget(path: Path) -> None:
    """Remove a cached file and its sidecar."""
    path.unlink(missing_ok=True)
    _meta_path(path).unlink(missing_ok=True)


def write_meta(path: Path, meta: dict[str, Any]) -> None:
    _meta_path(path).write_text(json.dumps(meta, indent=1), encoding="utf-8")
