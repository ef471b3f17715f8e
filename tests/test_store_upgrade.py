"""A base made by the last release before Alembic opens with this obzor and loses nothing.

tests/data/release_base.jsonl.gz holds the rows that release wrote (examples/corpus ingested,
then users, tokens, saved searches, notes, a watched source, alerts; see its header). Each
test builds that base as the release did (its frozen numbered migrations, then its rows and
index), reads every row of every table, opens it with today's store (which runs the missing
migrations and stamps Alembic's baseline) and reads them again: all equal, searches find the
same articles, and the base takes new articles.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select

from obzor.model import Article
from obzor.nlp.morph import lemmatize
from obzor.store import migrations, open_store, upgrade
from obzor.store.fts import lemma_text
from obzor.store.packed import unpack
from obzor.store.query import parse

FIXTURE = Path(__file__).parent / "data" / "release_base.jsonl.gz"
# Every table with its key (an order that lists rows alike on both databases).
TABLES = {
    "outlets": "id",
    "articles": "id",
    "credits": "article_id, name",
    "entities": "id",
    "mentions": 'article_id, start, "end", entity_id',
    "entity_aliases": "alias",
    "threats": "article_id, category",
    "events": "id",
    "quotes": "id",
    "stories": "id",
    "story_articles": "article_id",
    "story_terms": "term",
    "sources": "id",
    "source_state": "source_id",
    "source_items": "source_id, item_key",
    "source_retries": "source_id, item_key",
    "users": "id",
    "tokens": "id",
    "saved_searches": "id",
    "annotations": "id",
    "alerts": "id",
    "alert_queue": "id",
}
COLUMNS = {  # the release's columns: PostgreSQL bases have an extra insertion-order column
    # revision 0016 drops the analysis JSON: its quotes, threats and events are compared with
    # what get() reads from their rows (findings, below), as are the texts revision 0017 reads
    # from the article's text
    "articles": "id, content_hash, source, ext_id, url, title, published, outlet_id, dateline,"
    " language, text, ingested_at",
    # revision 0017 keeps a quote's text and an evidence's sentence as offsets into the
    # article's text: compared through get() too
    "quotes": 'id, article_id, speaker, speaker_key, speaker_id, direct, start, "end"',
    "threats": "article_id, category, score",
    "events": "id, article_id, type, name, date, date_end, date_precision, place, participants,"
    " evidence_start, evidence_end",
    "credits": "article_id, name",
    "mentions": 'article_id, entity_id, start, "end", text, resolved_by',
    "entities": 'id, "key", type, name, kb_id',  # revision 0012 counts on each (below)
}
Rows = dict[str, list[tuple[Any, ...]]]
QUERIES = ("Казахстан", "ОДКБ", "учения", "наркотики", '"Министерство обороны"', "Токаев")


def release_rows() -> list[tuple[str, list[list[Any]]]]:
    """(INSERT statement with ? placeholders, rows) per table, as the release wrote them."""
    out = []
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("{"):
                table = json.loads(line)
                names = ", ".join(f'"{c}"' for c in table["columns"])
                marks = ", ".join("?" for _ in table["columns"])
                out.append(
                    (f"INSERT INTO {table['table']} ({names}) VALUES ({marks})", table["rows"])
                )
    return out


def snapshot(execute: Callable[[str], list[tuple[Any, ...]]]) -> Rows:
    """Every row of every table, in key order."""
    return {
        t: execute(f"SELECT {COLUMNS.get(t, '*')} FROM {t} ORDER BY {key}")
        for t, key in TABLES.items()
    }


def findings(execute: Callable[[str], list[tuple[Any, ...]]]) -> dict[int, Any]:
    """Each article's quotes, threats and events as the release's analysis JSON held them."""
    return {
        int(i): json_read({"a": [(a,)]})["a"][0][0]
        for i, a in execute("SELECT id, analysis FROM articles ORDER BY id")
    }


def json_read(rows: Rows) -> Rows:
    """rows with each JSON value read (text, packed text or json's dict or list)."""

    def read(value: Any) -> Any:
        if isinstance(value, bytes):
            value = unpack(value)
        if isinstance(value, str) and value[:1] in ("{", "["):
            try:
                return json.loads(value)
            except ValueError:
                return value  # text that opens with a brace ("{{}}", a title)
        return value

    return {t: [tuple(read(v) for v in row) for row in found] for t, found in rows.items()}


def check_upgraded(
    url: str,
    before: Rows,
    hits: dict[str, set[int]],
    analysis: dict[int, Any],
    indexed: Rows | None = None,
) -> None:
    """Open the base with today's store: same rows, same hits, the newest revision, writable,
    every article's quotes, threats and events as its analysis JSON held them; indexed: the
    SQLite index's text as the release kept it (revision 0013 moves it)."""
    with open_store(url) as s:
        assert s.stats()["schema_version"] == upgrade.head()
        for q, found in hits.items():
            assert {h.id for h in s.search(q, 100)} == found, q
        after = snapshot(lambda sql: [tuple(r) for r in s.conn.exec_driver_sql(sql).all()])
        assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
        # revisions 0013 (SQLite: story features packed) and 0014 (PostgreSQL: JSON columns as
        # json, read raw as dicts) keep each JSON value as it was
        after, before = json_read(after), json_read(before)
        assert {t: r for t, r in after.items() if r != before[t]} == {}
        # revision 0012 counted what the base held: per entity, and the tallies
        counted = s.conn.exec_driver_sql(
            "SELECT e.id, COUNT(DISTINCT m.article_id), COUNT(*) FROM entities AS e"
            " JOIN mentions AS m ON m.entity_id = e.id GROUP BY e.id ORDER BY e.id"
        ).all()
        kept = s.conn.exec_driver_sql(
            "SELECT id, articles, mentions FROM entities WHERE articles > 0 ORDER BY id"
        ).all()
        assert counted and [tuple(r) for r in kept] == [tuple(r) for r in counted]
        if indexed is not None:  # the index's text, packed beside a contentless index
            text = select(lemma_text.c.article_id, lemma_text.c.title, lemma_text.c.body)
            moved = [tuple(r) for r in s.conn.execute(text.order_by(lemma_text.c.article_id))]
            assert moved == indexed["articles_fts"]
            assert s.conn.exec_driver_sql("SELECT body FROM articles_fts").first() == (None,)
        # revision 0016: the analysis JSON is gone; what it held is read from the rows
        assert "analysis" not in {c["name"] for c in inspect(s.conn).get_columns("articles")}
        kept_findings = {}
        for i in analysis:
            got = s.get(i)
            assert got is not None
            kept_findings[i] = {k: got[k] for k in ("quotes", "threats", "events")}
        assert kept_findings == analysis
        assert any(a["threats"] for a in analysis.values())
        assert any(a["events"] for a in analysis.values())
        assert any(a["quotes"] for a in analysis.values())
        stats = s.stats()
        assert stats["articles"] == len(before["articles"])
        assert stats["mentions"] == len(before["mentions"])
        assert sum(stats["languages"].values()) == sum(stats["outlets"].values())
        first = s.get(1)
        assert (
            first is not None and first["entities"] and first["title"] == before["articles"][0][5]
        )
        new = s.add(
            Article(source="new", title="Учения ОДКБ", text="Новые учения ОДКБ в Казахстане.")
        )
        assert new > max(r[0] for r in before["articles"])
        assert new in {h.id for h in s.search("учения ОДКБ", 100)}


def test_a_sqlite_base_of_the_last_release_opens_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "release.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(db)  # the release's schema, m001-m010
    db.execute("BEGIN")
    for sql, rows in release_rows():
        db.executemany(sql, rows)
    db.execute("INSERT INTO articles_fts (rowid, title, body) SELECT id, '', '' FROM articles")
    migrations.m009_name_keys(db)  # the release's index: lemmas of titles and bodies
    db.execute("COMMIT")
    before = snapshot(lambda sql: db.execute(sql).fetchall())
    analysis = findings(lambda sql: db.execute(sql).fetchall())
    hits = {
        q: {
            r
            for (r,) in db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
                (parse(q, False).match,),
            )
        }
        for q in QUERIES
    }
    indexed = {"articles_fts": db.execute("SELECT rowid, title, body FROM articles_fts").fetchall()}
    db.close()
    assert all(hits.values()) and len(before["articles"]) >= 38 and before["alert_queue"]
    assert all(body for _, _, body in indexed["articles_fts"])
    check_upgraded(str(path), before, hits, analysis, indexed)


