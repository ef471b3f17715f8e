"""The full-text index, by dialect: FTS5 MATCH in SQLite, a tsvector and tsquery in PostgreSQL.

Both index the same lemmas (articles_fts: rowid = articles.id, title, body; made by the
Alembic baseline) and read the same parsed query (store/query.py writes it in FTS5 syntax;
tsquery() below turns that into a PostgreSQL tsquery, every word a bound parameter).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    CTE,
    BindParameter,
    ColumnElement,
    Connection,
    Float,
    FromClause,
    Select,
    bindparam,
    case,
    column,
    false,
    func,
    insert,
    literal,
    literal_column,
    select,
    table,
    true,
    update,
)
from sqlalchemy.sql.expression import ColumnClause, TableClause

from obzor.store.base import QueryError
from obzor.store.packed import PackedText
from obzor.store.schema import articles as art

fts = table("articles_fts", column("rowid"), column("title"), column("body"), column("fts"))
# SQLite: the index is contentless (revision 0013: FTS5 keeps no copy of what it indexed,
# 5.7 KB an article), and the lemma text it indexed is kept here, zlib-packed (1.7 KB), to
# rebuild or copy the index (bench/grow.py). PostgreSQL keeps it in articles_fts itself.
lemma_text = table(
    "articles_fts_lemmas", column("article_id"), column("title"), column("body", PackedText())
)
# The index holds lemmas as they are: no stemming, no stop words (query.py lemmatized already).
CONFIG: ColumnElement[Any] = literal_column("'simple'::regconfig")
_TOKEN = re.compile(r'"(?:[^"]|"")*"|\*|\(|\)|AND|OR|NOT|\s+')


def index(conn: Connection, article_id: int, title: str, body: str) -> None:
    """Index an article's lemmas (title and body, space-separated lemma text)."""
    conn.execute(insert(fts).values(rowid=article_id, title=title, body=body))
    if conn.dialect.name == "sqlite":
        conn.execute(insert(lemma_text).values(article_id=article_id, title=title, body=body))


def match(conn: Connection, expression: str, on: FromClause = fts) -> ColumnElement[bool]:
    """The index row (of fts, or an alias of it) matches a query (FTS5 syntax, as
    query.parse writes it). In SQLite the table's hidden column of its own name is matched:
    it names the nearest articles_fts in scope, aliased or not."""
    if conn.dialect.name == "postgresql":
        return on.c.fts.op("@@")(tsquery(expression))
    return literal_column("articles_fts").op("MATCH")(expression)


def matching(conn: Connection, expression: str) -> ColumnElement[bool]:
    """articles.id is an article whose index row matches the query."""
    return art.c.id.in_(select(fts.c.rowid).where(match(conn, expression)))


def tsquery(expression: str, loose: bool = False) -> ColumnElement[Any]:
    """The PostgreSQL tsquery that an FTS5 expression (as query.parse writes it) means.
    loose: one that every match of it also matches, with each phrase's words in any order
    and what follows a NOT dropped (see phrase_bound())."""
    return _translate(expression, loose)[0]


def phrase_bound(expression: str) -> bool:
    """Whether every match of the expression must hold a phrase of several words. The GIN
    index cannot tell a phrase's word order, so it reads the tsvector of each row it finds
    for such a query ("recheck", 10-15 us a row out of line), where for the loose query
    (tsquery(loose=True)) it reads none."""
    return _translate(expression, True)[1]


def _translate(expression: str, loose: bool) -> tuple[ColumnElement[Any], bool]:
    found = _TOKEN.findall(expression)
    tokens = [t for t in found if not t.isspace()]
    if "".join(found) != expression:
        raise QueryError(f"internal: cannot translate search expression {expression!r}")
    pos, node, bound = _node(tokens, 0, loose)
    if pos != len(tokens):
        raise QueryError(f"internal: trailing tokens in search expression {expression!r}")
    return node, bound


# A phrase of one word: letters and digits only (PostgreSQL's parser reads it as one token).
_ONE_WORD = re.compile(r"[^\W_]+")


