"""Users, hashed API tokens, saved searches and annotations: the team server's rows."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from obzor.store.base import StoreError
from obzor.store.portable import Rows
from obzor.store.schema import annotations as notes_t
from obzor.store.schema import articles, saved_searches, tokens, users

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
        found = self._all(select(users.c.role).where(users.c.name == name))
        if found and found[0].role != REMOVED:
            raise StoreError(f"user {name!r} already exists")
        if found:
            self._do(update(users).where(users.c.name == name).values(role=role))
        else:
            self._do(insert(users).values(name=name, role=role, created_at=_now()))
        return self.issue_token(name)

    def issue_token(self, name: str) -> str:
        """A new token for an existing user; earlier tokens stay valid."""
        user_id = self._user_id(name)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        self._do(insert(tokens).values(user_id=user_id, hash=token_hash(token), created_at=_now()))
        return token

    def authenticate(self, token: str) -> dict[str, Any] | None:
        """The user ({"id", "name", "role"}) a token belongs to, or None."""
        rows = self._all(
            select(users.c.id, users.c.name, users.c.role)
            .join(tokens, tokens.c.user_id == users.c.id)
            .where(tokens.c.hash == token_hash(token), users.c.role != REMOVED)
        )
        if not rows:
            return None
        return {"id": int(rows[0].id), "name": rows[0].name, "role": rows[0].role}

    def users(self) -> list[dict[str, Any]]:
        """Every user with role and creation time (never a token)."""
        rows = self._all(
            select(users.c.name, users.c.role, users.c.created_at)
            .where(users.c.role != REMOVED)
            .order_by(users.c.name)
        )
        return [dict(r._mapping) for r in rows]

    def _user_id(self, name: str) -> int:
        rows = self._all(select(users.c.id).where(users.c.name == name, users.c.role != REMOVED))
        if not rows:
            raise StoreError(f"no user {name!r}")
        return int(rows[0].id)

    def remove_user(self, name: str) -> dict[str, int]:
        """Remove a user: their tokens stop working at once and their saved searches go; their
        notes stay (signed with the name), so the user row stays, marked removed, when they
        wrote any. Counts of what was removed and kept."""
        user_id = self._user_id(name)
        gone = self._do(delete(tokens).where(tokens.c.user_id == user_id).returning(tokens.c.id))
        searches = self._do(
            delete(saved_searches)
            .where(saved_searches.c.user_id == user_id)
            .returning(saved_searches.c.id)
        )
        notes = len(self._all(select(notes_t.c.id).where(notes_t.c.user_id == user_id)))
        if notes:
            self._do(update(users).where(users.c.id == user_id).values(role=REMOVED))
        else:
            self._do(delete(users).where(users.c.id == user_id))
        return {"tokens": len(gone), "saved_searches": len(searches), "notes_kept": notes}

    def tokens(self, name: str) -> list[dict[str, Any]]:
        """A user's tokens: id and creation time (the token itself is never stored)."""
        rows = self._all(
            select(tokens.c.id, tokens.c.created_at)
            .where(tokens.c.user_id == self._user_id(name))
            .order_by(tokens.c.id)
        )
        return [{"id": int(r.id), "created_at": r.created_at} for r in rows]

    def revoke_token(self, token_id: int | None = None, token: str | None = None) -> bool:
        """Delete a token, by its id or by its value; True if one was deleted."""
        which = tokens.c.hash == token_hash(token) if token is not None else tokens.c.id == token_id
        return bool(self._do(delete(tokens).where(which).returning(tokens.c.id)))

    def save_search(self, user_id: int, name: str, query: str, filters: str = "{}") -> int:
        """Save (or replace) a named search for a user; its id."""
        mine = saved_searches.c
        self._do(delete(saved_searches).where(mine.user_id == user_id, mine.name == name))
        rows = self._do(
            insert(saved_searches)
            .values(user_id=user_id, name=name, query=query, filters=filters, created_at=_now())
            .returning(mine.id)
        )
        return int(rows[0].id)

    def saved_searches(self, user_id: int) -> list[dict[str, Any]]:
        """A user's saved searches, by name."""
        mine = saved_searches.c
        rows = self._all(
            select(mine.id, mine.name, mine.query, mine.filters, mine.created_at)
            .where(mine.user_id == user_id)
            .order_by(mine.name)
        )
        return [dict(r._mapping) for r in rows]

    def annotate(self, user_id: int, article_id: int, note: str) -> int:
        """Attach a note to an article; its id."""
        if not self._all(select(articles.c.id).where(articles.c.id == article_id)):
            raise StoreError(f"no article {article_id}")
        rows = self._do(
            insert(notes_t)
            .values(user_id=user_id, article_id=article_id, note=note, created_at=_now())
            .returning(notes_t.c.id)
        )
        return int(rows[0].id)

    def annotations(self, article_id: int) -> list[dict[str, Any]]:
        """Notes on an article with their authors, oldest first."""
        n = notes_t.c
        rows = self._all(
            select(n.id, users.c.name.label("user"), n.note, n.created_at)
            .join(users, users.c.id == n.user_id)
            .where(n.article_id == article_id)
            .order_by(n.id)
        )
        return [dict(r._mapping) for r in rows]
