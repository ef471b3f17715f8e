"""An FTS5 MATCH expression (from query.parse) -> a PostgreSQL tsquery expression, ? params."""

from __future__ import annotations

import re

from obzor.store.base import QueryError

_TOKEN = re.compile(r'"(?:[^"]|"")*"|\*|\(|\)|AND|OR|NOT|\s+')
_OPS = {"AND": "&&", "OR": "||"}
# The index holds lemmas as they are: no stemming, no stop words (query.py lemmatized already).
CONFIG = "simple"


def tsquery(match: str) -> tuple[str, list[str]]:
    """SQL for the tsquery that match (FTS5 syntax as query.parse writes it) means."""
    found = _TOKEN.findall(match)
    tokens = [t for t in found if not t.isspace()]
    if "".join(found) != match:
        raise QueryError(f"internal: cannot translate search expression {match!r}")
    params: list[str] = []
    pos, sql = _node(tokens, 0, params)
    if pos != len(tokens):
        raise QueryError(f"internal: trailing tokens in search expression {match!r}")
    return sql, params


def _node(tokens: list[str], i: int, params: list[str]) -> tuple[int, str]:
    tok = tokens[i]
    if tok == "(":
        i, left = _node(tokens, i + 1, params)
        op = tokens[i]
        i, right = _node(tokens, i + 1, params)
        if tokens[i] != ")":
            raise QueryError("internal: unbalanced search expression")
        if op == "NOT":
            return i + 1, f"({left} && !!{right})"
        return i + 1, f"({left} {_OPS[op]} {right})"
    if not tok.startswith('"'):
        raise QueryError(f"internal: unexpected {tok!r} in search expression")
    text = tok[1:-1].replace('""', '"')
    params.append(text)
    if i + 1 < len(tokens) and tokens[i + 1] == "*":
        return i + 2, f"to_tsquery('{CONFIG}', quote_literal(?) || ':*')"
    return i + 1, f"phraseto_tsquery('{CONFIG}', ?)"