def _node(tokens: list[str], i: int, loose: bool) -> tuple[int, ColumnElement[Any], bool]:
    """The tsquery from tokens[i] on: where it ends, the tsquery, and whether each of its
    matches must hold a phrase of several words."""
    tok = tokens[i]
    if tok == "(":
        i, left, left_bound = _node(tokens, i + 1, loose)
        op = tokens[i]
        i, right, right_bound = _node(tokens, i + 1, loose)
        if tokens[i] != ")":
            raise QueryError("internal: unbalanced search expression")
        if op == "NOT":  # loose: the left side alone (a looser right side would hide matches)
            node = left if loose else func.tsquery_and(left, func.tsquery_not(right))
            return i + 1, node, left_bound
        if op == "AND":
            return i + 1, func.tsquery_and(left, right), left_bound or right_bound
        return i + 1, func.tsquery_or(left, right), left_bound and right_bound
    if not tok.startswith('"'):
        raise QueryError(f"internal: unexpected {tok!r} in search expression")
    text = tok[1:-1].replace('""', '"')
    if i + 1 < len(tokens) and tokens[i + 1] == "*":
        return i + 2, func.to_tsquery(CONFIG, func.quote_literal(text).concat(":*")), False
    words = func.plainto_tsquery if loose else func.phraseto_tsquery  # loose: all, any order
    return i + 1, words(CONFIG, text), not _ONE_WORD.fullmatch(text)


# A headline names what the story is about in a handful of words, so a term there says more
# than one among hundreds in the body; 5x puts headline matches first without letting a
# passing headline word beat an article that is about the term throughout.
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
# ts_rank's weights are {D, C, B, A}: titles (A) count 5x the body (D), as in SQLite.
RANK_WEIGHTS: ColumnElement[Any] = literal_column("'{0.2, 0.2, 0.2, 1.0}'::float4[]")


def rank(conn: Connection, expression: str, on: FromClause = fts) -> ColumnElement[float]:
    """How well the index row matches, higher is better (bm25 negated; ts_rank)."""
    if conn.dialect.name == "postgresql":
        return func.ts_rank(RANK_WEIGHTS, on.c.fts, tsquery(expression), type_=Float)
    return -func.bm25(literal_column("articles_fts"), TITLE_WEIGHT, BODY_WEIGHT, type_=Float)


# SQLite's search statement takes the query as bound parameters (the tsquery of PostgreSQL is
# built from the query's words): "q" the match, "typed" the words as typed, "headline" the
# match in titles. Built once per shape (search.py caches it): building it costs more than
# a small query takes to answer.
Q: BindParameter[str] = bindparam("q")
TYPED: BindParameter[str] = bindparam("typed")
HEADLINE: BindParameter[str] = bindparam("headline")
# The id of the RANK_CAP-th newest match (0 when fewer), found by the broad() query that runs
# first: an unfiltered search ranks the matches from there on without walking to it again. A
# filtered search binds filtered_floor()'s answer, found once: written into the statement,
# SQLite ran that walk and its filter once for each of the three places that read the floor.
FLOOR: BindParameter[int] = bindparam("floor")
# The id of the FILTER_WALK-th newest match (0 when fewer): how far a filter looks (broad()).
WALKED: BindParameter[int] = bindparam("walked")


def sqlite_match(expression: ColumnElement[Any]) -> ColumnElement[bool]:
    """The nearest articles_fts in scope (aliased or not) matches (its hidden column)."""
    return literal_column("articles_fts").op("MATCH")(expression)


def broad(cap: int) -> Select[Any]:
    """SQLite: the id of the cap-th newest match of "q", NULL when there are fewer (the
    unfiltered ranking's "floor", and whether the query is broad)."""
    return select(_nth_newest([], cap, "b"))


def filtered_floor(where: list[ColumnElement[bool]], cap: int) -> Select[Any]:
    """SQLite: where a filtered search's ranking starts: the cap-th newest match of "q" that
    passes where at or above "walked" (the lowest id of the words' newest FILTER_WALK
    matches, broad()'s answer for that many, 0 for NULL), else "walked" itself."""
    return select(func.coalesce(_nth_newest(where, cap, "n", WALKED), WALKED))


