"""Grow a SQLite base fast: copy its stored, analysed rows in SQL (make bench-scale).

Each round copies the first articles (ids 1..n) with every row that hangs off them (credits,
mentions, threats, events, quotes, story rows, the search index) under new ids, with a new
content hash, a numbered title and a publication date moved by whole days (the same shift for
every article of a story, so a story stays a few days long), until the base holds `count`.
No analysis runs: a million articles take minutes instead of the hours of store.add. The
counts kept at write time are then rebuilt by the caller (store.tallies.recount, scale.py).
"""

from __future__ import annotations

import sqlite3
import sys
import time

from obzor.store.packed import register

# Dates spread over three years around the seed articles' own (1095 days, centred).
SPREAD_DAYS = 3 * 365
# A prime step, so neighbouring stories land on unrelated days.
STEP = 7919

_COPIES = [
    # (table, column list, SELECT expression list over the source row `t`)
    (
        "articles",
        "id, content_hash, source, ext_id, url, title, published, outlet_id, dateline, language,"
        " text, ingested_at",
        "t.id + :off, t.content_hash || '#' || (t.id + :off), t.source || '#' || (t.id + :off),"
        " t.ext_id, t.url, t.title || ' (' || (t.id + :off) || ')',"
        " CASE WHEN t.published IS NULL THEN NULL ELSE"
        "  date(substr(t.published, 1, 10), s.d || ' days') || substr(t.published, 11) END,"
        " t.outlet_id, t.dateline, t.language, t.text, t.ingested_at",
    ),
    ("credits", "article_id, name", "t.article_id + :off, t.name"),
    (
        "mentions",
        'article_id, entity_id, start, "end", text, resolved_by',
        't.article_id + :off, t.entity_id, t.start, t."end", t.text, t.resolved_by',
    ),
    (
        "threats",
        "article_id, category, score, evidence",
        "t.article_id + :off, t.category, t.score, t.evidence",
    ),
    (
        "events",
        "article_id, type, name, date, date_end, date_precision, place, participants,"
        " evidence_start, evidence_end, data",
        "t.article_id + :off, t.type, t.name, t.date, t.date_end, t.date_precision, t.place,"
        " t.participants, t.evidence_start, t.evidence_end, t.data",
    ),
    (
        "quotes",
        'article_id, speaker, speaker_key, speaker_id, direct, start, "end", text',
        "t.article_id + :off, t.speaker, t.speaker_key, t.speaker_id, t.direct, t.start,"
        ' t."end", t.text',
    ),
    (
        "story_articles",
        "article_id, story_id, role, original_id, score, day, features",
        "t.article_id + :off, t.story_id + :soff, t.role, t.original_id + :off, t.score,"
        " t.day + s.d, t.features",
    ),
]


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def grow(db: sqlite3.Connection, count: int) -> None:
    """Copy articles 1..n (and their rows) until the base holds count articles."""
    register(db)  # obzor_unpack: the index's packed text
    while True:
        n = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])
        if n >= count or n == 0:
            return
        take = min(n, count - n)
        started = time.monotonic()
        stories = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0])
        threads = int(db.execute("SELECT COALESCE(MAX(thread_id), 0) FROM stories").fetchone()[0])
        args = {"off": n, "soff": stories, "take": take}
        db.execute("BEGIN")
        db.execute("DROP TABLE IF EXISTS temp.shift")
        db.execute(
            "CREATE TEMP TABLE shift (id INTEGER PRIMARY KEY, d INTEGER NOT NULL)",
        )
        db.execute(
            "INSERT INTO temp.shift SELECT a.id,"
            f" ((COALESCE(sa.story_id, a.id) + :soff) * {STEP}) % {SPREAD_DAYS}"
            f" - {SPREAD_DAYS // 2}"
            " FROM articles AS a LEFT JOIN story_articles AS sa ON sa.article_id = a.id"
            " WHERE a.id <= :take",
            args,
        )
        db.execute(
            "INSERT INTO stories (id, thread_id) SELECT id + :soff, thread_id + :toff"
            " FROM stories WHERE id IN (SELECT story_id FROM story_articles"
            " WHERE article_id <= :take)",
            {**args, "toff": threads},
        )
        for table, columns, select in _COPIES:
            if not {c.strip().strip('"') for c in columns.split(",")} <= _columns(db, table):
                raise SystemExit(f"grow.py: {table} has other columns; update bench/grow.py")
            key = "id" if table == "articles" else "article_id"
            db.execute(
                f"INSERT INTO {table} ({columns}) SELECT {select} FROM {table} AS t"
                f" JOIN temp.shift AS s ON s.id = t.{key} WHERE t.{key} <= :take",
                args,
            )
        db.execute(  # the index's packed text (revision 0013), then the contentless index
            "INSERT INTO articles_fts_lemmas (article_id, title, body)"
            " SELECT article_id + :off, title, body FROM articles_fts_lemmas"
            " WHERE article_id <= :take",
            args,
        )
        db.execute(
            "INSERT INTO articles_fts (rowid, title, body)"
            " SELECT article_id, title, obzor_unpack(body) FROM articles_fts_lemmas"
            " WHERE article_id > :off AND article_id <= :off + :take",
            args,
        )
        db.execute("COMMIT")
        took = time.monotonic() - started
        print(
            f"  grew to {n + take:,} articles (+{take:,} in {took:.0f} s)",
            file=sys.stderr,
        )
