"""Grow a PostgreSQL base fast: bench/grow.py's copies, in PostgreSQL's SQL (make bench-scale).

The same rounds as grow.py: articles 1..n with every row that hangs off them (credits,
mentions, threats, events, quotes, story rows, the search table, whose tsvector PostgreSQL
computes again) under new ids, a new content hash, a numbered title and a publication date
moved by whole days (one shift per story), until the base holds `count`. Then the id
sequences are moved past the copies and the tables analysed. The counts kept at write time
are rebuilt by the caller (store.tallies.recount, scale.py).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from grow import SPREAD_DAYS, STEP

# (table, column list, SELECT expression list over the source row `t` and its shift `s`)
_COPIES = [
    (
        "articles",
        "id, content_hash, source, ext_id, url, title, published, outlet_id, dateline, language,"
        " text, ingested_at",
        "t.id + %(off)s, t.content_hash || '#' || (t.id + %(off)s),"
        " t.source || '#' || (t.id + %(off)s), t.ext_id, t.url,"
        " t.title || ' (' || (t.id + %(off)s) || ')',"
        " CASE WHEN t.published IS NULL THEN NULL ELSE"
        "  to_char(substr(t.published, 1, 10)::date + s.d, 'YYYY-MM-DD')"
        "  || substr(t.published, 11) END,"
        " t.outlet_id, t.dateline, t.language, t.text, t.ingested_at",
    ),
    ("credits", "article_id, name", "t.article_id + %(off)s, t.name"),
    (
        "mentions",
        'article_id, entity_id, start, "end", text, resolved_by',
        't.article_id + %(off)s, t.entity_id, t.start, t."end", t.text, t.resolved_by',
    ),
    (
        "threats",
        "article_id, category, score, evidence",
        "t.article_id + %(off)s, t.category, t.score, t.evidence",
    ),
    (
        "events",
        "article_id, type, name, date, date_end, date_precision, place, participants,"
        " evidence_start, evidence_end, data",
        "t.article_id + %(off)s, t.type, t.name, t.date, t.date_end, t.date_precision, t.place,"
        " t.participants, t.evidence_start, t.evidence_end, t.data",
    ),
    (
        "quotes",
        'article_id, speaker, speaker_key, speaker_id, direct, start, "end", text',
        "t.article_id + %(off)s, t.speaker, t.speaker_key, t.speaker_id, t.direct, t.start,"
        ' t."end", t.text',
    ),
    (
        "story_articles",
        "article_id, story_id, role, original_id, score, day, features",
        "t.article_id + %(off)s, t.story_id + %(soff)s, t.role, t.original_id + %(off)s,"
        " t.score, t.day + s.d, t.features",
    ),
    ("articles_fts", "rowid, title, body", "t.rowid + %(off)s, t.title, t.body"),
]
# The tables whose id comes from a sequence, moved past the copies at the end.
_SEQUENCES = ("articles", "stories")


def _columns(db: Any, table: str) -> set[str]:
    rows = db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
    ).fetchall()
    return {row[0] for row in rows}


def _one(db: Any, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


def grow_pg(url: str, count: int) -> None:
    """Copy articles 1..n (and their rows) until the base at url holds count articles."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        _grow(db, count)
        for table in _SEQUENCES:
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        db.execute("VACUUM ANALYZE")


def _grow(db: Any, count: int) -> None:
    for table, columns, _ in _COPIES:
        key = "rowid" if table == "articles_fts" else None
        wanted = {c.strip().strip('"') for c in columns.split(",")} | ({key} if key else set())
        if not wanted <= _columns(db, table):
            raise SystemExit(f"grow_pg.py: {table} has other columns; update bench/grow_pg.py")
    while True:
        n = _one(db, "SELECT COALESCE(MAX(id), 0) FROM articles")
        if n >= count or n == 0:
            return
        take = min(n, count - n)
        started = time.monotonic()
        stories = _one(db, "SELECT COALESCE(MAX(id), 0) FROM stories")
        threads = _one(db, "SELECT COALESCE(MAX(thread_id), 0) FROM stories")
        args = {"off": n, "soff": stories, "take": take, "toff": threads}
        with db.transaction():
            db.execute("DROP TABLE IF EXISTS pg_temp.shift")
            db.execute("CREATE TEMP TABLE shift (id BIGINT PRIMARY KEY, d INTEGER NOT NULL)")
            db.execute(
                "INSERT INTO pg_temp.shift SELECT a.id,"
                f" ((COALESCE(sa.story_id, a.id) + %(soff)s) * {STEP}) %% {SPREAD_DAYS}"
                f" - {SPREAD_DAYS // 2}"
                " FROM articles AS a LEFT JOIN story_articles AS sa ON sa.article_id = a.id"
                " WHERE a.id <= %(take)s",
                args,
            )
            db.execute(
                "INSERT INTO stories (id, thread_id) SELECT id + %(soff)s, thread_id + %(toff)s"
                " FROM stories WHERE id IN (SELECT story_id FROM story_articles"
                " WHERE article_id <= %(take)s)",
                args,
            )
            for table, columns, select in _COPIES:
                key = {"articles": "id", "articles_fts": "rowid"}.get(table, "article_id")
                db.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {select} FROM {table} AS t"
                    f" JOIN pg_temp.shift AS s ON s.id = t.{key} WHERE t.{key} <= %(take)s",
                    args,
                )
        took = time.monotonic() - started
        print(f"  grew to {n + take:,} articles (+{take:,} in {took:.0f} s)", file=sys.stderr)
