"""What every store backend shares: its errors and the search hit record."""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """The store cannot be opened or used (bad URL, not a database, schema too new)."""


def too_new(kind: str, found: object, known: object) -> StoreError:
    """The error for a base whose schema `kind` (version, revision) this obzor does not know."""
    return StoreError(
        f"database schema {kind} {found} is newer than this obzor knows ({known}); upgrade obzor"
    )


# What SQLite's messages mean for the person at the terminal: (phrase in the message, kind,
# what to say). Checked in order; the first phrase found wins.
_DB_FAULTS = (
    ("disk is full", "full", "the disk is full: free space and run again"),
    ("readonly database", "read-only", "the database is read-only: check its file and folder"),
    ("read-only", "read-only", "the database is read-only: check its file and folder"),
    ("database is locked", "locked", "the database is busy (locked by another writer)"),
    ("database table is locked", "locked", "the database is busy (locked by another writer)"),
    ("disk i/o error", "io", "a disk I/O error: check the disk and the database file"),
    ("unable to open database", "io", "cannot open the database file: check the path"),
    ("malformed", "corrupt", "the database file is damaged (malformed)"),
    ("not a database", "corrupt", "the file is not a database"),
)


def db_fault(exc: BaseException) -> tuple[str, str] | None:
    """(kind, one-line message) for a database error that stops writing, else None.

    Kinds: full, read-only, locked, io, corrupt. Other errors (a bad value) are per record.
    """
    text = str(exc).lower()
    for phrase, kind, message in _DB_FAULTS:
        if phrase in text:
            return kind, f"{message} ({exc})"
    return None


class QueryError(StoreError, ValueError):
    """A search query is malformed; the message says what is wrong in one line."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the article, its rank score (higher is better) and a snippet."""

    id: int
    title: str | None
    published: str | None
    outlet: str | None
    score: float
    snippet: str
