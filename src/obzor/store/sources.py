"""The source registry and per-source watch state in SQL: functions over one connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from obzor.sources.registry import Source, SourceError
from obzor.sources.yamlfile import source_from_mapping

# Frozen as migration 6 (m006_sources): a change to these tables goes in a new migration.
SCHEMA = (
    """CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        location TEXT NOT NULL,
        country TEXT,
        language TEXT,
        reliability TEXT NOT NULL DEFAULT 'F',  -- Admiralty grade A-F
        affiliation TEXT,                       -- state, independent, international
        interval_s INTEGER NOT NULL,
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE source_state (
        source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
        etag TEXT,
        last_modified TEXT,
        last_item TEXT,              -- key of the newest item seen
        last_poll TEXT,              -- ISO time of the last finished poll
        next_poll REAL NOT NULL DEFAULT 0,  -- Unix time the source is next due
        failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls
        last_error TEXT,
        last_new INTEGER NOT NULL DEFAULT 0,  -- new articles in the last poll
        total_new INTEGER NOT NULL DEFAULT 0
    )""",
    # One row per item ever taken from a source (canonical URL or message id), written in the
    # same transaction as its article: after a crash an item is either fully in or not at all.
    """CREATE TABLE source_items (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (source_id, item_key)
    )""",
    "CREATE INDEX source_state_next ON source_state(next_poll)",
)
# Migration 8 (m008_item_retries): items that failed for now, each retried on its own
# schedule, also while the source's listing answers 304 Not Modified.
RETRY_SCHEMA = (
    """CREATE TABLE source_retries (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        item TEXT NOT NULL,                 -- the listed item as JSON, to take it again
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try REAL NOT NULL,             -- Unix time of the next attempt
        last_error TEXT,
        PRIMARY KEY (source_id, item_key)
    )""",
)
_COLUMNS = "s.id, s.name, s.kind, s.location, s.country, s.language, s.reliability,"
_COLUMNS += " s.affiliation, s.interval_s, t.etag, t.last_modified, t.last_item, t.last_poll,"
_COLUMNS += " t.next_poll, t.failures, t.last_error, t.last_new, t.total_new"
_SELECT = f"SELECT {_COLUMNS} FROM sources AS s JOIN source_state AS t ON t.source_id = s.id"


@dataclass(slots=True)
class SourceState:
    """Where watching a source stands: validators, last item, failures, next poll."""

    etag: str | None = None
    last_modified: str | None = None
    last_item: str | None = None
    last_poll: str | None = None
    next_poll: float = 0.0
    failures: int = 0
    last_error: str | None = None
    last_new: int = 0
    total_new: int = 0


@dataclass(slots=True)
class StoredSource:
    """A registered source with its id and watch state."""

    id: int
    source: Source
    state: SourceState


def create_tables(db: sqlite3.Connection) -> None:
    """The sources, source_state and source_items tables (migration 6)."""
    for sql in SCHEMA:
        db.execute(sql)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); joins a transaction already open."""
    if db.in_transaction:
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def add_source(db: sqlite3.Connection, source: Source, replace: bool = False) -> int:
    """Register a source (its state starts due now); replace=True updates one of that name."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    values = (
        source.kind,
        source.location,
        source.country,
        source.language,
        source.reliability,
        source.affiliation,
        source.interval_s,
    )
    with transaction(db):
        row = db.execute("SELECT id FROM sources WHERE name = ?", (source.name,)).fetchone()
        if row is not None and not replace:
            raise SourceError(f"a source named {source.name!r} exists; remove it first")
        if row is not None:
            db.execute(
                "UPDATE sources SET kind = ?, location = ?, country = ?, language = ?,"
                " reliability = ?, affiliation = ?, interval_s = ? WHERE id = ?",
                (*values, row[0]),
            )
            return int(row[0])
        cur = db.execute(
            "INSERT INTO sources (name, kind, location, country, language, reliability,"
            " affiliation, interval_s, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source.name, *values, now),
        )
        source_id = int(cur.lastrowid or 0)
        db.execute("INSERT INTO source_state (source_id) VALUES (?)", (source_id,))
        return source_id


def remove_source(db: sqlite3.Connection, name: str) -> bool:
    """Forget a source and its state (its articles stay); False if there was none."""
    with transaction(db):
        return db.execute("DELETE FROM sources WHERE name = ?", (name,)).rowcount > 0


def list_sources(db: sqlite3.Connection) -> list[StoredSource]:
    """Every registered source with its state, by name."""
    return [_row(r) for r in db.execute(_SELECT + " ORDER BY s.name")]


def get_source(db: sqlite3.Connection, name: str) -> StoredSource | None:
    """The source of that name, or None."""
    row = db.execute(_SELECT + " WHERE s.name = ?", (name,)).fetchone()
    return None if row is None else _row(row)


def due_sources(db: sqlite3.Connection, now: float) -> list[StoredSource]:
    """Sources whose next poll time has come, the longest waiting first."""
    rows = db.execute(_SELECT + " WHERE t.next_poll <= ? ORDER BY t.next_poll, s.name", (now,))
    return [_row(r) for r in rows]


def lease(db: sqlite3.Connection, source_id: int, now: float, until: float) -> bool:
    """Claim a due source until a time (atomic: of several workers, one wins); True if won."""
    with transaction(db):
        cur = db.execute(
            "UPDATE source_state SET next_poll = ? WHERE source_id = ? AND next_poll <= ?",
            (until, source_id, now),
        )
        return cur.rowcount == 1


def seen(db: sqlite3.Connection, source_id: int, key: str) -> bool:
    """Whether this item of the source was already taken."""
    row = db.execute(
        "SELECT 1 FROM source_items WHERE source_id = ? AND item_key = ?", (source_id, key)
    ).fetchone()
    return row is not None


def mark_seen(db: sqlite3.Connection, source_id: int, key: str, article_id: int | None) -> None:
    """Record an item as taken (in the caller's transaction, with its article)."""
    db.execute(
        "INSERT OR IGNORE INTO source_items (source_id, item_key, article_id, seen_at)"
        " VALUES (?, ?, ?, ?)",
        (source_id, key, article_id, datetime.now(UTC).isoformat(timespec="seconds")),
    )
    db.execute("DELETE FROM source_retries WHERE source_id = ? AND item_key = ?", (source_id, key))


def defer_item(
    db: sqlite3.Connection, source_id: int, key: str, item: str, error: str, next_try: float
) -> int:
    """Keep a failed item for a later attempt at next_try; the number of attempts so far."""
    with transaction(db):
        db.execute(
            "INSERT INTO source_retries (source_id, item_key, item, attempts, next_try,"
            " last_error) VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (source_id, item_key) DO UPDATE"
            " SET attempts = attempts + 1, next_try = excluded.next_try,"
            " last_error = excluded.last_error, item = excluded.item",
            (source_id, key, item, next_try, error),
        )
        row = db.execute(
            "SELECT attempts FROM source_retries WHERE source_id = ? AND item_key = ?",
            (source_id, key),
        ).fetchone()
    return int(row[0])


def retry_attempts(db: sqlite3.Connection, source_id: int, key: str) -> int:
    """Attempts already made at a failed item (0 if it never failed)."""
    row = db.execute(
        "SELECT attempts FROM source_retries WHERE source_id = ? AND item_key = ?",
        (source_id, key),
    ).fetchone()
    return 0 if row is None else int(row[0])


def due_retries(db: sqlite3.Connection, source_id: int, now: float, limit: int) -> list[str]:
    """The JSON of failed items whose next attempt is due, the longest waiting first."""
    rows = db.execute(
        "SELECT item FROM source_retries WHERE source_id = ? AND next_try <= ?"
        " ORDER BY next_try LIMIT ?",
        (source_id, now, limit),
    )
    return [str(r[0]) for r in rows]


def save_state(db: sqlite3.Connection, source_id: int, state: SourceState) -> None:
    """Write a source's watch state in one transaction."""
    with transaction(db):
        db.execute(
            "UPDATE source_state SET etag = ?, last_modified = ?, last_item = ?, last_poll = ?,"
            " next_poll = ?, failures = ?, last_error = ?, last_new = ?, total_new = ?"
            " WHERE source_id = ?",
            (
                state.etag,
                state.last_modified,
                state.last_item,
                state.last_poll,
                state.next_poll,
                state.failures,
                state.last_error,
                state.last_new,
                state.total_new,
                source_id,
            ),
        )


def _row(r: tuple[object, ...]) -> StoredSource:
    source = Source(
        name=str(r[1]),
        kind=str(r[2]),
        location=str(r[3]),
        country=_opt(r[4]),
        language=_opt(r[5]),
        reliability=str(r[6]),
        affiliation=_opt(r[7]),
        interval_s=int(str(r[8])),
    )
    state = SourceState(
        etag=_opt(r[9]),
        last_modified=_opt(r[10]),
        last_item=_opt(r[11]),
        last_poll=_opt(r[12]),
        next_poll=float(str(r[13])),
        failures=int(str(r[14])),
        last_error=_opt(r[15]),
        last_new=int(str(r[16])),
        total_new=int(str(r[17])),
    )
    return StoredSource(int(str(r[0])), source, state)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


class SourcesMixin:
    """Store verbs over the registry, for the API and other callers of a store."""

    db: sqlite3.Connection

    def list_sources(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Registered sources as JSON-ready dicts (fields and watch state), by name."""
        found = list_sources(self.db)[: limit if limit is not None else None]
        return [{**s.source.to_json(), "id": s.id, "state": asdict(s.state)} for s in found]

    def add_source(self, data: dict[str, Any]) -> dict[str, Any]:
        """Register a source from a mapping (name, url or path, kind, ...); SourceError if bad."""
        source = source_from_mapping(data, "source")
        source_id = add_source(self.db, source)
        return {**source.to_json(), "id": source_id}

    # The watch's verbs: the registry and each source's items and state. Callers use these,
    # never the connection (the functions above are their SQL).

    def stored_sources(self) -> list[StoredSource]:
        """Every registered source with its watch state, by name."""
        return list_sources(self.db)

    def stored_source(self, name: str) -> StoredSource | None:
        """One registered source by name, or None."""
        return get_source(self.db, name)

    def register(self, source: Source, replace: bool = False) -> int:
        """Register a source (due now); replace=True updates one of that name. Its id."""
        return add_source(self.db, source, replace=replace)

    def unregister(self, name: str) -> bool:
        """Remove a source by name; False when there was none."""
        return remove_source(self.db, name)

    def due_sources(self, now: float) -> list[StoredSource]:
        """Sources whose next poll is at or before now."""
        return due_sources(self.db, now)

    def lease_source(self, source_id: int, now: float, until: float) -> bool:
        """Move a due source's next poll to until; False when another worker took it first."""
        return lease(self.db, source_id, now, until)

    def item_seen(self, source_id: int, key: str) -> bool:
        """Whether an item of the source was taken (stored, a copy, or given up)."""
        return seen(self.db, source_id, key)

    def mark_item(self, source_id: int, key: str, article_id: int | None) -> None:
        """Mark an item taken, in the open transaction (its article's) or in its own."""
        with transaction(self.db):
            mark_seen(self.db, source_id, key, article_id)

    def defer_item(self, source_id: int, key: str, item: str, error: str, next_try: float) -> int:
        """Keep a failed item for another attempt at next_try; the attempts so far."""
        return defer_item(self.db, source_id, key, item, error, next_try)

    def retry_attempts(self, source_id: int, key: str) -> int:
        """How many times an item has failed so far."""
        return retry_attempts(self.db, source_id, key)

    def due_retries(self, source_id: int, now: float, limit: int) -> list[str]:
        """Failed items (as listed JSON) due for another attempt, at most limit."""
        return due_retries(self.db, source_id, now, limit)

    def save_source_state(self, source_id: int, state: SourceState) -> None:
        """Save a source's watch state (its own transaction)."""
        save_state(self.db, source_id, state)
