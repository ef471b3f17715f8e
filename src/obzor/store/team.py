"""Users, hashed API tokens, saved searches and annotations: the team server's rows."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from obzor.store.base import StoreError
from obzor.store.portable import Rows

ROLES = ("viewer", "analyst", "admin")  # each role can do everything the ones before it can
# A removed user whose notes stay: no token, no role, not listed; `users add` brings them back.
REMOVED = "removed"
# 32 random bytes: unguessable, so one fast SHA-256 is enough to store it (no slow KDF needed).
TOKEN_BYTES = 32


def schema(id_column: str) -> list[str]:
    """CREATE statements for the team tables; id_column is the backend's auto id type."""
    return [
        f"CREATE TABLE users (id {id_column}, name TEXT NOT NULL UNIQUE,"
        " role TEXT NOT NULL, created_at TEXT NOT NULL)",
        f"CREATE TABLE tokens (id {id_column},"
        " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
        " hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
        f"CREATE TABLE saved_searches (id {id_column},"
        " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
        " name TEXT NOT NULL, query TEXT NOT NULL, filters TEXT NOT NULL DEFAULT '{{}}',"
        " created_at TEXT NOT NULL, UNIQUE (user_id, name))",
        f"CREATE TABLE annotations (id {id_column},"
        " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
        " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
        " note TEXT NOT NULL, created_at TEXT NOT NULL)",
        "CREATE INDEX annotations_article ON annotations(article_id)",
    ]


def token_hash(token: str) -> str:
    """What the store keeps instead of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class TeamMixin(Rows):
    """Store verbs for users, tokens, saved searches and annotations."""

    def add_user(self, name: str, role: str) -> str:
        """Create a user with a role and return a new token (shown once; only its hash is kept)."""
        name = name.strip()
        if not name:
            raise StoreError("user name is empty")
        if role not in ROLES:
            raise StoreError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
        found = self._rows("SELECT role FROM users WHERE name = ?", (name,))
        if found and found[0][0] != REMOVED:
            raise StoreError(f"user {name!r} already exists")
        if found:
            self._write("UPDATE users SET role = ? WHERE name = ?", (role, name))
        else:
            self._write(
                "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                (name, role, _now()),
            )
        return self.issue_token(name)

    def issue_token(self, name: str) -> str:
        """A new token for an existing user; earlier tokens stay valid."""
        user_id = self._user_id(name)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        self._write(
            "INSERT INTO tokens (user_id, hash, created_at) VALUES (?, ?, ?)",
            (user_id, token_hash(token), _now()),
        )
        return token

    def authenticate(self, token: str) -> dict[str, Any] | None:
        """The user ({"id", "name", "role"}) a token belongs to, or None."""
        rows = self._rows(
            "SELECT u.id, u.name, u.role FROM tokens AS t JOIN users AS u ON u.id = t.user_id"
            " WHERE t.hash = ? AND u.role <> ?",
            (token_hash(token), REMOVED),
        )
        if not rows:
            return None
        return {"id": int(rows[0][0]), "name": rows[0][1], "role": rows[0][2]}

    def users(self) -> list[dict[str, Any]]:
        """Every user with role and creation time (never a token)."""
        rows = self._rows(
            "SELECT name, role, created_at FROM users WHERE role <> ? ORDER BY name", (REMOVED,)
        )
        return [{"name": n, "role": r, "created_at": c} for n, r, c in rows]

    def _user_id(self, name: str) -> int:
        rows = self._rows("SELECT id FROM users WHERE name = ? AND role <> ?", (name, REMOVED))
        if not rows:
            raise StoreError(f"no user {name!r}")
        return int(rows[0][0])

    def remove_user(self, name: str) -> dict[str, int]:
        """Remove a user: their tokens stop working at once and their saved searches go; their
        notes stay (signed with the name), so the user row stays, marked removed, when they
        wrote any. Counts of what was removed and kept."""
        user_id = self._user_id(name)
        tokens = self._write("DELETE FROM tokens WHERE user_id = ? RETURNING id", (user_id,))
        searches = self._write(
            "DELETE FROM saved_searches WHERE user_id = ? RETURNING id", (user_id,)
        )
        notes = len(self._rows("SELECT id FROM annotations WHERE user_id = ?", (user_id,)))
        if notes:
            self._write("UPDATE users SET role = ? WHERE id = ?", (REMOVED, user_id))
        else:
            self._write("DELETE FROM users WHERE id = ?", (user_id,))
        return {"tokens": len(tokens), "saved_searches": len(searches), "notes_kept": notes}

    def tokens(self, name: str) -> list[dict[str, Any]]:
        """A user's tokens: id and creation time (the token itself is never stored)."""
        rows = self._rows(
            "SELECT id, created_at FROM tokens WHERE user_id = ? ORDER BY id",
            (self._user_id(name),),
        )
        return [{"id": int(i), "created_at": c} for i, c in rows]

    def revoke_token(self, token_id: int | None = None, token: str | None = None) -> bool:
        """Delete a token, by its id or by its value; True if one was deleted."""
        if token is not None:
            rows = self._write(
                "DELETE FROM tokens WHERE hash = ? RETURNING id", (token_hash(token),)
            )
        else:
            rows = self._write("DELETE FROM tokens WHERE id = ? RETURNING id", (token_id,))
        return bool(rows)

    def save_search(self, user_id: int, name: str, query: str, filters: str = "{}") -> int:
        """Save (or replace) a named search for a user; its id."""
        self._write("DELETE FROM saved_searches WHERE user_id = ? AND name = ?", (user_id, name))
        rows = self._write(
            "INSERT INTO saved_searches (user_id, name, query, filters, created_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (user_id, name, query, filters, _now()),
        )
        return int(rows[0][0])

    def saved_searches(self, user_id: int) -> list[dict[str, Any]]:
        """A user's saved searches, by name."""
        rows = self._rows(
            "SELECT id, name, query, filters, created_at FROM saved_searches"
            " WHERE user_id = ? ORDER BY name",
            (user_id,),
        )
        keys = ("id", "name", "query", "filters", "created_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def annotate(self, user_id: int, article_id: int, note: str) -> int:
        """Attach a note to an article; its id."""
        if not self._rows("SELECT id FROM articles WHERE id = ?", (article_id,)):
            raise StoreError(f"no article {article_id}")
        rows = self._write(
            "INSERT INTO annotations (user_id, article_id, note, created_at)"
            " VALUES (?, ?, ?, ?) RETURNING id",
            (user_id, article_id, note, _now()),
        )
        return int(rows[0][0])

    def annotations(self, article_id: int) -> list[dict[str, Any]]:
        """Notes on an article with their authors, oldest first."""
        rows = self._rows(
            "SELECT n.id, u.name, n.note, n.created_at FROM annotations AS n"
            " JOIN users AS u ON u.id = n.user_id WHERE n.article_id = ? ORDER BY n.id",
            (article_id,),
        )
        return [dict(zip(("id", "user", "note", "created_at"), r, strict=True)) for r in rows]
