"""Frozen numbered migrations m001-m010: they upgrade a base made before Alembic (store/upgrade.py).

Until the switch to Alembic, each schema change was a numbered function here, recorded in
schema_version. Now new schema changes are Alembic revisions (store/alembic/versions); these
run only for a base made by an older obzor, up to m010, after which upgrade.py stamps the
Alembic baseline. Never edited, never extended.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from obzor.store.base import too_new

Migration = Callable[[sqlite3.Connection], None]


def m001_schema(db: sqlite3.Connection) -> None:
    """Articles, outlets, credits, entities, mentions and the FTS5 index over lemmas."""
    statements = (
        "CREATE TABLE outlets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            ext_id TEXT,
            url TEXT,
            title TEXT,
            published TEXT,
            outlet_id INTEGER REFERENCES outlets(id),
            dateline TEXT,
            language TEXT,
            text TEXT NOT NULL,
            analysis TEXT NOT NULL DEFAULT '{}',  -- JSON: quotes, threats, events
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_outlet ON articles(outlet_id)",
        "CREATE INDEX articles_published ON articles(published)",
        """CREATE TABLE credits (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            UNIQUE (article_id, name)
        )""",
        """CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,  -- kb_id, else "TYPE:casefolded name"
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            kb_id TEXT
        )""",
        "CREATE INDEX entities_type ON entities(type)",
        """CREATE TABLE mentions (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_article ON mentions(article_id)",
        "CREATE INDEX mentions_entity ON mentions(entity_id)",
        # rowid = articles.id; both columns hold lemmas, not surface words, so one query
        # term matches every inflected form. remove_diacritics 0 keeps й and ё distinct.
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, tokenize = 'unicode61 remove_diacritics 0'
        )""",
    )
    for sql in statements:
        db.execute(sql)


def m002_entity_links(db: sqlite3.Connection) -> None:
    """Knowledge-base linking: entity aliases and groups of name variants (issue 3)."""
    from obzor.store.entities import create_tables

    create_tables(db)


def m003_threats(db: sqlite3.Connection) -> None:
    """Threat categories per article, with score and evidence (issue 4)."""
    from obzor.store.threats import schema

    for sql in schema():
        db.execute(sql)


def m004_events_quotes(db: sqlite3.Connection) -> None:
    """Typed events and quotes with speakers (issue 4)."""
    from obzor.store.events import schema

    for sql in schema():
        db.execute(sql)


def m005_stories(db: sqlite3.Connection) -> None:
    """Near-duplicates, reprints and stories (issue 5)."""
    from obzor.store.stories import schema

    for sql in schema():
        db.execute(sql)


def m006_sources(db: sqlite3.Connection) -> None:
    """The source registry and per-source watch state (issue 6)."""
    from obzor.store.sources import create_tables

    create_tables(db)


def m007_team(db: sqlite3.Connection) -> None:
    """Users, API tokens, saved searches and annotations (issue 7)."""
    from obzor.store.team import schema

    for sql in schema("INTEGER PRIMARY KEY"):
        db.execute(sql)


def m008_item_retries(db: sqlite3.Connection) -> None:
    """Failed watch items kept with their own retry schedule (issue 18)."""
    from obzor.store.sources import RETRY_SCHEMA

    for sql in RETRY_SCHEMA:
        db.execute(sql)


def m009_name_keys(db: sqlite3.Connection) -> None:
    """Search keys: re-index titles and bodies so every case of a name has one key (issue 11)."""
    from obzor.nlp.morph import lemmatize

    rows = db.execute("SELECT id, title, text FROM articles").fetchall()
    db.executemany(
        "UPDATE articles_fts SET title = ?, body = ? WHERE rowid = ?",
        [(lemmatize(title or ""), lemmatize(text or ""), i) for i, title, text in rows],
    )


def m010_alerts(db: sqlite3.Connection) -> None:
    """Alerts (saved searches, watchlists) and their delivery queue (issue 16)."""
    from obzor.store.alerts import SCHEMA

    for sql in SCHEMA:
        db.execute(sql)


# Frozen: a new schema change is an Alembic revision (docs/store-plan.md), not an m011 here.
MIGRATIONS: list[Migration] = [
    m001_schema,
    m002_entity_links,
    m003_threats,
    m004_events_quotes,
    m005_stories,
    m006_sources,
    m007_team,
    m008_item_retries,
    m009_name_keys,
    m010_alerts,
]


def current_version(db: sqlite3.Connection) -> int:
    """The highest applied migration number (0 for a new database)."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version"
        " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    row = db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
    return int(row[0])


def migrate(db: sqlite3.Connection, target: int | None = None) -> int:
    """Apply pending migrations up to target (default: all), each in a transaction; new version."""
    known = len(MIGRATIONS)
    target = known if target is None else target
    version = current_version(db)
    if version > known:
        raise too_new("version", version, known)
    while version < target:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = current_version(db)
            if version < target:
                version += 1
                MIGRATIONS[version - 1](db)
                db.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (version, datetime.now(UTC).isoformat(timespec="seconds")),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return version


def apply_pending(db: sqlite3.Connection) -> int:
    """Apply the missing numbered migrations inside the caller's write transaction (SQLite)."""
    return _apply(db, MIGRATIONS)


def _apply(db: Any, steps: list[Migration]) -> int:
    version = current_version(db)
    if version > len(steps):
        raise too_new("version", version, len(steps))
    while version < len(steps):
        version += 1
        steps[version - 1](db)
        db.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            (version, datetime.now(UTC).isoformat(timespec="seconds")),
        )
    return version
