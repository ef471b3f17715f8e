"""The store's verbs over one connection: SQLite and PostgreSQL run the same Core expressions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import count
from types import TracebackType
from typing import Any, Self

from sqlalchemy import (
    Connection,
    bindparam,
    func,
    insert,
    select,
)
from sqlalchemy.exc import OperationalError

from obzor.model import Article, Mention
from obzor.store import engine, fts, tallies, upgrade
from obzor.store import entities as entity_rows
from obzor.store.alerts import AlertsMixin
from obzor.store.browse import BrowseMixin
from obzor.store.calendar import CalendarMixin
from obzor.store.dialect import order
from obzor.store.entity_find import EntityFindMixin
from obzor.store.events import EventsMixin
from obzor.store.exports import ExportMixin
from obzor.store.findings import findings
from obzor.store.grades import GradesMixin
from obzor.store.reindex import ReindexMixin
from obzor.store.saved import SavedMixin
from obzor.store.schema import articles as art
from obzor.store.schema import credits, outlets
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.search import SearchMixin
from obzor.store.sources import SourcesMixin
from obzor.store.statements import StatementsMixin
from obzor.store.stories import StoriesMixin
from obzor.store.team import TeamMixin
from obzor.store.threats import MIN_SCORE, ThreatsMixin

# A lock error that outlives the busy timeout is retried this many times before it is raised.
WRITE_RETRIES = 3
_SAVEPOINTS = count()  # savepoint names, unique in the process (savepoints nest)
# Run for every article, built once (SQLAlchemy reuses their compiled form and cache key).
_BY_HASH = select(art.c.id).where(art.c.content_hash == bindparam("digest"))
_OUTLET = select(outlets.c.id).where(outlets.c.name == bindparam("name"))
_NEW_OUTLET = insert(outlets).returning(outlets.c.id)


class Store(
    SearchMixin,
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
    ReindexMixin,
):
    """The verbs every store has (SQLiteStore, PostgresStore): written once, as Core
    expressions SQLAlchemy compiles for the base's database."""

    path: str
    conn: Connection

    def __enter__(self) -> Self:
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
        found = self.conn.execute(_BY_HASH, {"digest": content_hash}).scalar()
        return None if found is None else int(found)

    def add(self, article: Article) -> int:
        """Store an article with outlet, credits, entities, mentions, threat, event and quote
        rows and its index row; its id. The store stores: grouping the article into its story
        is the caller's step (flow.save, copy_store), in the same write()."""
        # Idempotent: a stored article (same content hash) is left alone and its id returned,
        # also when another process stored it a moment ago. Atomic: a savepoint undoes a
        # half-written article. Outside a caller's transaction each article is its own short
        # write transaction (the analysis happened before it), so any number of processes
        # can write one base; inside one, it joins it. Nothing is kept in Python.
        digest = article.content_hash
        if not self.in_transaction():
            existing = self.has(digest)  # before the write lock, which a copy does not need
            if existing is not None:
                return existing
        with self.write(), self.savepoint():
            existing = self.has(digest)  # again, now that the write lock is held
            return existing if existing is not None else self._insert(article, digest)

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, committed at the end (rolled back on error); joins one that
        is open. Waits for another writer's to end, and retries a lock that outlives that."""
        if self.in_transaction():
            yield
            return
        for attempt in range(WRITE_RETRIES + 1):
            try:
                self.begin_write()
                break
            except (sqlite3.OperationalError, OperationalError) as e:  # locked past the timeout
                if attempt == WRITE_RETRIES or "locked" not in str(e):
                    raise
        try:
            yield
        except BaseException:
            self.rollback()  # if SQLite has not rolled it back itself (disk full)
            raise
        self.commit()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo everything written inside on error, and nothing before (inside write())."""
        name = f"sp{next(_SAVEPOINTS)}"
        self.conn.exec_driver_sql(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # SQLite itself rolls the whole transaction back on some errors (disk full, I/O):
            # then there is no savepoint left to undo, and the original error is the news.
            if self.in_transaction():
                self.conn.exec_driver_sql(f"ROLLBACK TO {name}")
                self.conn.exec_driver_sql(f"RELEASE {name}")
            raise
        self.conn.exec_driver_sql(f"RELEASE {name}")

    def begin_write(self) -> None:
        """Open a write transaction now, waiting for another writer's to end (engine.begin)."""
        engine.begin(self.conn)

    def in_transaction(self) -> bool:
        """Whether a transaction is open (begin_write, or a verb's own)."""
        return engine.in_transaction(self.conn)

    def _insert(self, article: Article, digest: str) -> int:
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
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        article_id = int(self.conn.execute(new.returning(art.c.id)).scalar_one())
        if article.credited_sources:  # each name once (UNIQUE (article_id, name))
            names = dict.fromkeys(article.credited_sources)
            self.conn.execute(
                insert(credits), [{"article_id": article_id, "name": n} for n in names]
            )
        entity_ids = entity_rows.entity_ids(self.conn, article.entities)
        if article.entities:
            self.conn.execute(
                insert(men),
                [
                    {"article_id": article_id, "entity_id": e, "start": m.start, "end": m.end,
                     "text": m.text, "resolved_by": m.resolved_by}
                    for m, e in zip(article.entities, entity_ids, strict=True)
                ],
            )  # fmt: skip
        fts.index(self.conn, article_id, *article.index_lemmas())  # the record's lemmas
        self._add_events_quotes(article_id, article)  # indexed rows for `obzor events/quotes`
        self._add_calendar(article_id, article)  # its announced and held events: `obzor calendar`
        self._add_threats(article_id, article)  # indexed rows for `obzor search --threat`
        scores = {t.category: t.score for t in article.threats}  # as the rows keep them
        present = [c for c, score in scores.items() if score >= MIN_SCORE]
        outlet = article.outlet.strip() if article.outlet else None
        tallies.count(self.conn, article.published, article.language, outlet, present, entity_ids)
        return article_id

    def _outlet_id(self, name: str | None) -> int | None:
        if not name or not name.strip():
            return None
        name = name.strip()
        found = self.conn.execute(_OUTLET, {"name": name}).scalar()
        if found is not None:  # inside the write lock (add): nobody adds it in between
            return int(found)
        return int(self.conn.execute(_NEW_OUTLET, {"name": name}).scalar_one())

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
                   art.c.language, art.c.url, art.c.text, art.c.ingested_at)
            .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
            .where(art.c.id == article_id)
        ).first()  # fmt: skip
        if row is None:
            return None
        source, title, published, outlet, dateline, language, url, text, at = row
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
        extra = findings(self.conn, [article_id])[article_id]  # from their rows
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
            "quotes": extra["quotes"],
            "threats": extra["threats"],
            "events": extra["events"],
            "ingested_at": at,
        }

    def entities(self, type: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Entities by the number of articles, then mentions, naming them (optionally one type);
        the counts are kept at write time (store/tallies.py)."""
        query = select(ent.c.name, ent.c.type, ent.c.kb_id, ent.c.mentions, ent.c.articles).where(
            ent.c.articles > 0
        )
        if type is not None:
            query = query.where(ent.c.type == type)
        query = query.order_by(ent.c.articles.desc(), ent.c.mentions.desc(), ent.c.name)
        return [dict(r._mapping) for r in self.conn.execute(query.limit(limit))]

    def stats(self) -> dict[str, Any]:
        """Counts: articles, articles per language and per outlet, entities, mentions (kept
        at write time, store/tallies.py, but for the entity rows)."""
        unknown = {tallies.NONE: "unknown"}
        entities = self.conn.execute(select(func.count()).select_from(ent)).scalar_one()
        return {
            "articles": sum(tallies.read(self.conn, "articles").values()),
            "languages": {
                unknown.get(k, k): n for k, n in tallies.read(self.conn, "language").items()
            },
            "outlets": {unknown.get(k, k): n for k, n in tallies.read(self.conn, "outlet").items()},
            "entities": int(entities),
            "mentions": sum(tallies.read(self.conn, "mentions").values()),
            "schema_version": upgrade.version(self.conn),
        }