def ranked_sqlite(typed: bool, broad: bool, where: list[ColumnElement[bool]], limit: int) -> CTE:
    """SQLite's best `limit` matches of "q" (id, rank, typed, tie) from "floor" on that pass
    `where` (floor: broad()'s answer unfiltered, filtered_floor()'s with a where); typed:
    the matches of "typed" come first; broad (more matches than the rank cap): ranked by
    headline ("headline") then date, without bm25 (its IDF reads every posting list)."""
    f = fts.alias("f")
    floor: ColumnElement[Any] = FLOOR
    holds: ColumnElement[Any] = literal(0)
    if typed:
        holds = _within(f, TYPED, floor, "t")
    if broad:  # headline matches first, then the newest; no bm25
        headline = case((_within(f, HEADLINE, floor, "h"), TITLE_WEIGHT), else_=0)
        score: ColumnElement[float] = (headline + BODY_WEIGHT).label("rank")
        tie: ColumnElement[Any] = -f.c.rowid
    else:
        bm25 = func.bm25(literal_column("articles_fts"), TITLE_WEIGHT, BODY_WEIGHT, type_=Float)
        score, tie = (-bm25).label("rank"), f.c.rowid
    first = holds.label("typed")
    found = f.join(art, art.c.id == f.c.rowid) if where else f
    return (
        select(f.c.rowid.label("id"), score, first, tie.label("tie"))
        .select_from(found)
        .where(sqlite_match(Q), *where, f.c.rowid >= floor)
        .order_by(first.desc(), score.desc(), tie)
        .limit(limit)
        .cte("top")
    )


def _nth_newest(
    where: list[ColumnElement[bool]],
    n: int,
    name: str,
    bound: ColumnElement[Any] | None = None,
) -> ColumnElement[Any]:
    """The id of the n-th newest match of "q" (passing where, at or above bound), NULL when
    fewer: ranking starts there, so FTS5 walks its index from that id on."""
    m = fts.alias(name)
    query = (
        select(m.c.rowid)
        .select_from(m.join(art, art.c.id == m.c.rowid) if where else m)
        .where(sqlite_match(Q), *where)
    )
    if bound is not None:
        query = query.where(m.c.rowid >= bound)
    return (
        query.order_by(m.c.rowid.desc())
        .limit(1)
        .offset(n - 1)
        .correlate(None)  # its own articles_fts and articles, not the outer query's
        .scalar_subquery()
    )


def _within(
    f: FromClause, expression: ColumnElement[Any], floor: ColumnElement[Any], name: str
) -> ColumnElement[bool]:
    """The row of f is among the matches of expression at or above floor."""
    t = fts.alias(name)
    return f.c.rowid.in_(select(t.c.rowid).where(sqlite_match(expression), t.c.rowid >= floor))


def ranked(
    conn: Connection,
    expression: str,
    typed: str | None,
    where: list[ColumnElement[bool]],
    cap: int,
    limit: int,
    gin: bool = False,
) -> CTE:
    """PostgreSQL's best `limit` matches (id; rank, higher is better; typed; tie, the last
    order key) among the newest `cap` that pass `where` (conditions on articles): the GIN
    index finds them, then ts_rank reads only their tsvectors. typed: the words as typed,
    whose matches come first (None: no such order); gin: every match from the GIN index,
    then the newest (gin_first(); run it under bitmap_scans()), else a walk of the newest
    rows (with `where`, of the newest articles that pass it). SQLite's is ranked_sqlite()."""
    f = fts.alias("f")
    rows: FromClause
    if gin:
        # Every match from the GIN index, then the newest first. When every match must hold
        # a phrase, the index would read and test each match's row: it takes the loose
        # query's matches instead (reading no row), and the newest are tested against the
        # query until `cap` pass: "министр иностранных дел" at 100,000 articles, 4,997 rows
        # read before, 1,000 after (EXPLAIN ANALYZE: 110-179 -> 45-62 ms; docs/scale.md).
        bound = phrase_bound(expression)
        found = match(conn, expression, f)
        if bound:
            found = f.c.fts.op("@@")(tsquery(expression, loose=True))
        m = select(f.c.rowid.label("id")).where(found).cte("m").prefix_with("MATERIALIZED")
        newest = (
            select(m.c.id)
            .select_from(m.join(art, art.c.id == m.c.id) if where else m)
            .where(*where)
            .order_by(m.c.id.desc())
            .offset(0)  # a subquery kept whole: its order is the walk's
            .subquery("s")
        )
        row = _read_once(fts.c.fts, fts.c.rowid == newest.c.id)  # by its key, newest first
        rows = (
            select(newest.c.id, *_scores(conn, expression, typed, row))
            .select_from(newest.join(row, true()))
            .where(*([match(conn, expression, row)] if bound else []))
            .order_by(newest.c.id.desc())
            .limit(cap)
            .cte("cand")
        )
    elif where:  # the newest articles that pass `where`, then each one's row tested
        # The filters first: testing a row's tsvector costs 10-15 us, a filter on the article
        # about 1 ("Россия" --since 2024-06-01 at 100,000 articles: 4,224 tsvectors tested
        # for 1,000 matches among 1,203 dated articles, 63 ms; docs/scale.md).
        row = _read_once(fts.c.fts, fts.c.rowid == art.c.id)  # by its key, after the filters
        rows = (
            select(art.c.id, *_scores(conn, expression, typed, row))
            .select_from(art.join(row, true()))
            .where(*where, match(conn, expression, row))
            .order_by(art.c.id.desc())
            .limit(cap)
            .cte("cand")
        )
    else:  # the newest rows first, each tested (the planner's walk of the primary key)
        # Ranked as they are walked: reading the candidates' rows again (a join back to
        # articles_fts) made the planner hash all the table's rows to find the 1,000
        # ("Россия" at 100,000 articles, EXPLAIN ANALYZE: 76-88 -> 34-39 ms; docs/scale.md).
        row = _read_once(f.c.fts)
        rows = (
            select(f.c.rowid.label("id"), *_scores(conn, expression, typed, row))
            .select_from(f.join(art, art.c.id == f.c.rowid).join(row, true()))
            .where(match(conn, expression, row))
            .order_by(art.c.id.desc())
            .limit(cap)
            .cte("cand")
        )
    return (
        select(rows.c.id, rows.c.rank, rows.c.typed, rows.c.id.label("tie"))
        .order_by(rows.c.typed.desc(), rows.c.rank.desc(), rows.c.id)
        .limit(limit)
        .cte("top")
    )


