"""Counts kept at write time, so the overviews (summary, entities, the dashboard) read a few
rows instead of aggregating whole tables (issue 14; at a million articles those took 25-80 s).

Two places hold them: each entity row's `articles` and `mentions` (the articles naming it and
its mentions), and the `tallies` table (kind, key, n): the articles in all, per language, per
outlet and per threat category (score at least MIN_SCORE), and the mentions in all. `count()`
adds one article's share inside its add; `recount()` rebuilds every count from the rows
(Alembic revision 0012, and bench/grow.py after copying rows in SQL).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, literal, select, update

from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.schema import outlets, tallies
from obzor.store.schema import threats as th

# A key for "none" (an article without language or outlet): the tally's key is part of its
# primary key, so it cannot be NULL; stats() names it "unknown", as it did when it grouped.
NONE = ""
KINDS = ("articles", "language", "outlet", "threat", "mentions")
_BUMP = (
    update(tallies)
    .where(tallies.c.kind == bindparam("b_kind"), tallies.c.key == bindparam("b_key"))
    .values(n=tallies.c.n + bindparam("b_n"))
)
_NEW = insert(tallies).values(kind=bindparam("b_kind"), key=bindparam("b_key"), n=bindparam("b_n"))
_ENTITY = (
    update(ent)
    .where(ent.c.id == bindparam("b_id"))
    .values(articles=ent.c.articles + 1, mentions=ent.c.mentions + bindparam("b_n"))
)


def count(
    conn: Connection,
    language: str | None,
    outlet: str | None,
    categories: list[str],
    entity_ids: list[int],
) -> None:
    """Add one stored article to the counts: its language, outlet, threat categories (those
    at MIN_SCORE or more) and the entity row of each of its mentions."""
    bumps = [("articles", NONE, 1), ("language", language or NONE, 1)]
    bumps += [("outlet", outlet or NONE, 1), ("mentions", NONE, len(entity_ids))]
    bumps += [("threat", c, 1) for c in dict.fromkeys(categories)]
    for kind, key, by in bumps:
        params = {"b_kind": kind, "b_key": key, "b_n": by}
        if conn.execute(_BUMP, params).rowcount == 0:  # the writer holds the write lock
            conn.execute(_NEW, params)
    per = Counter(entity_ids)
    if per:
        conn.execute(_ENTITY, [{"b_id": e, "b_n": n} for e, n in per.items()])


def recount(conn: Connection) -> None:
    """Every count again from the rows (after rows were written without count())."""
    from obzor.store.threats import MIN_SCORE

    n = func.count()
    conn.execute(
        update(ent).values(
            articles=select(func.count(men.c.article_id.distinct()))
            .where(men.c.entity_id == ent.c.id)
            .scalar_subquery(),
            mentions=select(func.count()).where(men.c.entity_id == ent.c.id).scalar_subquery(),
        )
    )
    conn.execute(delete(tallies))
    language = func.coalesce(art.c.language, NONE)
    outlet = func.coalesce(outlets.c.name, NONE)
    rows: list[Any] = [
        select(literal("articles"), literal(NONE), n).select_from(art),
        select(literal("language"), language, n).group_by(language),
        select(literal("outlet"), outlet, n)
        .select_from(art.outerjoin(outlets, outlets.c.id == art.c.outlet_id))
        .group_by(outlet),
        select(literal("threat"), th.c.category, n)
        .where(th.c.score >= MIN_SCORE)
        .group_by(th.c.category),
        select(literal("mentions"), literal(NONE), n).select_from(men),
    ]
    for query in rows:
        conn.execute(insert(tallies).from_select(["kind", "key", "n"], query))


def read(conn: Connection, kind: str) -> dict[str, int]:
    """One kind's counts, largest first (ties by key), none at zero."""
    rows = conn.execute(
        select(tallies.c.key, tallies.c.n)
        .where(tallies.c.kind == kind, tallies.c.n > 0)
        .order_by(tallies.c.n.desc(), tallies.c.key)
    )
    return {str(k): int(v) for k, v in rows}
