"""The search verb: articles matching a query over the lemma index, best first, with filters.

One query for both databases: the match and the rank are the dialect's (store/fts.py: FTS5
MATCH and bm25 in SQLite, a tsquery and ts_rank over a GIN index in PostgreSQL); the filters
are the same Core clauses every count and listing uses (threats.has_threat, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import CTE, ColumnElement, Connection, Float, Row, Select, literal, select
from sqlalchemy.exc import DBAPIError

from obzor.store import fts
from obzor.store.base import Hit, QueryError
from obzor.store.query import Query, check_sort, parse, typed_match
from obzor.store.schema import articles as art
from obzor.store.schema import outlets
from obzor.store.snippets import snippet
from obzor.store.threats import filter_clauses

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


def _hits_of(top: CTE) -> Select[Any]:
    """The rows of the ranked matches, best first: id, title, published, outlet, score."""
    return (
        select(art.c.id, art.c.title, art.c.published, outlets.c.name, top.c.rank)
        .select_from(top.join(art, art.c.id == top.c.id)
                     .outerjoin(outlets, outlets.c.id == art.c.outlet_id))
        .order_by(top.c.typed.desc(), top.c.rank.desc(), top.c.tie)
    )  # fmt: skip


@lru_cache(maxsize=8)
def _broad(cap: int) -> Select[Any]:
    """SQLite: whether "q" has more than cap matches (the cap-th newest, or NULL)."""
    return fts.broad(cap)


@lru_cache(maxsize=8)
def _filtered_floor(filters: tuple[str, ...], cap: int) -> Select[Any]:
    """SQLite: where a search with these filters starts ranking (fts.filtered_floor)."""
    return fts.filtered_floor(filter_clauses(filters), cap)


@lru_cache(maxsize=256)
def _sqlite_statement(
    sort: str,
    typed: bool,
    broad: bool,
    filters: tuple[str, ...],
    limit: int,
) -> Select[Any]:
    """SQLite's search statement of one shape, over bound parameters ("q", "typed",
    "headline" and the filters'): built once, so SQLAlchemy reuses its cache key and compiled
    form (building it cost more than a small query takes to answer)."""
    where = filter_clauses(filters)
    if sort == "date":
        f = fts.fts.alias("f")
        return (
            select(art.c.id, art.c.title, art.c.published, outlets.c.name, literal(0.0, Float))
            .select_from(f.join(art, art.c.id == f.c.rowid)
                         .outerjoin(outlets, outlets.c.id == art.c.outlet_id))
            .where(fts.sqlite_match(fts.Q), *where)
            .order_by(*NEWEST_FIRST)
            .limit(limit)
        )  # fmt: skip
    return _hits_of(fts.ranked_sqlite(typed, broad, where, limit))


class SearchMixin:
    """search(); the host class provides `conn` and the threat/entity/since filters."""

    conn: Connection

    if TYPE_CHECKING:  # ThreatsMixin's

        def _filter_values(
            self, threat: str | None, entity: str | None, since: str | None
        ) -> dict[str, Any]: ...

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
        values = self._filter_values(threat, entity, since)
        words = typed_match(query, exact, parsed) if sort != "date" else None
        try:
            if self.conn.dialect.name == "sqlite":
                params = {"q": parsed.match, "typed": words, **values}
                nth = None
                if sort != "date":
                    nth = self.conn.execute(_broad(RANK_CAP), {"q": parsed.match}).scalar()
                    params["floor"] = nth or 0
                if sort != "date" and values:  # the walk and its filter, run once
                    walked = self.conn.execute(_broad(FILTER_WALK), {"q": parsed.match})
                    params["walked"] = walked.scalar() or 0
                    floor = self.conn.execute(_filtered_floor(tuple(values), RANK_CAP), params)
                    params["floor"] = floor.scalar_one()
                broad = nth is not None
                if broad:
                    params["headline"] = f"title : ({parsed.match})"
                shape = (sort, words is not None, broad, tuple(values))
                statement = _sqlite_statement(*shape, limit)
                rows = self.conn.execute(statement, params).all()
            else:
                where = [c.params(values) for c in filter_clauses(tuple(values))]
                gin = sort != "date" and fts.gin_first(self.conn, parsed.match, RANK_CAP, where)
                statement = self._statement(parsed, words, where, sort, limit, gin)
                with fts.bitmap_scans(self.conn, gin):
                    rows = self.conn.execute(statement).all()
            return self._hits(rows, parsed, marks, escape, snippets)
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
        parsed: Query,
        words: str | None,
        where: list[ColumnElement[bool]],
        sort: str,
        limit: int,
        gin: bool = False,
    ) -> Select[Any]:
        """PostgreSQL's hits' rows: id, title, published, outlet, score (its tsquery is built
        from the query's words, so the statement is built for each query); gin: the
        candidates from the GIN index first (fts.gin_first)."""
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
        top = fts.ranked(self.conn, parsed.match, words, where, RANK_CAP, limit, gin)
        return _hits_of(top)

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
        texts: dict[int, tuple[str, bool]] = {}  # text, and whether it is Kazakh
        if shown:
            found = self.conn.execute(
                select(art.c.id, art.c.text, art.c.language).where(art.c.id.in_(shown))
            )
            texts = {int(i): (str(t), lang == "kk") for i, t, lang in found}
        held = fts.bodies(self.conn, shown) if shown else {}  # the words' keys: no lemmatizing
        return [
            Hit(
                i,
                title,
                published,
                outlet,
                float(score),
                snippet(
                    texts[i][0],
                    parsed.phrases,
                    marks=marks,
                    escape=escape,
                    kazakh=texts[i][1],
                    keys=held[i].split() if i in held else None,
                )
                if i in texts
                else "",
            )
            for i, title, published, outlet, score in rows
        ]