def test_a_postgres_base_of_the_last_release_opens_without_loss(pg_base: str) -> None:
    from sqlalchemy import create_engine

    from obzor.store import fts, legacy_postgres
    from obzor.store.engine import engine_url
    from pgcluster import fresh_database

    url = fresh_database(pg_base, "release")
    engine = create_engine(engine_url(url))
    with engine.begin() as conn:
        legacy_postgres.apply_pending(conn)  # the release's schema: p001, m002-m010
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for sql, rows in release_rows():
            raw.cursor().executemany(sql.replace("?", "%s"), rows)
        for i, title, body in conn.exec_driver_sql("SELECT id, title, text FROM articles").all():
            conn.execute(
                fts.fts.insert().values(
                    rowid=i, title=lemmatize(title or ""), body=lemmatize(body or "")
                )
            )
        for table in ("outlets", "articles", "entities", "events", "quotes", "sources",
                      "users", "tokens", "saved_searches", "annotations", "alerts",
                      "alert_queue"):  # fmt: skip
            conn.exec_driver_sql(  # as the release's inserts left them: past the largest id
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT MAX(id) FROM {table}))"
            )
    with engine.connect() as conn:
        before = snapshot(lambda sql: [tuple(r) for r in conn.exec_driver_sql(sql).all()])
        analysis = findings(lambda sql: [tuple(r) for r in conn.exec_driver_sql(sql).all()])
        hits = {
            q: {
                r.rowid
                for r in conn.execute(
                    select(fts.fts.c.rowid).where(fts.match(conn, parse(q, False).match))
                )
            }
            for q in QUERIES
        }
    engine.dispose()
    assert all(hits.values())
    check_upgraded(url, before, hits, analysis)
    # revision 0014: the JSON columns are json (checked on write), their values read as before
    from obzor.store.alembic.versions.r0014_json import COLUMNS

    engine = create_engine(engine_url(url))
    with engine.connect() as conn:
        kinds = {
            (t, c): conn.exec_driver_sql(
                "SELECT data_type FROM information_schema.columns"
                " WHERE table_name = %s AND column_name = %s",
                (t, c),
            ).scalar_one()
            for t, c, _ in COLUMNS
            if (t, c) != ("articles", "analysis")  # dropped by revision 0016
        }
    engine.dispose()
    assert set(kinds.values()) == {"json"}, kinds