def _read_once(column: ColumnElement[Any], *where: ColumnElement[bool]) -> FromClause:
    """PostgreSQL: a row's tsvector (`column`, of the row `where` picks) read once, as the
    lateral subquery "g" (g.fts), for the match, ts_rank and the typed-words test to share:
    each read it again from the TOAST table otherwise (10-15 us a read; "Россия" at 100,000
    articles, EXPLAIN ANALYZE: 36-44 -> 19-23 ms). setweight() with no lexeme is the identity
    that makes the copy."""
    copy = func.setweight(column, literal_column("'A'"), literal_column("'{}'::text[]"))
    held = select(copy.label("fts")).where(*where).correlate_except(fts)  # the outer row's
    return held.offset(0).lateral("g")  # OFFSET 0: run once a row, not merged into the outer


def _scores(
    conn: Connection, expression: str, typed: str | None, on: FromClause
) -> tuple[ColumnElement[float], ColumnElement[bool]]:
    """The rank of on's row for the query, and whether it holds the words as typed."""
    first = match(conn, typed, on) if typed else false()
    return rank(conn, expression, on).label("rank"), first.label("typed")


# PostgreSQL: what testing a row of the walk costs (reading its tsvector, out of line and
# compressed) against fetching a match the GIN index found (its row, for the id): at
# 100,000 articles, EXPLAIN ANALYZE: the walk 15-20 us a row ("Казахстан": 25,652 rows,
# 380 ms); GIN 10-13 us a match with the rows of revision 0019 (1.3 KB each), 2-8 us with
# the narrow rows of 0020 ("санкция", 11,200 matches: 114 -> 24 ms; a KB name's phrases
# are checked against the tsvector again, the dearer end).
WALK_COST = 3.0


def gin_first(
    conn: Connection, expression: str, cap: int, where: Sequence[ColumnElement[bool]] = ()
) -> bool:
    """PostgreSQL: whether the newest `cap` matches passing `where` are found for less by
    taking every match from the GIN index (and sorting them) than the planner's way. The
    planner's estimates (from its statistics of the tsvector's most common lexemes) say how
    many rows match (n): walking the rows from the newest reads about cap * rows / n rows,
    each at WALK_COST times a GIN match's cost, while GIN fetches n matches. The planner
    prices a row's test as nothing and walked a rare query's table to its end ("ОДКБ OR
    ШОС": 100,000 rows for 300 matches, 1.1 s). With filters, when fewer articles pass them
    (by the planner's estimate) than n / WALK_COST, the planner's plan is kept: it starts
    from those articles and tests each (--threat terrorism: 300 articles, 22 ms). The
    filters' share of the matches is not estimated: its guess ("few of the matches of
    "Россия" pass --threat terrorism", when most do) sent the search to GIN for 1-2 s."""
    f = fts.alias("f")
    n = _estimate(conn, select(f.c.rowid).where(match(conn, expression, f)))
    rows = _rows(conn)
    if n * n > WALK_COST * cap * max(rows, n):
        return False
    return not where or _estimate(conn, select(art.c.id).where(*where)) * WALK_COST >= n


# How long a connection keeps the search table's row count (the planner's, pg_class): it
# moves slowly, and reading it is a round trip on every search otherwise.
ROWS_KEPT_S = 60.0


