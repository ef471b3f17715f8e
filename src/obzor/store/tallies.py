"""Counts kept at write time, so the overviews (summary, entities, the dashboard) read a few
rows instead of aggregating whole tables (issue 14; at a million articles those took 25-80 s).

Three places hold them: each entity row's `articles` and `mentions` (the articles naming it
and its mentions); the `tallies` table (kind, key, n): the articles in all, per language, per
outlet and per threat category (score at least MIN_SCORE), the mentions in all, and the
trends' totals ("trend:entity", "trend:country", "trend:threat": dated articles per name or
category); and `tally_days` (kind, key, day, n): those dated articles per day. `count()` adds
one article's share inside its add; `recount()` rebuilds every count from the rows (Alembic
revision 0012, and bench/grow.py's caller after copying rows in SQL).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    update,
)

from obzor.store.dialect import upsert
from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.schema import outlets, tallies, tally_days
from obzor.store.schema import threats as th

# A key for "none" (an article without language or outlet): the tally's key is part of its
# primary key, so it cannot be NULL; stats() names it "unknown", as it did when it grouped.
NONE = ""
TRENDS = ("entity", "country", "threat")  # what trends() counts by; a country is a LOC name
_ENTITY = (
    update(ent)
    .where(ent.c.id == bindparam("b_id"))
    .values(articles=ent.c.articles + 1, mentions=ent.c.mentions + bindparam("b_n"))
)


def _adding(conn: Connection, table: Any, key: list[str]) -> Any:
    """INSERT that adds n to the row's n when the row is there (both databases)."""
    new = upsert(conn, table)
    return new.on_conflict_do_update(index_elements=key, set_={"n": table.c.n + new.excluded.n})


def count(
    conn: Connection,
    published: str | None,
    language: str | None,
    outlet: str | None,
    categories: list[str],
    entity_ids: list[int],
) -> None:
    """Add one stored article to the counts: its language, outlet, threat categories (those
    at MIN_SCORE or more), the entity row of each of its mentions, and when it is dated the
    names (countries: LOC names) and categories of its day."""
    bumps = [("articles", NONE, 1), ("language", language or NONE, 1)]
    bumps += [("outlet", outlet or NONE, 1), ("mentions", NONE, len(entity_ids))]
    bumps += [("threat", c, 1) for c in dict.fromkeys(categories)]
    days: list[tuple[str, str]] = []
    if published is not None:
        named = conn.execute(
            select(ent.c.type, ent.c.name).distinct().where(ent.c.id.in_(set(entity_ids)))
        )
        trend = {("country" if t == "LOC" else "entity", str(n)) for t, n in named}
        days = sorted(trend | {("threat", c) for c in dict.fromkeys(categories)})
        bumps += [(f"trend:{kind}", key, 1) for kind, key in days]
    conn.execute(
        _adding(conn, tallies, ["kind", "key"]),
        [{"kind": k, "key": key, "n": n} for k, key, n in bumps],
    )
    if days:
        day = (published or "")[:10]
        conn.execute(
            _adding(conn, tally_days, ["kind", "key", "day"]),
            [{"kind": k, "key": key, "day": day, "n": 1} for k, key in days],
        )
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
    conn.execute(delete(tally_days))
    language = func.coalesce(art.c.language, NONE)
    outlet = func.coalesce(outlets.c.name, NONE)
    counts: list[Any] = [
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
    for query in counts:
        conn.execute(insert(tallies).from_select(["kind", "key", "n"], query))
    day = func.substr(art.c.published, 1, 10)
    dated = art.c.published.is_not(None)
    named = art.join(men, men.c.article_id == art.c.id).join(ent, ent.c.id == men.c.entity_id)
    kinds: dict[str, tuple[Any, ColumnElement[bool]]] = {
        "entity": (named, ent.c.type != "LOC"),
        "country": (named, ent.c.type == "LOC"),
    }
    for kind, (joined, which) in kinds.items():
        per_day = (
            select(literal(kind), ent.c.name, day, func.count(art.c.id.distinct()))
            .select_from(joined)
            .where(dated, which)
            .group_by(ent.c.name, day)
        )
        conn.execute(insert(tally_days).from_select(["kind", "key", "day", "n"], per_day))
    threats = (
        select(literal("threat"), th.c.category, day, n)
        .select_from(th.join(art, art.c.id == th.c.article_id))
        .where(dated, th.c.score >= MIN_SCORE)
        .group_by(th.c.category, day)
    )
    conn.execute(insert(tally_days).from_select(["kind", "key", "day", "n"], threats))
    for kind in TRENDS:
        total = (
            select(literal(f"trend:{kind}"), tally_days.c.key, func.sum(tally_days.c.n))
            .where(tally_days.c.kind == kind)
            .group_by(tally_days.c.key)
        )
        conn.execute(insert(tallies).from_select(["kind", "key", "n"], total))


def read(conn: Connection, kind: str, limit: int | None = None) -> dict[str, int]:
    """One kind's counts, largest first (ties by key), none at zero."""
    rows = conn.execute(
        select(tallies.c.key, tallies.c.n)
        .where(tallies.c.kind == kind, tallies.c.n > 0)
        .order_by(tallies.c.n.desc(), tallies.c.key)
        .limit(limit)
    )
    return {str(k): int(v) for k, v in rows}


def days(conn: Connection, kind: str, keys: list[str]) -> list[tuple[str, str, int]]:
    """(key, day, articles) of the trend kind for keys."""
    rows = conn.execute(
        select(tally_days.c.key, tally_days.c.day, tally_days.c.n).where(
            tally_days.c.kind == kind, tally_days.c.key.in_(keys)
        )
    )
    return [(str(k), str(d), int(v)) for k, d, v in rows]
