"""Settings read once from ICEOUT_* environment variables; library code takes explicit arguments."""

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from iceout.engines import ENGINES
from iceout.errors import InputError
from iceout.i18n import LANGUAGES, N_

USASPENDING_URL = "https://api.usaspending.gov"
OPEN_CANADA_URL = "https://open.canada.ca/data"
SEMA_URL = (
    "https://www.international.gc.ca/world-monde/assets/office_docs/"
    "international_relations-relations_internationales/sanctions/sema-lmes.xml"
)

ORIGIN = re.compile(r"https?://(\[[0-9a-fA-F:.]+\]|[^/\s:?#\[\]]+)(:\d{1,5})?")


@dataclass(frozen=True)
class Settings:
    home: Path
    """ICEOUT_HOME: cache and state (default ~/.iceout)."""
    db: Path
    """ICEOUT_DB: the DuckDB store used when --db is not given (default $ICEOUT_HOME/iceout.duckdb)."""
    usaspending_url: str = USASPENDING_URL
    """ICEOUT_USASPENDING_URL: base of the USAspending API v2 (a mirror or proxy works too)."""
    open_canada_url: str = OPEN_CANADA_URL
    """ICEOUT_OPEN_CANADA_URL: base of the open.canada.ca CKAN site (…/api/3/action/ below it)."""
    sema_url: str = SEMA_URL
    """ICEOUT_SEMA_URL: the Consolidated Autonomous Sanctions List XML (Global Affairs Canada)."""
    http_timeout: float = 60.0
    """ICEOUT_HTTP_TIMEOUT: seconds without a byte before a request is retried (default 60)."""
    http_retries: int = 5
    """ICEOUT_HTTP_RETRIES: attempts per request on 5xx, cut connections and timeouts (default 5)."""
    request_interval: float = 0.5
    """ICEOUT_REQUEST_INTERVAL: minimum seconds between two requests to one service (default 0.5)."""
    cors_origins: tuple[str, ...] = ("*",)
    """ICEOUT_CORS_ORIGINS: web origins (comma-separated, e.g. `http://127.0.0.1:3333`) whose
    pages may read the public endpoints of `iceout serve` and frame its preview; `*` (the
    default) lets any origin read; empty allows none. Never the write or key endpoints."""
    trusted_hosts: tuple[str, ...] = ("*",)
    """ICEOUT_TRUSTED_HOSTS: Host header values `iceout serve` answers (comma-separated, e.g.
    `iceout.example.org,127.0.0.1`; `*.example.org` for subdomains); others get a 400.
    Default `*` (any), since the service listens on loopback unless told otherwise."""
    max_connections: int = 1000
    """ICEOUT_MAX_CONNECTIONS: concurrent connections and requests `iceout serve` takes; past
    it new ones get a 503 at once instead of waiting (default 1000)."""
    keep_alive: float = 5.0
    """ICEOUT_KEEP_ALIVE: seconds an idle kept-alive connection stays open (default 5)."""
    header_timeout: float = 10.0
    """ICEOUT_HEADER_TIMEOUT: seconds a connection of `iceout serve` has to send a request's
    line and headers, from when it opens or its previous answer ends; slower or silent ones are
    closed (default 10, at least 1)."""
    lang: str = "en"
    """ICEOUT_LANG: `en` or `fr`, the language of the command line's error messages and of
    the report `iceout run` writes unless --lang says otherwise (default en). The web pages
    follow each reader's choice instead."""
    engine: str = "duckdb"
    """ICEOUT_ENGINE: what runs the derived stages of `iceout run`: duckdb (default, embedded)
    or spark (Apache Spark; needs pyspark and Java 17)."""
    spark_master: str = "local[*]"
    """ICEOUT_SPARK_MASTER: the Spark master URL for `--engine spark` (default local[*]: every
    core of this machine; spark://host:7077, yarn or k8s://... for a cluster)."""
    duckdb_memory_limit: str | None = None
    """ICEOUT_DUCKDB_MEMORY_LIMIT: the most memory DuckDB takes for the store, e.g. `4GB`
    (default: DuckDB's own, 80% of RAM). Past it, joins, sorts and aggregations spill to
    ICEOUT_DUCKDB_TEMP_DIRECTORY instead of failing."""
    duckdb_temp_directory: Path | None = None
    """ICEOUT_DUCKDB_TEMP_DIRECTORY: where DuckDB spills (default `<store>.tmp` beside the
    store); a fast disk with room for a few times the store."""
    lock_wait: float = 30.0
    """ICEOUT_LOCK_WAIT: seconds a command waits for a store another command holds before it
    gives up with a message (default 30). A store held by `iceout serve` is not waited for:
    the command works through the server."""


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise InputError(
            N_("%(name)s must be a number, not %(value)r"), name=name, value=raw
        ) from exc
    if not math.isfinite(value):
        raise InputError(
            N_("%(name)s must be a finite number, not %(value)r"), name=name, value=raw
        )
    if value < 0:
        raise InputError(N_("%(name)s cannot be negative (%(value)s)"), name=name, value=raw)
    return value