def _rows(conn: Connection) -> float:
    """The search table's rows by the planner's count, read at most every ROWS_KEPT_S."""
    kept = conn.info.get("obzor_fts_rows")
    if kept is None or time.monotonic() - kept[1] > ROWS_KEPT_S:
        kept = (float(conn.execute(_ROWS).scalar() or 0.0), time.monotonic())
        conn.info["obzor_fts_rows"] = kept
    return float(kept[0])


_ROWS: Select[Any] = (
    select(literal_column("reltuples"))
    .select_from(table("pg_class"))
    .where(literal_column("oid") == literal_column("'articles_fts'::regclass"))
)


# The planner's choices that bitmap_scans() turns off: each row gives the setting it had.
_PLANS = ("enable_seqscan", "enable_mergejoin", "enable_hashjoin")
_settings = table("pg_settings", column("name"), column("setting"))
_PLANS_OFF: Select[Any] = select(
    _settings.c.name, _settings.c.setting, func.set_config(_settings.c.name, "off", False)
).where(_settings.c.name.in_(_PLANS))


@contextmanager
def bitmap_scans(conn: Connection, on: bool) -> Iterator[None]:
    """PostgreSQL: with on, the statements run inside read tables through their indexes
    and join row by row (no sequential scan, merge or hash join). The planner prices
    testing a row's tsvector as nothing, and would read every row of the search table
    (each tsvector out of line) to find what the GIN index holds ("Казахстан" at 100,000
    articles: 42 ms against 15), or join the matches to `articles` by walking all of
    `articles` ("Казахстан" --since 2024-06-01: 315 ms against 133). Set for the session
    (one statement, which reads what they were) and set back to that after; an error rolls
    the transaction back, and them with it."""
    if not on:
        yield
        return
    held = conn.execute(_PLANS_OFF).all()
    yield
    conn.execute(select(*(func.set_config(name, value, False) for name, value, _ in held)))


def _estimate(conn: Connection, query: Select[Any]) -> float:
    """The rows PostgreSQL's planner expects the query to give (EXPLAIN; nothing runs)."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar()
    found: Any = json.loads(plan) if isinstance(plan, str) else plan
    return float(found[0]["Plan"]["Plan Rows"])


# SQLite: a contentless FTS5 row is removed by a 'delete' command naming what it indexed.
_FTS_COMMAND = table(
    "articles_fts", column("articles_fts"), column("rowid"), column("title"), column("body")
)


def indexed(conn: Connection, article_id: int) -> tuple[str, str] | None:
    """The title's and the body's lemma text the index holds for an article (None: none)."""
    held, key = _held(conn)
    row = conn.execute(select(held.c.title, held.c.body).where(key == article_id)).first()
    return None if row is None else (str(row[0]), str(row[1]))


def bodies(conn: Connection, article_ids: list[int]) -> dict[int, str]:
    """The body's lemma text the index holds for each of the articles that has one."""
    return {i: body for i, (_, body) in held_texts(conn, article_ids).items()}


def held_texts(conn: Connection, article_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The title's and the body's lemma text the index holds for each article that has one."""
    held, key = _held(conn)
    rows = conn.execute(select(key, held.c.title, held.c.body).where(key.in_(article_ids)))
    return {int(i): (str(title), str(body)) for i, title, body in rows}


def _held(conn: Connection) -> tuple[TableClause, ColumnClause[Any]]:
    """The table that keeps the indexed lemma text, and its article id column."""
    if conn.dialect.name == "sqlite":
        return lemma_text, lemma_text.c.article_id
    return fts, fts.c.rowid


def reindex(conn: Connection, article_id: int, title: str, body: str) -> bool:
    """Index an article's lemmas anew where they differ from what the index holds; whether
    they did (an article with no index row gets one)."""
    old = indexed(conn, article_id)
    if old == (title, body):
        return False
    if old is None:
        index(conn, article_id, title, body)
    elif conn.dialect.name == "sqlite":
        delete = insert(_FTS_COMMAND).values(
            articles_fts="delete", rowid=article_id, title=old[0], body=old[1]
        )
        conn.execute(delete)
        conn.execute(insert(fts).values(rowid=article_id, title=title, body=body))
        conn.execute(
            update(lemma_text)
            .where(lemma_text.c.article_id == article_id)
            .values(title=title, body=body)
        )
    else:
        conn.execute(update(fts).where(fts.c.rowid == article_id).values(title=title, body=body))
    return True
