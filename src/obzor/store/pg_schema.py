"""PostgreSQL migrations: p001 (the base tables, lemma tsvector, pg_trgm), then SQLite's own
m002, m003, ... run through the dialect adapter, so both record the same schema_version."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from obzor.store import migrations
from obzor.store.base import StoreError
from obzor.store.pg_compat import IDENTITY, Compat

# Any fixed number works: it only has to be the same for every obzor migrating this database.
LOCK_ID = 7007


def p001_schema(db: Any) -> None:
    """m001 in PostgreSQL: tables, a generated tsvector over lemmas (GIN), trigram names."""
    statements = (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE TABLE outlets (id {IDENTITY}, name TEXT NOT NULL UNIQUE)",
        f"""CREATE TABLE articles (
            id {IDENTITY},
            content_hash TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            ext_id TEXT,
            url TEXT,
            title TEXT,
            published TEXT,
            outlet_id BIGINT REFERENCES outlets(id),
            dateline TEXT,
            language TEXT,
            text TEXT NOT NULL,
            analysis TEXT NOT NULL DEFAULT '{{}}',
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_outlet ON articles(outlet_id)",
        "CREATE INDEX articles_published ON articles(published)",
        """CREATE TABLE credits (
            ord BIGSERIAL PRIMARY KEY,
            article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            UNIQUE (article_id, name)
        )""",
        f"""CREATE TABLE entities (
            id {IDENTITY},
            key TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            kb_id TEXT
        )""",
        "CREATE INDEX entities_type ON entities(type)",
        "CREATE INDEX entities_kb ON entities(kb_id)",
        "CREATE INDEX entities_name_trgm ON entities USING GIN (name gin_trgm_ops)",
        """CREATE TABLE mentions (
            ord BIGSERIAL PRIMARY KEY,
            article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id BIGINT NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_article ON mentions(article_id)",
        "CREATE INDEX mentions_entity ON mentions(entity_id)",
        # SQLite's FTS5 table as a plain one with the same columns (rowid = articles.id), so
        # the store writes it with the same INSERT. The lemmas are indexed as they are
        # ('simple': no stemming, no stop words): pymorphy3 already lemmatized them.
        """CREATE TABLE articles_fts (
            rowid BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            fts tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', title), 'A')
                || setweight(to_tsvector('simple', body), 'D')
            ) STORED
        )""",
        "CREATE INDEX articles_fts_gin ON articles_fts USING GIN (fts)",
    )
    for sql in statements:
        db.execute(sql)


def all_migrations() -> list[Callable[[Any], None]]:
    """p001, then every SQLite migration after m001 (they run through the adapter)."""
    return [p001_schema, *migrations.MIGRATIONS[1:]]


def migrate(pg: Any) -> int:
    """Apply pending migrations in one transaction under an advisory lock; the new version."""
    db = Compat(pg)
    steps = all_migrations()
    with pg.transaction():
        # One migrator at a time: a second server starting waits here, then sees the work done.
        pg.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_ID,))
        version = migrations.current_version(db)  # type: ignore[arg-type]
        if version > len(steps):
            raise StoreError(
                f"database schema version {version} is newer than this obzor knows "
                f"({len(steps)}); upgrade obzor"
            )
        while version < len(steps):
            version += 1
            steps[version - 1](db)
            db.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (version, datetime.now(UTC).isoformat(timespec="seconds")),
            )
    return version
