"""What SQLite and PostgreSQL spell differently, as small named functions chosen by dialect."""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    Table,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
)

from obzor.store.schema import entities

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

# The dialects' packages are imported where used: a SQLite read command would otherwise load
# PostgreSQL's (with its asyncpg, pg8000, psycopg modules: 20-35 ms of start-up CPU).


def upsert(conn: Connection, table: Table) -> sqlite.Insert | postgresql.Insert:
    """INSERT with ON CONFLICT DO NOTHING / DO UPDATE (.on_conflict_do_*) for conn's database."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def order(conn: Connection, t: Table) -> ColumnElement[Any]:
    """Insertion order of a key-less table (credits, mentions): SQLite's rowid, PostgreSQL's
    ord column (made by the Alembic baseline)."""
    sqlite_ = conn.dialect.name == "sqlite"
    return literal_column(f"{t.name}.rowid" if sqlite_ else f"{t.name}.ord")


# The API's 500 hit ids as one bound parameter, "ids" (see id_set).
IDS: BindParameter[Any] = bindparam("ids")


@lru_cache(maxsize=2)
def id_set(dialect: str) -> Select[Any]:
    """A select of the ids bound as "ids" (its value from id_values): SQLite reads a JSON
    array with json_each, PostgreSQL unnests a bigint array. The statement is the same whatever
    the count, so it is built and compiled once: an IN list of the API's 500 hit ids was bound
    and compiled anew for every search, about 1 ms a statement (issue 18)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        typed = bindparam("ids", type_=ARRAY(BigInteger))
        return select(func.unnest(typed).label("value"))
    listed = func.json_each(IDS).table_valued("value")
    return select(cast(listed.c.value, BigInteger).label("value"))


def id_values(conn: Connection, ids: Collection[int]) -> dict[str, Any]:
    """The parameters of id_set's statement for ids."""
    listed = list(dict.fromkeys(int(i) for i in ids))  # each once: the joins count rows
    return {"ids": listed if conn.dialect.name == "postgresql" else json.dumps(listed)}


# pg_trgm similarity below this finds unrelated names; 0.3 is pg_trgm's own default.
FUZZY_THRESHOLD = 0.3


def candidates(conn: Connection, name: str) -> list[ColumnElement[bool]]:
    """Conditions narrowing entities to names that may be like name before they are scored
    (browse.similar): in PostgreSQL, pg_trgm word similarity (GIN index) to name or to its
    Cyrillic transliteration; in SQLite none (every name is scored)."""
    if conn.dialect.name != "postgresql":
        return []
    from obzor.nlp.translit import to_cyrillic

    names = entities.c.name
    return [
        or_(
            func.word_similarity(name, names) >= FUZZY_THRESHOLD,
            func.word_similarity(to_cyrillic(name), names) >= FUZZY_THRESHOLD,
        )
    ]
