"""The search verb: articles matching a query over the lemma index, best first, with filters.

One query for both databases: the match and the rank are the dialect's (store/fts.py: FTS5
MATCH and bm25 in SQLite, a tsquery and ts_rank over a GIN index in PostgreSQL); the filters
are the same Core clauses every count and listing uses (threats.has_threat, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Float, Row, Select, literal, select
from sqlalchemy.exc import DBAPIError

from obzor.store import fts
from obzor.store.base import Hit, QueryError
from obzor.store.query import Query, check_sort, parse, typed_match
from obzor.store.schema import articles as art
from obzor.store.schema import outlets
from obzor.store.snippets import snippet

# Search ranks at most this many matches, the newest (by id, i.e. by arrival): bm25 costs a
# few microseconds a match and query phrase (a KB name adds phrases), so a word in every other
# article ("России": 500k of a million) would otherwise cost seconds. 1,000 keep a common
# word's search near 20 ms at any base size, and hold more than the API reads (500, for its
# facets); a rarer query ranks all of its matches.
RANK_CAP = 1000
# With a filter (threat, entity, date), SQLite looks for the newest RANK_CAP matches that pass
# it among the newest FILTER_WALK matches of the words only: a rare filter on a common word
# would otherwise test every match (seconds at a million articles).
FILTER_WALK = 5 * RANK_CAP
# sort="date": newest first, undated last (the same order on SQLite and PostgreSQL).
NEWEST_FIRST = (art.c.published.is_(None), art.c.published.desc(), art.c.id.desc())


class SearchMixin:
    """search(); the host class provides `conn` and the threat/entity/since filters."""

    conn: Connection

    if TYPE_CHECKING:  # ThreatsMixin's

        def _filters(
            self, threat: str | None, entity: str | None, since: str | None
        ) -> list[ColumnElement[bool]]: ...

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
        A word naming a KB entry matches its other names too, unless exact; then hits that
        hold the words as typed come first. Only the newest RANK_CAP matches are ranked.
        snippets=N: only the first N hits get a snippet (and their text read: a page shows
        20 of 500 hits). Score: higher is better.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        check_sort(sort)
        parsed = parse(query, exact)
        where = self._filters(threat, entity, since)
        try:
            rows = self.conn.execute(self._statement(query, exact, parsed, where, sort, limit))
            return self._hits(rows.all(), parsed, marks, escape, snippets)
        except DBAPIError as e:
            # The caller's deadline (api/shedding.py), or in PostgreSQL a timeout, lock or lost
            # connection, is the server's (the API: 503); a query the database cannot read
            # (FTS5's error, or PostgreSQL's class 22 or 42) is the user's.
            state = str(getattr(e.orig, "sqlstate", None) or "")
            if e.orig is not None and (
                "interrupted" in str(e) or state[:2] not in ("", "22", "42")
            ):
                raise e.orig from e
            raise QueryError(f"search query {query!r} could not be run: {e.orig}") from e

    def _statement(
        self,
        query: str,
        exact: bool,
        parsed: Query,
        where: list[ColumnElement[bool]],
        sort: str,
        limit: int,
    ) -> Select[Any]:
        """The hits' rows: id, title, published, outlet, score."""
        if sort == "date":
            f = fts.fts.alias("f")
            return (
                select(art.c.id, art.c.title, art.c.published, outlets.c.name,
                       literal(0.0, Float))
                .select_from(f.join(art, art.c.id == f.c.rowid)
                             .outerjoin(outlets, outlets.c.id == art.c.outlet_id))
                .where(fts.match(self.conn, parsed.match, f), *where)
                .order_by(*NEWEST_FIRST)
                .limit(limit)
            )  # fmt: skip
        words = typed_match(query, exact, parsed)
        top = fts.ranked(self.conn, parsed.match, words, where, RANK_CAP, FILTER_WALK, limit)
        return (
            select(art.c.id, art.c.title, art.c.published, outlets.c.name, top.c.rank)
            .select_from(top.join(art, art.c.id == top.c.id)
                         .outerjoin(outlets, outlets.c.id == art.c.outlet_id))
            .order_by(top.c.typed.desc(), top.c.rank.desc(), top.c.tie)
        )  # fmt: skip

    def _hits(
        self,
        rows: Sequence[Row[Any]],
        parsed: Query,
        marks: tuple[str, str],
        escape: Callable[[str], str],
        snippets: int | None,
    ) -> list[Hit]:
        """Hits from (id, title, published, outlet, score) rows; the text is read, and a
        snippet made, for the first `snippets` only (a page shows 20 of 500)."""
        shown = [r.id for r in rows[: len(rows) if snippets is None else snippets]]
        texts: dict[int, str] = {}
        if shown:
            found = self.conn.execute(select(art.c.id, art.c.text).where(art.c.id.in_(shown)))
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
