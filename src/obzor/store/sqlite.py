"""The embedded SQLite store (WAL): a few verbs over rows, every value a bound parameter."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Table, column, func, insert, select, table
from sqlalchemy.exc import DBAPIError, OperationalError

from obzor.model import Article, Mention
from obzor.nlp import morph
from obzor.store import engine, migrations, upgrade
from obzor.store import entities as entity_rows
from obzor.store.alerts import AlertsMixin
from obzor.store.base import Hit, QueryError, StoreError
from obzor.store.browse import BrowseMixin
from obzor.store.calendar import CalendarMixin
from obzor.store.dialect import order, upsert
from obzor.store.entity_find import EntityFindMixin
from obzor.store.events import EventsMixin
from obzor.store.exports import ExportMixin
from obzor.store.grades import GradesMixin
from obzor.store.query import NEWEST_FIRST, Query, check_sort, parse, typed_match
from obzor.store.saved import SavedMixin
from obzor.store.schema import articles as art
from obzor.store.schema import credits, outlets
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.snippets import snippet
from obzor.store.sources import SourcesMixin
from obzor.store.statements import StatementsMixin
from obzor.store.stories import StoriesMixin
from obzor.store.team import TeamMixin
from obzor.store.threats import ThreatsMixin

# A headline names what the story is about in a handful of words, so a term there says more
# than one among hundreds in the body; 5x puts headline matches first without letting a
# passing headline word beat an article that is about the term throughout.
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
# Many processes share one base (ingest, watch, serve): a writer waits this long for another's
# write transaction (each holds it for one article, milliseconds) before giving up; readers
# never wait in WAL mode. A minute covers a checkpoint on a slow disk with room to spare.
BUSY_TIMEOUT_S = 60.0
# A lock error that outlives the busy timeout is retried this many times before it is raised.
WRITE_RETRIES = 3

# Search ranks at most this many matches, the newest (by id, i.e. by arrival): bm25 costs a
# few microseconds a match and query phrase (a KB name adds phrases), so a word in every other
# article ("России": 500k of a million) would otherwise cost seconds. 1,000 keep a common
# word's search near 20 ms at any base size, and hold more than the API reads (500, for its
# facets); a rarer query ranks all of its matches.
RANK_CAP = 1000
# With a filter (threat, entity, date), the newest RANK_CAP matches that pass it are looked for
# among the newest FILTER_WALK matches of the words only: a rare filter on a common word
# would otherwise test every match (seconds at a million articles).
FILTER_WALK = 5 * RANK_CAP
# The id of the n-th newest match (of those passing {filters}, at or above {bound}), or
# {default} when there are fewer: ranking starts there, so FTS5 walks its index from that id
# on and bm25 runs on at most RANK_CAP rows.
_NEWEST = """(SELECT COALESCE((SELECT f.rowid FROM articles_fts AS f{join}
WHERE articles_fts MATCH ?{filters}{bound} ORDER BY f.rowid DESC LIMIT 1 OFFSET ?), {default}))"""
_SEARCH = """
WITH top AS (
SELECT f.rowid AS id, {rank} AS rank,{typed} AS typed
FROM articles_fts AS f{join}
WHERE articles_fts MATCH ?{filters} AND f.rowid >= {floor}
ORDER BY typed DESC, rank, f.rowid {newest}
LIMIT ?)
SELECT a.id, a.title, a.published, o.name, -top.rank
FROM top JOIN articles AS a ON a.id = top.id
LEFT JOIN outlets AS o ON o.id = a.outlet_id
ORDER BY top.typed DESC, top.rank, a.id {newest}
"""
# bm25 needs each query phrase's number of matching rows over the whole index (its IDF): its
# first call reads every posting list of the query, 100-250 ms at a million articles for a
# common word or a KB name of many words. A query with more than RANK_CAP matches is ranked
# without it: headline matches first (the FTS5 column filter), then the newest.
_HEADLINE = (
    "-(CASE WHEN f.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    " AND rowid >= {floor}) THEN {title} ELSE 0 END) - {body}"
)
# sort="date": every match, newest first (no bm25: the order does not need it; score 0).
_BY_DATE = """
SELECT a.id, a.title, a.published, o.name, 0.0
FROM articles_fts AS f JOIN articles AS a ON a.id = f.rowid
LEFT JOIN outlets AS o ON o.id = a.outlet_id
WHERE articles_fts MATCH ?{filters}
ORDER BY {order}
LIMIT ?
"""
# The full-text index (an FTS5 table in SQLite, a tsvector table in PostgreSQL; made by the
# Alembic baseline, not in schema.py): the same three columns on both.
fts = table("articles_fts", column("rowid"), column("title"), column("body"))


def _floor(match: str, filters: str, params: list[Any]) -> tuple[str, list[Any]]:
    """SQL for the lowest id search ranks from, and its parameters (see RANK_CAP)."""
    if not filters:
        return _NEWEST.format(join="", filters="", bound="", default="0"), [match, RANK_CAP - 1]
    walk = _NEWEST.format(join="", filters="", bound="", default="0")
    walked = [match, FILTER_WALK - 1]
    join = " JOIN articles AS a ON a.id = f.rowid"
    sql = _NEWEST.format(join=join, filters=filters, bound=f" AND f.rowid >= {walk}", default=walk)
    return sql, [match, *params, *walked, RANK_CAP - 1, *walked]


class SQLiteStore(
    BrowseMixin,
    TeamMixin,
    SavedMixin,
    EntityFindMixin,
    GradesMixin,
    AlertsMixin,
    StoriesMixin,
    SourcesMixin,
    EventsMixin,
    StatementsMixin,
    CalendarMixin,
    ThreatsMixin,
    ExportMixin,
):
    """Articles, outlets, entities and mentions in one SQLite file, searchable by lemma."""

    def __init__(self, path: str) -> None:
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # Autocommit at the driver level; transactions are explicit (BEGIN ... COMMIT).
            self.conn = engine.connect(path, busy_timeout_s=BUSY_TIMEOUT_S)
        except StoreError as e:
            raise StoreError(f"cannot open database {path}: {e}") from e
        self.db = self.conn.connection.dbapi_connection  # the unported verbs' sqlite3 connection
        try:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            upgrade.upgrade(self.conn, lambda: migrations.apply_pending(self.db))
        except (sqlite3.DatabaseError, DBAPIError) as e:
            self.conn.close()
            raise StoreError(f"cannot use database {path}: {getattr(e, 'orig', e)}") from e
        except BaseException:
            self.conn.close()
            raise

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        self.conn.close()

    def has(self, content_hash: str) -> int | None:
        """The id of the article with this content hash, or None."""
        found = self.conn.execute(select(art.c.id).where(art.c.content_hash == content_hash))
        row = found.first()
        return None if row is None else int(row.id)

    def add(self, article: Article) -> int:
        """Store an article with outlet, credits, entities, mentions and index row; its id."""
        # Idempotent: a stored article (same content hash) is left alone and its id returned,
        # also when another process stored it a moment ago. Atomic: a savepoint undoes a
        # half-written article. Outside a caller's transaction each article is its own short
        # write transaction (the analysis happened before it), so any number of processes
        # can write one base; inside one, it joins it. Nothing is kept in Python.
        digest = article.content_hash
        if self.in_transaction():  # checks for a stored copy itself
            return self._add_in_transaction(article, digest)
        existing = self.has(digest)  # before taking the write lock, which a copy does not need
        if existing is not None:
            return existing
        for attempt in range(WRITE_RETRIES + 1):
            try:
                self.begin_write()
                break
            except (sqlite3.OperationalError, OperationalError) as e:  # locked past the timeout
                if attempt == WRITE_RETRIES or "locked" not in str(e):
                    raise
        try:
            article_id = self._add_in_transaction(article, digest)
        except BaseException:
            self.rollback()  # if SQLite has not rolled it back itself (disk full)
            raise
        self.commit()
        return article_id

    def begin_write(self) -> None:
        """Open a write transaction now, waiting for another writer's to end (engine.begin)."""
        engine.begin(self.conn)

    def in_transaction(self) -> bool:
        """Whether a transaction is open (begin_write, or a verb's own)."""
        return engine.in_transaction(self.conn)

    def _add_in_transaction(self, article: Article, digest: str) -> int:
        existing = self.has(digest)  # again, now that the write lock is held
        if existing is not None:
            return existing
        self.conn.exec_driver_sql("SAVEPOINT add_article")
        try:
            article_id = self._insert(article, digest)
        except BaseException:
            # SQLite itself rolls the whole transaction back on some errors (disk full, I/O):
            # then there is no savepoint left to undo, and the original error is the news.
            if self.in_transaction():
                self.conn.exec_driver_sql("ROLLBACK TO add_article")
                self.conn.exec_driver_sql("RELEASE add_article")
            raise
        self.conn.exec_driver_sql("RELEASE add_article")
        return article_id

    def _insert(self, article: Article, digest: str) -> int:
        analysis = {
            "quotes": [q.to_json() for q in article.quotes],
            "threats": [t.to_json() for t in article.threats],
            "events": [e.to_json() for e in article.events],
        }
        new = insert(art).values(
            content_hash=digest,
            source=article.source,
            ext_id=article.ext_id,
            url=article.url,
            title=article.title,
            published=article.published,
            outlet_id=self._outlet_id(article.outlet),
            dateline=article.dateline,
            language=article.language,
            text=article.text,
            analysis=json.dumps(analysis, ensure_ascii=False),
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        article_id = int(self.conn.execute(new.returning(art.c.id)).scalar_one())
        if article.credited_sources:
            self.conn.execute(
                upsert(self.conn, credits).on_conflict_do_nothing(),
                [{"article_id": article_id, "name": n} for n in article.credited_sources],
            )
        if article.entities:
            self.conn.execute(
                insert(men),
                [
                    {"article_id": article_id, "entity_id": self._entity_id(m), "start": m.start,
                     "end": m.end, "text": m.text, "resolved_by": m.resolved_by}
                    for m in article.entities
                ],
            )  # fmt: skip
        self.conn.execute(
            insert(fts).values(
                rowid=article_id,
                title=morph.lemmatize(article.title or ""),
                body=article.lemmas or morph.lemmatize(article.text),
            )
        )
        self._add_events_quotes(article_id, article)  # indexed rows for `obzor events/quotes`
        self._add_calendar(article_id, article)  # its announced and held events: `obzor calendar`
        self._group(article_id, article)  # its story: duplicate, reprint or same event
        self._add_threats(article_id, article)  # indexed rows for `obzor search --threat`
        return article_id

    def _outlet_id(self, name: str | None) -> int | None:
        if not name or not name.strip():
            return None
        name = name.strip()
        self.conn.execute(upsert(self.conn, outlets).values(name=name).on_conflict_do_nothing())
        return int(
            self.conn.execute(select(outlets.c.id).where(outlets.c.name == name)).scalar_one()
        )

    def _entity_id(self, m: Mention) -> int:
        return entity_rows.entity_id(self.conn, m)  # KB id, else grouped with its name variants

    def mention_entities(self, article_id: int) -> list[int]:
        """The entity row id of each of an article's mentions, in their order."""
        found = self.conn.execute(
            select(men.c.entity_id)
            .where(men.c.article_id == article_id)
            .order_by(order(self.conn, men))
        )
        return [int(r.entity_id) for r in found]

    def entity(self, query: str) -> dict[str, Any] | None:
        """One entity by KB id or any name: names, KB facts, counts, first/last seen, peers."""
        return entity_rows.profile(self.conn, query)

    def commit(self) -> None:
        """Make every article added since the last commit durable."""
        engine.commit(self.conn)

    def rollback(self) -> None:
        """Undo every change since the last commit."""
        engine.rollback(self.conn)

    def close(self) -> None:
        """Commit pending work and close the connection."""
        self.commit()
        self.conn.close()

    def get(self, article_id: int) -> dict[str, Any] | None:
        """The article as Article.to_json() plus "id" and "ingested_at", or None."""
        row = self.conn.execute(
            select(art.c.source, art.c.title, art.c.published, outlets.c.name, art.c.dateline,
                   art.c.language, art.c.url, art.c.text, art.c.analysis, art.c.ingested_at)
            .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
            .where(art.c.id == article_id)
        ).first()  # fmt: skip
        if row is None:
            return None
        source, title, published, outlet, dateline, language, url, text, analysis, at = row
        names = self.conn.execute(
            select(credits.c.name)
            .where(credits.c.article_id == article_id)
            .order_by(order(self.conn, credits))
        )
        mentions = self.conn.execute(
            select(men.c.text, ent.c.type, men.c.start, men.c.end, ent.c.name, ent.c.kb_id,
                   men.c.resolved_by)
            .join(ent, ent.c.id == men.c.entity_id)
            .where(men.c.article_id == article_id)
            .order_by(order(self.conn, men))
        )  # fmt: skip
        extra = json.loads(analysis)
        return {
            "id": article_id,
            "source": source,
            "title": title,
            "published": published,
            "outlet": outlet,
            "credited_sources": [r.name for r in names],
            "dateline": dateline,
            "language": language,
            "url": url,
            "text": text,
            "entities": [Mention(*r).to_json() for r in mentions],
            "quotes": extra.get("quotes", []),
            "threats": extra.get("threats", []),
            "events": extra.get("events", []),
            "ingested_at": at,
        }

    def search(
        self,
        query: str,
        limit: int = 10,
        *,
        marks: tuple[str, str] = ("[", "]"),
        escape: Callable[[str], str] = str,
        threat: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        exact: bool = False,
        snippets: int | None = None,
        sort: str = "relevance",
    ) -> list[Hit]:
        """Articles matching query (any inflection; see query.py for syntax), best first or,
        with sort="date", newest first (undated last; every hit's score is then 0).

        Optional filters: a threat category id, an entity (KB id or name), a first date.
        A word naming a KB entry matches its other names too, unless exact. snippets=N: only
        the first N hits get a snippet (a snippet costs ~3 ms; a page shows 20 of 500 hits).
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        check_sort(sort)
        parsed = parse(query, exact)
        filters, params = self._search_filters(threat, entity, since)
        if sort == "date":
            sql = _BY_DATE.format(filters=filters, order=NEWEST_FIRST)
            try:
                rows = self.db.execute(sql, (parsed.match, *params, limit)).fetchall()
            except sqlite3.OperationalError as e:
                if "interrupted" in str(e):  # the caller's deadline, not the query
                    raise
                raise QueryError(f"search query {query!r} could not be run: {e}") from e
            return self._hits(rows, parsed, marks, escape, snippets)
        join = " JOIN articles AS a ON a.id = f.rowid" if filters else ""
        floor, floor_params = _floor(parsed.match, filters, params)
        typed_sql, typed = " 0", list[Any]()
        if (words := typed_match(query, exact, parsed)) is not None:
            # Whether the match holds the words as typed; only for the ranked rows.
            typed_sql = (
                " (f.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                f" AND rowid >= {floor}))"
            )
            typed = [words, *floor_params]
        try:
            broad = self.db.execute(
                "SELECT " + _NEWEST.format(join="", filters="", bound="", default="NULL"),
                (parsed.match, RANK_CAP - 1),
            ).fetchone()[0]
            if broad is not None:  # more than RANK_CAP matches: no bm25
                rank = _HEADLINE.format(floor=floor, title=TITLE_WEIGHT, body=BODY_WEIGHT)
                ranked, order = [f"title : ({parsed.match})", *floor_params], "DESC"
            else:
                rank, ranked, order = "bm25(articles_fts, ?, ?)", [TITLE_WEIGHT, BODY_WEIGHT], ""
            sql = _SEARCH.format(
                rank=rank, typed=typed_sql, join=join, filters=filters, floor=floor, newest=order
            )
            args = (*ranked, *typed, parsed.match, *params, *floor_params, limit)
            rows = self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as e:
            if "interrupted" in str(e):  # the caller's deadline (api/shedding.py), not the query
                raise
            raise QueryError(f"search query {query!r} could not be run: {e}") from e
        # bm25() is lower-is-better (the headline rank too); the query negates it, so a Hit's
        # score is higher-is-better.
        return self._hits(rows, parsed, marks, escape, snippets)

    def _hits(
        self,
        rows: list[Any],
        parsed: Query,
        marks: tuple[str, str],
        escape: Callable[[str], str],
        snippets: int | None,
    ) -> list[Hit]:
        """Hits from (id, title, published, outlet, score) rows; the text is read, and a
        snippet made, for the first `snippets` only (a page shows 20 of 500)."""
        shown = [r[0] for r in rows[: len(rows) if snippets is None else snippets]]
        texts: dict[int, str] = {}
        if shown:
            ids = ", ".join("?" * len(shown))
            found = self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({ids})", shown)
            texts = {int(i): str(t) for i, t in found}
        return [
            Hit(
                i,
                title,
                published,
                outlet,
                float(score),
                snippet(texts[i], parsed.phrases, marks=marks, escape=escape) if i in texts else "",
            )
            for i, title, published, outlet, score in rows
        ]

    def entities(self, type: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Entities by the number of articles, then mentions, naming them (optionally one type)."""
        mentions = func.count().label("mentions")
        articles = func.count(men.c.article_id.distinct()).label("articles")
        query = select(ent.c.name, ent.c.type, ent.c.kb_id, mentions, articles).join(
            men, men.c.entity_id == ent.c.id
        )
        if type is not None:
            query = query.where(ent.c.type == type)
        query = query.group_by(ent.c.id, ent.c.name, ent.c.type, ent.c.kb_id).order_by(
            articles.desc(), mentions.desc(), ent.c.name
        )
        return [dict(r._mapping) for r in self.conn.execute(query.limit(limit))]

    def stats(self) -> dict[str, Any]:
        """Counts: articles, articles per language and per outlet, entities, mentions."""

        def count(t: Table) -> int:
            return int(self.conn.execute(select(func.count()).select_from(t)).scalar_one())

        def per(key: ColumnElement[Any], joined: FromClause) -> dict[str, int]:
            n = func.count().label("n")
            rows = self.conn.execute(
                select(key, n).select_from(joined).group_by(key).order_by(n.desc(), key)
            )
            return {str(k) if k is not None else "unknown": int(c) for k, c in rows}

        return {
            "articles": count(art),
            "languages": per(art.c.language, art),
            "outlets": per(outlets.c.name, art.outerjoin(outlets, outlets.c.id == art.c.outlet_id)),
            "entities": count(ent),
            "mentions": count(men),
            "schema_version": upgrade.version(self.conn),
        }
