"""The source registry and per-source watch state in SQL: functions over one connection."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    delete,
    insert,
    select,
    update,
)

from obzor.store.dialect import upsert
from obzor.store.engine import transaction
from obzor.store.schema import source_items as items
from obzor.store.schema import source_retries as retries
from obzor.store.schema import source_state as st
from obzor.store.schema import sources as reg

if TYPE_CHECKING:  # obzor.sources loads YAML: imported by the verbs that need it
    from obzor.sources.registry import Source

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


def _select() -> Select[Any]:
    return select(
        reg.c.id, reg.c.name, reg.c.kind, reg.c.location, reg.c.country, reg.c.language,
        reg.c.reliability, reg.c.affiliation, reg.c.interval_s, st.c.etag, st.c.last_modified,
        st.c.last_item, st.c.last_poll, st.c.next_poll, st.c.failures, st.c.last_error,
        st.c.last_new, st.c.total_new,
    ).join(st, st.c.source_id == reg.c.id)  # fmt: skip


def add_source(conn: Connection, source: Source, replace: bool = False) -> int:
    """Register a source (its state starts due now); replace=True updates one of that name."""
    from obzor.sources.registry import SourceError

    now = datetime.now(UTC).isoformat(timespec="seconds")
    values = {
        "kind": source.kind,
        "location": source.location,
        "country": source.country,
        "language": source.language,
        "reliability": source.reliability,
        "affiliation": source.affiliation,
        "interval_s": source.interval_s,
    }
    with transaction(conn):
        found = conn.execute(select(reg.c.id).where(reg.c.name == source.name)).scalar()
        if found is not None and not replace:
            raise SourceError(f"a source named {source.name!r} exists; remove it first")
        if found is not None:
            conn.execute(update(reg).where(reg.c.id == found).values(**values))
            return int(found)
        source_id = int(
            conn.execute(
                insert(reg).values(name=source.name, added_at=now, **values).returning(reg.c.id)
            ).scalar_one()
        )
        conn.execute(insert(st).values(source_id=source_id))
        return source_id


def remove_source(conn: Connection, name: str) -> bool:
    """Forget a source and its state (its articles stay); False if there was none."""
    with transaction(conn):
        gone = conn.execute(delete(reg).where(reg.c.name == name).returning(reg.c.id)).all()
    return bool(gone)


def list_sources(conn: Connection) -> list[StoredSource]:
    """Every registered source with its state, by name."""
    return [_row(r) for r in conn.execute(_select().order_by(reg.c.name))]


def get_source(conn: Connection, name: str) -> StoredSource | None:
    """The source of that name, or None."""
    row = conn.execute(_select().where(reg.c.name == name)).first()
    return None if row is None else _row(row)


def due_sources(conn: Connection, now: float) -> list[StoredSource]:
    """Sources whose next poll time has come, the longest waiting first."""
    rows = conn.execute(_select().where(st.c.next_poll <= now).order_by(st.c.next_poll, reg.c.name))
    return [_row(r) for r in rows]


def lease(conn: Connection, source_id: int, now: float, until: float) -> bool:
    """Claim a due source until a time (atomic: of several workers, one wins); True if won."""
    with transaction(conn):
        won = conn.execute(
            update(st)
            .where(st.c.source_id == source_id, st.c.next_poll <= now)
            .values(next_poll=until)
            .returning(st.c.source_id)
        ).all()
    return len(won) == 1


def _retry(source_id: int, key: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (retries.c.source_id == source_id, retries.c.item_key == key)


def seen(conn: Connection, source_id: int, key: str) -> bool:
    """Whether this item of the source was already taken."""
    found = conn.execute(
        select(items.c.item_key).where(items.c.source_id == source_id, items.c.item_key == key)
    ).first()
    return found is not None


def mark_seen(conn: Connection, source_id: int, key: str, article_id: int | None) -> None:
    """Record an item as taken (in the caller's transaction, with its article)."""
    conn.execute(
        upsert(conn, items)
        .values(
            source_id=source_id,
            item_key=key,
            article_id=article_id,
            seen_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        .on_conflict_do_nothing()
    )
    conn.execute(delete(retries).where(*_retry(source_id, key)))


def defer_item(
    conn: Connection, source_id: int, key: str, item: str, error: str, next_try: float
) -> int:
    """Keep a failed item for a later attempt at next_try; the number of attempts so far."""
    with transaction(conn):
        new = upsert(conn, retries).values(
            source_id=source_id, item_key=key, item=item, attempts=1, next_try=next_try,
            last_error=error,
        )  # fmt: skip
        conn.execute(
            new.on_conflict_do_update(
                index_elements=[retries.c.source_id, retries.c.item_key],
                set_={
                    "attempts": retries.c.attempts + 1,
                    "next_try": new.excluded.next_try,
                    "last_error": new.excluded.last_error,
                    "item": new.excluded.item,
                },
            )
        )
        return retry_attempts(conn, source_id, key)


def retry_attempts(conn: Connection, source_id: int, key: str) -> int:
    """Attempts already made at a failed item (0 if it never failed)."""
    found = conn.execute(select(retries.c.attempts).where(*_retry(source_id, key))).scalar()
    return 0 if found is None else int(found)


def due_retries(conn: Connection, source_id: int, now: float, limit: int) -> list[str]:
    """The JSON of failed items whose next attempt is due, the longest waiting first."""
    rows = conn.execute(
        select(retries.c.item)
        .where(retries.c.source_id == source_id, retries.c.next_try <= now)
        .order_by(retries.c.next_try)
        .limit(limit)
    )
    return [str(r.item) for r in rows]


def save_state(conn: Connection, source_id: int, state: SourceState) -> None:
    """Write a source's watch state in one transaction."""
    with transaction(conn):
        conn.execute(update(st).where(st.c.source_id == source_id).values(**asdict(state)))


def _row(r: Row[Any]) -> StoredSource:
    from obzor.sources.registry import Source

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

    conn: Connection

    def list_sources(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Registered sources as JSON-ready dicts (fields and watch state), by name."""
        found = list_sources(self.conn)[: limit if limit is not None else None]
        return [{**s.source.to_json(), "id": s.id, "state": asdict(s.state)} for s in found]

    def add_source(self, data: dict[str, Any]) -> dict[str, Any]:
        """Register a source from a mapping (name, url or path, kind, ...); SourceError if bad."""
        from obzor.sources.yamlfile import source_from_mapping

        source = source_from_mapping(data, "source")
        source_id = add_source(self.conn, source)
        return {**source.to_json(), "id": source_id}

    # The watch's verbs: the registry and each source's items and state. Callers use these,
    # never the connection (the functions above are their SQL).

    def stored_sources(self) -> list[StoredSource]:
        """Every registered source with its watch state, by name."""
        return list_sources(self.conn)

    def stored_source(self, name: str) -> StoredSource | None:
        """One registered source by name, or None."""
        return get_source(self.conn, name)

    def register(self, source: Source, replace: bool = False) -> int:
        """Register a source (due now); replace=True updates one of that name. Its id."""
        return add_source(self.conn, source, replace=replace)

    def unregister(self, name: str) -> bool:
        """Remove a source by name; False when there was none."""
        return remove_source(self.conn, name)

    def due_sources(self, now: float) -> list[StoredSource]:
        """Sources whose next poll is at or before now."""
        return due_sources(self.conn, now)

    def lease_source(self, source_id: int, now: float, until: float) -> bool:
        """Move a due source's next poll to until; False when another worker took it first."""
        return lease(self.conn, source_id, now, until)

    def item_seen(self, source_id: int, key: str) -> bool:
        """Whether an item of the source was taken (stored, a copy, or given up)."""
        return seen(self.conn, source_id, key)

    def mark_item(self, source_id: int, key: str, article_id: int | None) -> None:
        """Mark an item taken, in the open transaction (its article's) or in its own."""
        with transaction(self.conn):
            mark_seen(self.conn, source_id, key, article_id)

    def defer_item(self, source_id: int, key: str, item: str, error: str, next_try: float) -> int:
        """Keep a failed item for another attempt at next_try; the attempts so far."""
        return defer_item(self.conn, source_id, key, item, error, next_try)

    def retry_attempts(self, source_id: int, key: str) -> int:
        """How many times an item has failed so far."""
        return retry_attempts(self.conn, source_id, key)

    def due_retries(self, source_id: int, now: float, limit: int) -> list[str]:
        """Failed items (as listed JSON) due for another attempt, at most limit."""
        return due_retries(self.conn, source_id, now, limit)

    def save_source_state(self, source_id: int, state: SourceState) -> None:
        """Save a source's watch state (its own transaction)."""
        save_state(self.conn, source_id, state)
