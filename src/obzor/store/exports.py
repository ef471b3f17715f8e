"""Rows for exports: the articles a search (and its filters) finds, one at a time, with their
entities, threats and story, read in id order so memory stays flat however many there are."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, func, select

from obzor.store import fts
from obzor.store.browse import article_filters
from obzor.store.findings import quote_text
from obzor.store.query import parse
from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import events as ev
from obzor.store.schema import mentions as men
from obzor.store.schema import outlets
from obzor.store.schema import quotes as qt
from obzor.store.schema import story_articles as sa
from obzor.store.schema import threats as th
from obzor.store.threats import MIN_SCORE

# Filters an export takes beyond query, threat, entity and since: the search page's others,
# and a story (a story page's export button).
NARROW = ("language", "outlet", "country", "date_to", "story")
# Rows read per query: a page bounds memory and keeps no cursor open while callers write.
PAGE = 500


class ExportMixin:
    """export_articles and friends: the same filters as search, streamed in id order."""

    conn: Connection

    if TYPE_CHECKING:  # ThreatsMixin's

        def _filters(
            self, threat: str | None, entity: str | None, since: str | None
        ) -> list[ColumnElement[bool]]: ...

    def _condition(
        self,
        query: str | None,
        threat: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        exact: bool = False,
    ) -> list[ColumnElement[bool]]:
        """The search's filters, and the query's match when there is one (exports, alerts)."""
        found = self._filters(threat, entity, since)
        if query is not None:
            found.insert(0, fts.matching(self.conn, parse(query, exact).match))
        return found

    def export_articles(
        self,
        query: str | None = None,
        *,
        threat: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        exact: bool = False,
        narrow: dict[str, str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Each matching article (all when query is None) as a dict, in id order: id, title,
        published, outlet, url, language, source, story_id, ingested_at, entities [{key, type,
        name, kb_id, mentions}], threats [{category, score}]. narrow: the search page's other
        filters (language, outlet, country, date_to) and a story id. Bad queries raise
        QueryError before the first row."""
        where = self._condition(query, threat, entity, since, exact)
        if narrow:
            where += article_filters({k: v for k, v in narrow.items() if k in NARROW})
        page = (
            select(art.c.id, art.c.title, art.c.published, outlets.c.name.label("outlet"),
                   art.c.url, art.c.language, art.c.source, sa.c.story_id, art.c.ingested_at)
            .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
            .outerjoin(sa, sa.c.article_id == art.c.id)
            .order_by(art.c.id)
            .limit(PAGE)
        )  # fmt: skip
        last = 0
        while True:
            rows = self.conn.execute(page.where(art.c.id > last, *where)).all()
            for row in rows:
                article = dict(row._mapping)
                at = article["ingested_at"]
                article["ingested_at"] = str(at) if at is not None else None
                article["entities"] = [
                    {"key": k, "type": t, "name": n, "kb_id": kb, "mentions": c}
                    for k, t, n, kb, c in self.conn.execute(
                        select(ent.c.key, ent.c.type, ent.c.name, ent.c.kb_id, func.count())
                        .select_from(men.join(ent, ent.c.id == men.c.entity_id))
                        .where(men.c.article_id == row.id)
                        .group_by(ent.c.id, ent.c.key, ent.c.type, ent.c.name, ent.c.kb_id)
                        .order_by(func.min(men.c.start))
                    )
                ]
                article["threats"] = [
                    {"category": c, "score": round(float(score), 3)}
                    for c, score in self.conn.execute(
                        select(th.c.category, th.c.score)
                        .where(th.c.article_id == row.id, th.c.score >= MIN_SCORE)
                        .order_by(th.c.score.desc(), th.c.category)
                    )
                ]
                yield article
            if len(rows) < PAGE:
                return
            last = rows[-1].id

    def export_quotes(self, article_id: int) -> list[dict[str, Any]]:
        """The quotes of one article, in text order."""
        rows = self.conn.execute(
            select(qt.c.id, qt.c.article_id, qt.c.speaker, qt.c.speaker_id, qt.c.direct,
                   quote_text(), art.c.published)
            .join(art, art.c.id == qt.c.article_id)
            .where(qt.c.article_id == article_id)
            .order_by(qt.c.start)
        )  # fmt: skip
        return [dict(r._mapping) | {"direct": bool(r.direct)} for r in rows]

    def export_events(self, article_id: int) -> list[dict[str, Any]]:
        """The events of one article, participants as a list of {name, id}."""
        rows = self.conn.execute(
            select(ev.c.id, ev.c.article_id, ev.c.type, ev.c.name, ev.c.date, ev.c.place,
                   ev.c.participants)
            .where(ev.c.article_id == article_id)
            .order_by(ev.c.id)
        )  # fmt: skip
        return [dict(r._mapping) | {"participants": json.loads(r.participants)} for r in rows]
