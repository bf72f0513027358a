"""API keys for the service's write endpoints.

A key is shown once, when it is created; the store keeps only its SHA-256 digest (a key holds
256 random bits, so a fast hash is as safe as a slow one), the role, and the name of the
person holding it, which every decision made with the key records.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from iceout.errors import InputError, NotFoundError
from iceout.i18n import N_

ROLES = ("reviewer", "admin")
"""reviewer: record decisions on matches. admin: that, and manage keys."""
PREFIX = "iceout_"
MAX_HOLDER_NAME = 200

COLUMNS = "key_id, role, name, created_at, revoked_at"


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    role: str
    name: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def reviewer(self) -> str:
        """Who decided, as rev_judgements records it: the holder and the key used."""
        return f"{self.name} (key {self.key_id})"

    def may(self, role: str) -> bool:
        return self.role == "admin" or self.role == role


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def create_key(con: duckdb.DuckDBPyConnection, role: str, name: str) -> tuple[ApiKey, str]:
    """A new key: (its record, the secret to hand over once)."""
    if role not in ROLES:
        raise InputError(
            N_("role must be one of %(roles)s, not %(value)r"), roles=", ".join(ROLES), value=role
        )
    name = " ".join(name.split())
    if not name or len(name) > MAX_HOLDER_NAME or "\x00" in name:
        raise InputError(
            N_("a key needs the name of its holder (1 to %(limit)s characters)"),
            limit=MAX_HOLDER_NAME,
        )
    key = ApiKey(secrets.token_hex(6), role, name, _now(), None)
    secret = f"{PREFIX}{key.key_id}_{secrets.token_urlsafe(32)}"
    con.execute(
        "INSERT INTO api_keys (key_id, key_sha256, role, name, created_at) VALUES (?, ?, ?, ?, ?)",
        [key.key_id, _digest(secret), key.role, key.name, key.created_at],
    )
    return key, secret


def find_key(con: duckdb.DuckDBPyConnection, secret: str) -> ApiKey | None:
    """The key with this secret, unless unknown or revoked."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    row = con.execute(
        f"SELECT {COLUMNS} FROM api_keys WHERE key_sha256 = ? AND revoked_at IS NULL",
        [_digest(secret)],
    ).fetchone()
    return ApiKey(*row) if row else None


def list_keys(con: duckdb.DuckDBPyConnection) -> list[ApiKey]:
    rows = con.execute(f"SELECT {COLUMNS} FROM api_keys ORDER BY created_at").fetchall()
    return [ApiKey(*row) for row in rows]


def revoke_key(con: duckdb.DuckDBPyConnection, key_id: str) -> ApiKey:
    row = con.execute(f"SELECT {COLUMNS} FROM api_keys WHERE key_id = ?", [key_id]).fetchone()
    if not row:
        raise NotFoundError(N_("no API key with id %(id)r"), id=key_id)
    key = ApiKey(*row)
    if key.revoked_at is None:
        key = ApiKey(key.key_id, key.role, key.name, key.created_at, _now())
        con.execute("UPDATE api_keys SET revoked_at = ? WHERE key_id = ?", [key.revoked_at, key_id])
    return key
