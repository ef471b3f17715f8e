"""The PostgreSQL store: SQLiteStore's verbs, chosen by a postgresql:// URL.

PostgresStore is a SQLiteStore whose connection is pg_compat.Compat: every verb runs the same
SQL (rewritten where the dialects differ), so a verb added to the SQLite store works here too
(tests/test_store_contract.py checks that they answer alike). Only what PostgreSQL does
differently is here: connecting, full-text search (GIN over lemmas) and fuzzy
entity names (pg_trgm).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DBAPIError

from obzor.store import engine, migrations, upgrade
from obzor.store.base import Hit, QueryError, StoreError
from obzor.store.pg_compat import Compat
from obzor.store.pg_query import tsquery
from obzor.store.query import NEWEST_FIRST, check_sort, parse, typed_match
from obzor.store.sqlite import RANK_CAP, SQLiteStore

# ts_rank weights are {D, C, B, A}: titles (A) count 5x the body (D), as TITLE_WEIGHT in SQLite.
RANK_WEIGHTS = "{0.2, 0.2, 0.2, 1.0}"
# pg_trgm similarity below this finds unrelated names; 0.3 is pg_trgm's own default.
FUZZY_THRESHOLD = 0.3


class PostgresStore(SQLiteStore):
    """The store in PostgreSQL: same verbs, same answers; search by lemma over a GIN index."""

    def __init__(self, url: str) -> None:
        # SQLiteStore.__init__ is not called: it opens a file; this opens a server connection.
        self.path = url
        self.conn = engine.connect(url)
        self.db = Compat(self.conn.connection.dbapi_connection)  # the unported verbs' SQL
        try:
            upgrade.upgrade(self.conn, lambda: migrations.apply_pending_postgres(self.db))
        except DBAPIError as e:
            self.conn.close()
            raise StoreError(f"cannot use PostgreSQL database: {str(e.orig).strip()}") from e
        except BaseException:
            self.conn.close()
            raise

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
        """Articles matching query (any inflection; see query.py), best first or newest first
        (sort="date", score 0); filters as SQLite."""
        import psycopg

        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        check_sort(sort)
        parsed = parse(query, exact)
        expr, params = tsquery(parsed.match)
        filters, more = self._search_filters(threat, entity, since)
        if sort == "date":
            try:
                rows = self.db.execute(
                    f"WITH q AS (SELECT {expr} AS q) SELECT a.id, a.title, a.published, o.name, 0.0"
                    " FROM articles_fts AS f CROSS JOIN q JOIN articles AS a ON a.id = f.rowid"
                    " LEFT JOIN outlets AS o ON o.id = a.outlet_id"
                    f" WHERE f.fts @@ q.q{filters} ORDER BY {NEWEST_FIRST} LIMIT ?",
                    (*params, *more, limit),
                ).fetchall()
            except psycopg.Error as e:
                raise QueryError(f"search query {query!r} could not be run: {e}") from e
            return self._hits(rows, parsed, marks, escape, snippets)
        typed_sql, typed = "false", list[str]()
        if (words := typed_match(query, exact, parsed)) is not None:
            typed_expr, typed = tsquery(words)
            typed_sql = f"f.fts @@ {typed_expr}"
        # As in SQLite: only the newest RANK_CAP matches are ranked (ts_rank reads each
        # match's tsvector; finding the matches by the GIN index alone does not).
        try:
            rows = self.db.execute(
                f"WITH q AS (SELECT {expr} AS q),"
                " cand AS (SELECT f.rowid AS id FROM articles_fts AS f CROSS JOIN q"
                " JOIN articles AS a ON a.id = f.rowid"
                f" WHERE f.fts @@ q.q{filters} ORDER BY a.id DESC LIMIT ?),"
                f" top AS (SELECT f.rowid AS id, ts_rank('{RANK_WEIGHTS}', f.fts, q.q) AS rank,"
                f" {typed_sql} AS typed FROM cand JOIN articles_fts AS f ON f.rowid = cand.id"
                " CROSS JOIN q ORDER BY typed DESC, rank DESC, f.rowid LIMIT ?)"
                " SELECT a.id, a.title, a.published, o.name, top.rank"
                " FROM top JOIN articles AS a ON a.id = top.id"
                " LEFT JOIN outlets AS o ON o.id = a.outlet_id"
                " ORDER BY top.typed DESC, top.rank DESC, a.id",
                (*params, *more, RANK_CAP, *typed, limit),
            ).fetchall()
        except psycopg.Error as e:
            # A query the database cannot read (data or syntax error: class 22 or 42) is the
            # user's; a timeout, lock or lost connection is the server's (the API: 503).
            if (e.sqlstate or "")[:2] not in ("22", "42"):
                raise
            raise QueryError(f"search query {query!r} could not be run: {e}") from e
        return self._hits(rows, parsed, marks, escape, snippets)

    def similar_entities(self, name: str, limit: int = 10) -> list[dict[str, Any]]:
        """Entity names like name, most similar first: candidates by pg_trgm word similarity
        (GIN index) to name and to its Cyrillic transliteration, scored as SQLite scores them."""
        from obzor.nlp.translit import to_cyrillic
        from obzor.store.browse import similar

        rows = self.db.execute(
            "SELECT DISTINCT name, type FROM entities"
            " WHERE word_similarity(?, name) >= ? OR word_similarity(?, name) >= ?",
            (name, FUZZY_THRESHOLD, to_cyrillic(name), FUZZY_THRESHOLD),
        ).fetchall()
        return similar([(str(n), str(t)) for n, t in rows], name, limit)