def _origins(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name)
    if raw is None:
        return ("*",)
    # Browsers send an origin's scheme and host in lower case.
    origins = tuple(
        dict.fromkeys(o.strip().rstrip("/").lower() for o in raw.split(",") if o.strip())
    )
    for origin in origins:
        if origin != "*" and not ORIGIN.fullmatch(origin):
            raise InputError(
                N_(
                    "%(name)s: %(origin)r is not an origin (scheme://host[:port], e.g. "
                    "http://127.0.0.1:3333) nor *"
                ),
                name=name,
                origin=origin,
            )
    return ("*",) if "*" in origins else origins


def load_settings() -> Settings:
    home = Path(os.environ.get("ICEOUT_HOME") or Path.home() / ".iceout")
    db = Path(os.environ.get("ICEOUT_DB") or home / "iceout.duckdb")
    return Settings(
        home=home,
        db=db,
        usaspending_url=os.environ.get("ICEOUT_USASPENDING_URL") or USASPENDING_URL,
        open_canada_url=os.environ.get("ICEOUT_OPEN_CANADA_URL") or OPEN_CANADA_URL,
        sema_url=os.environ.get("ICEOUT_SEMA_URL") or SEMA_URL,
        http_timeout=_number("ICEOUT_HTTP_TIMEOUT", 60.0),
        http_retries=max(1, int(_number("ICEOUT_HTTP_RETRIES", 5))),
        request_interval=_number("ICEOUT_REQUEST_INTERVAL", 0.5),
        cors_origins=_origins("ICEOUT_CORS_ORIGINS"),
        trusted_hosts=_hosts("ICEOUT_TRUSTED_HOSTS"),
        max_connections=max(1, int(_number("ICEOUT_MAX_CONNECTIONS", 1000))),
        keep_alive=_number("ICEOUT_KEEP_ALIVE", 5.0),
        header_timeout=max(1.0, _number("ICEOUT_HEADER_TIMEOUT", 10.0)),
        lang=_language("ICEOUT_LANG"),
        engine=engine_name(os.environ.get("ICEOUT_ENGINE") or "duckdb", "ICEOUT_ENGINE"),
        spark_master=os.environ.get("ICEOUT_SPARK_MASTER") or "local[*]",
        duckdb_memory_limit=_memory("ICEOUT_DUCKDB_MEMORY_LIMIT"),
        duckdb_temp_directory=Path(os.environ["ICEOUT_DUCKDB_TEMP_DIRECTORY"])
        if os.environ.get("ICEOUT_DUCKDB_TEMP_DIRECTORY")
        else None,
        lock_wait=_number("ICEOUT_LOCK_WAIT", 30.0),
    )


MEMORY = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)", re.IGNORECASE)


def _memory(name: str) -> str | None:
    raw = (os.environ.get(name) or "").strip()
    if raw and not MEMORY.fullmatch(raw):
        raise InputError(f"{name} must be an amount of memory like 4GB or 512MB, not {raw!r}")
    return raw or None


def _language(name: str) -> str:
    raw = (os.environ.get(name) or "en").strip().lower()
    if raw not in LANGUAGES:
        raise InputError(
            N_("%(name)s must be one of %(choices)s, not %(value)r"),
            name=name,
            choices=", ".join(LANGUAGES),
            value=raw,
        )
    return raw


def engine_name(raw: str, source: str) -> str:
    """The engine named by an option or variable, or an error naming the choices."""
    name = raw.strip().lower()
    if name not in ENGINES:
        raise InputError(
            N_("%(source)s: unknown engine %(value)r; choose one of %(choices)s"),
            source=source,
            value=raw,
            choices=", ".join(ENGINES),
        )
    return name


def _hosts(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name)
    if raw is None:
        return ("*",)
    hosts = tuple(h.strip().lower() for h in raw.split(",") if h.strip())
    for host in hosts:
        if host != "*" and not re.fullmatch(r"(\*\.)?[a-z0-9.\-]+|\[[0-9a-f:.]+\]", host):
            raise InputError(
                N_("%(name)s: %(host)r is not a host name (e.g. iceout.example.org)"),
                name=name,
                host=host,
            )
    if not hosts:
        raise InputError(N_("%(name)s is empty: give at least one host name, or *"), name=name)
    return hosts
