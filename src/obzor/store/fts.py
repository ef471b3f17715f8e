"""The full-text index, by dialect: FTS5 MATCH in SQLite, a tsvector and tsquery in PostgreSQL.

Both index the same lemmas (articles_fts: rowid = articles.id, title, body; made by the
Alembic baseline) and read the same parsed query (store/query.py writes it in FTS5 syntax;
tsquery() below turns that into a PostgreSQL tsquery, every word a bound parameter).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Connection, column, func, literal_column, select, table

from obzor.store.base import QueryError
from obzor.store.schema import articles as art

fts = table("articles_fts", column("rowid"), column("title"), column("body"), column("fts"))
# The index holds lemmas as they are: no stemming, no stop words (query.py lemmatized already).
CONFIG: ColumnElement[Any] = literal_column("'simple'::regconfig")
_TOKEN = re.compile(r'"(?:[^"]|"")*"|\*|\(|\)|AND|OR|NOT|\s+')


def match(conn: Connection, expression: str) -> ColumnElement[bool]:
    """The index row matches a query (FTS5 syntax, as query.parse writes it)."""
    if conn.dialect.name == "postgresql":
        return fts.c.fts.op("@@")(tsquery(expression))
    return literal_column("articles_fts").op("MATCH")(expression)


def matching(conn: Connection, expression: str) -> ColumnElement[bool]:
    """articles.id is an article whose index row matches the query."""
    return art.c.id.in_(select(fts.c.rowid).where(match(conn, expression)))


def tsquery(expression: str) -> ColumnElement[Any]:
    """The PostgreSQL tsquery that an FTS5 expression (as query.parse writes it) means."""
    found = _TOKEN.findall(expression)
    tokens = [t for t in found if not t.isspace()]
    if "".join(found) != expression:
        raise QueryError(f"internal: cannot translate search expression {expression!r}")
    pos, node = _node(tokens, 0)
    if pos != len(tokens):
        raise QueryError(f"internal: trailing tokens in search expression {expression!r}")
    return node


def _node(tokens: list[str], i: int) -> tuple[int, ColumnElement[Any]]:
    tok = tokens[i]
    if tok == "(":
        i, left = _node(tokens, i + 1)
        op = tokens[i]
        i, right = _node(tokens, i + 1)
        if tokens[i] != ")":
            raise QueryError("internal: unbalanced search expression")
        if op == "NOT":
            return i + 1, func.tsquery_and(left, func.tsquery_not(right))
        return i + 1, (func.tsquery_and if op == "AND" else func.tsquery_or)(left, right)
    if not tok.startswith('"'):
        raise QueryError(f"internal: unexpected {tok!r} in search expression")
    text = tok[1:-1].replace('""', '"')
    if i + 1 < len(tokens) and tokens[i + 1] == "*":
        return i + 2, func.to_tsquery(CONFIG, func.quote_literal(text).concat(":*"))
    return i + 1, func.phraseto_tsquery(CONFIG, text)
