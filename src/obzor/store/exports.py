"""Rows for exports: the articles a search (and its filters) finds, one at a time, with their
entities, threats and story, read in id order so memory stays flat however many there are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from obzor.store.browse import article_filters
from obzor.store.query import parse
from obzor.store.threats import MIN_SCORE

# Filters an export takes beyond query, threat, entity and since: the search page's others,
# and a story (a story page's export button).
NARROW = ("language", "outlet", "country", "date_to", "story")
_ARTICLES = """
SELECT a.id, a.title, a.published, o.name, a.url, a.language, a.source, sa.story_id,
       a.ingested_at
FROM articles AS a
LEFT JOIN outlets AS o ON o.id = a.outlet_id
LEFT JOIN story_articles AS sa ON sa.article_id = a.id
WHERE a.id > ?{filters}
ORDER BY a.id
LIMIT ?
"""
_ENTITIES = """
SELECT e.key, e.type, e.name, e.kb_id, COUNT(*)
FROM mentions AS m JOIN entities AS e ON e.id = m.entity_id
WHERE m.article_id = ?
GROUP BY e.id, e.key, e.type, e.name, e.kb_id
ORDER BY MIN(m.start)
"""
_THREATS = (
    "SELECT category, score FROM threats WHERE article_id = ? AND score >= ?"
    " ORDER BY score DESC, category"
)
_QUOTES = (
    "SELECT q.id, q.article_id, q.speaker, q.speaker_id, q.direct, q.text, a.published"
    " FROM quotes AS q JOIN articles AS a ON a.id = q.article_id WHERE q.article_id = ?"
    " ORDER BY q.start"
)
_EVENTS = (
    "SELECT ev.id, ev.article_id, ev.type, ev.name, ev.date, ev.place, ev.participants"
    " FROM events AS ev WHERE ev.article_id = ? ORDER BY ev.id"
)
# Rows read per query: a page bounds memory and keeps no cursor open while callers write.
PAGE = 500


class ExportMixin:
    """export_articles and friends: the same filters as search, streamed in id order."""

    db: Any

    if TYPE_CHECKING:  # ThreatsMixin's

        def _search_filters(
            self, threat: str | None, entity: str | None, since: str | None
        ) -> tuple[str, list[Any]]: ...

    def _match_filter(self, query: str, exact: bool) -> tuple[str, list[Any]]:
        """A condition (starting with AND) keeping the articles that match a search query."""
        parsed = parse(query, exact)
        return " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [
            parsed.match
        ]

    def _condition(
        self,
        query: str | None,
        threat: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        exact: bool = False,
    ) -> tuple[str, list[Any]]:
        """The search's filters, and the query's match when there is one (exports, alerts)."""
        sql, params = self._search_filters(threat, entity, since)
        if query is not None:
            more, extra = self._match_filter(query, exact)
            sql, params = more + sql, extra + params
        return sql, params

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
        filters, params = self._condition(query, threat, entity, since, exact)
        if narrow:
            more, extra = article_filters({k: v for k, v in narrow.items() if k in NARROW})
            filters, params = f"{filters} AND {more}", [*params, *extra]
        sql = _ARTICLES.format(filters=filters)
        keys = ("id", "title", "published", "outlet", "url", "language", "source", "story_id")
        last = 0
        while True:
            rows = self.db.execute(sql, (last, *params, PAGE)).fetchall()
            for row in rows:
                article = dict(zip(keys, row[:8], strict=True))
                article["ingested_at"] = str(row[8]) if row[8] is not None else None
                article["entities"] = [
                    {"key": k, "type": t, "name": n, "kb_id": kb, "mentions": c}
                    for k, t, n, kb, c in self.db.execute(_ENTITIES, (row[0],)).fetchall()
                ]
                article["threats"] = [
                    {"category": c, "score": round(float(s), 3)}
                    for c, s in self.db.execute(_THREATS, (row[0], MIN_SCORE)).fetchall()
                ]
                yield article
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def export_quotes(self, article_id: int) -> list[dict[str, Any]]:
        """The quotes of one article, in text order."""
        keys = ("id", "article_id", "speaker", "speaker_id", "direct", "text", "published")
        rows = self.db.execute(_QUOTES, (article_id,)).fetchall()
        return [dict(zip(keys, r, strict=True)) | {"direct": bool(r[4])} for r in rows]

    def export_events(self, article_id: int) -> list[dict[str, Any]]:
        """The events of one article, participants as a list of {name, id}."""
        import json

        keys = ("id", "article_id", "type", "name", "date", "place")
        rows = self.db.execute(_EVENTS, (article_id,)).fetchall()
        return [
            dict(zip(keys, r[:6], strict=True)) | {"participants": json.loads(r[6])} for r in rows
        ]
