"""API tokens: who may write, stored hashed, revocable.

Tokens are credentials, not facts about inspections, so they live in their own
table beside the read models and are never part of the event log. Only a
SHA-256 digest of each token is stored; a token is random and long, so the
digest cannot be searched back to it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.errors import DomainError
from domain.text import required_text
from projections.database import Connection

ROLES = ("recorder", "editor")
# What each role may do; an editor may also do all a recorder may.
PERMISSIONS = {
    "recorder": {"publish"},
    "editor": {"publish", "correct", "withdraw"},
}
PREFIX = "irs_"


class TokenError(ValueError):
    """A token that cannot be created, revoked or used; `code` says which way."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Principal:
    name: str
    role: str

    def may(self, action: str) -> bool:
        return action in PERMISSIONS[self.role]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    def __init__(self, db: Connection) -> None:
        self.db = db

    def set_up(self) -> None:
        with self.db.transaction():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS api_tokens ("
                " name TEXT PRIMARY KEY,"
                " digest TEXT NOT NULL UNIQUE,"
                " role TEXT NOT NULL,"
                " created_at TEXT NOT NULL,"
                " revoked_at TEXT)"
            )

    def create(self, name: str, role: str) -> str:
        """A new token for `name`; the token itself is returned once and never stored."""
        # The name is recorded as `corrected_by` and `withdrawn_by` on every
        # event its holder records, so it must be text the record accepts.
        try:
            name = required_text(name, "name", "a token needs a name")
        except DomainError as refusal:
            raise TokenError("INVALID", f"name: {refusal.problem}") from None
        if role not in ROLES:
            raise TokenError("INVALID", f"role: must be one of {', '.join(ROLES)} (got {role!r})")
        token = PREFIX + secrets.token_urlsafe(32)
        with self.db.transaction():
            if self.db.execute("SELECT 1 FROM api_tokens WHERE name = ?", (name,)):
                raise TokenError("INVALID", f"name: a token named {name!r} exists already")
            self.db.execute(
                "INSERT INTO api_tokens VALUES (?, ?, ?, ?, NULL)",
                (name, _digest(token), role, datetime.now(UTC).isoformat()),
            )
        return token

    def revoke(self, name: str) -> None:
        with self.db.transaction():
            rows = self.db.execute("SELECT revoked_at FROM api_tokens WHERE name = ?", (name,))
            if not rows:
                raise TokenError("INVALID", f"name: no token named {name!r}")
            if rows[0][0] is not None:
                raise TokenError("INVALID", f"name: the token {name!r} was revoked already")
            self.db.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE name = ?", (datetime.now(UTC).isoformat(), name)
            )

    def listing(self) -> list[tuple[str, str, str, str | None]]:
        rows = self.db.execute("SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY name")
        return [(str(n), str(r), str(c), v) for n, r, c, v in rows]

    def authenticate(self, authorization: str | None) -> Principal:
        """The principal an `Authorization: Bearer <token>` header names."""
        if not authorization:
            raise TokenError(
                "UNAUTHENTICATED", "authentication required: send the header Authorization: Bearer <token>"
            )
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise TokenError("UNAUTHENTICATED", "the Authorization header must be 'Bearer <token>'")
        rows = self.db.execute(
            "SELECT name, role, revoked_at FROM api_tokens WHERE digest = ?", (_digest(token.strip()),)
        )
        if not rows:
            raise TokenError("UNAUTHENTICATED", "unknown token")
        name, role, revoked_at = rows[0]
        if revoked_at is not None:
            raise TokenError("UNAUTHENTICATED", f"the token {name!r} was revoked")
        return Principal(name=str(name), role=str(role))
